import ChiboModel
import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// Figures that reports take from what the store keeps beside the records (a meeting's attendance counts)
/// must be the figures the records give, right after any write that changes them.
@Suite struct ReportFreshnessTests {
    /// The cell's participation in `month`, as (present, expected).
    func participation(_ f: Fixture, _ month: String) async throws -> (Int, Int)? {
        let options = ReportOptions(
            kind: .participation, period: Period("2026")!, today: f.today, scope: "HB.LS.CY", officialID: nil, details: false,
            targetPercent: nil, reportDueDay: 5, language: .vi)
        let row = try await f.store.report(options).table("by_cell_month")?.rows.first { $0[2] == CalendarMonth(month)!.coded }
        guard case .ratio(let part, let whole) = row?[3] else { return nil }
        return (part, whole)
    }

    func members(_ f: Fixture) async throws {
        let since = try DayRange(from: f.day("01/01/2020"))
        for (id, name) in [("M2", "Hà Thị Lan"), ("M3", "Đinh Văn Hùng"), ("M4", "Bùi Thị Mai")] {
            _ = try await f.put([try Member(id: id, fullName: name), Membership(memberID: id, cellID: "HB.LS.CY.T01", days: since)])
        }
    }

    func meeting(_ f: Fixture, _ id: String, _ day: String, _ presence: [String: Presence]) throws -> Meeting {
        try Meeting(id: id, unitID: "HB.LS.CY.T01", date: f.day(day), kind: .regular, presence: presence, today: f.today)
    }

    @Test func everyWriteThatChangesParticipationChangesTheNextReport() async throws {
        let f = try await Fixture()
        try await members(f)
        #expect(try await participation(f, "2026-03") == nil)
        // Exempt on the list counts in neither figure.
        _ = try await f.put(
            try meeting(f, "K1", "03/03/2026", ["M1": .present, "M2": .present, "M3": .absentExcused, "M4": .exempt]))
        #expect(try await participation(f, "2026-03")! == (2, 3))
        // A second meeting in the month adds to both.
        _ = try await f.put(try meeting(f, "K2", "20/03/2026", ["M1": .present, "M2": .absentUnexcused, "M3": .present]))
        #expect(try await participation(f, "2026-03")! == (4, 6))
        // An exemption by status written later takes the member out of the meetings it covers, and only those.
        _ = try await f.put(
            try MemberStatusPeriod(
                memberID: "M2", status: .exempt, reason: "sức khỏe", days: DayRange(from: f.day("01/03/2026"), until: f.day("10/03/2026"))))
        #expect(try await participation(f, "2026-03")! == (3, 5))
        // Ending an open exemption early gives the days after back.
        _ = try await f.put(
            try MemberStatusPeriod(memberID: "M3", status: .exempt, reason: "tuổi cao", days: DayRange(from: f.day("15/03/2026"))))
        #expect(try await participation(f, "2026-03")! == (2, 4))
        _ = try await f.store.end(
            .memberStatus(memberID: "M3", status: .exempt), until: f.day("19/03/2026"), journal: f.journal(), idempotency: nil)
        #expect(try await participation(f, "2026-03")! == (3, 5))
        // A correction replaces the meeting it corrects, with its own list.
        _ = try await f.put(
            try Meeting(
                id: "K2b", unitID: "HB.LS.CY.T01", date: f.day("20/03/2026"), kind: .regular,
                presence: ["M1": .present, "M2": .present, "M3": .present], corrects: "K2", today: f.today))
        #expect(try await participation(f, "2026-03")! == (4, 5))
    }

    /// The tree and the cells are kept between reports of any kind and period: a committee and a cell written
    /// between two reports of the whole tree's participation are in the second one, the cell with its name.
    @Test func aNewCommitteeAndCellAreInTheNextParticipationReport() async throws {
        let f = try await Fixture()
        func participation() async throws -> Report {
            let options = ReportOptions(
                kind: .participation, period: Period("2026")!, today: f.today, scope: nil, officialID: nil, details: false,
                targetPercent: nil, reportDueDay: 5, language: .vi)
            return try await f.store.report(options)
        }
        func committees() async throws -> [ReportValue] { try await participation().table("by_committee")!.rows.map { $0[0] } }
        _ = try await f.put(try meeting(f, "K1", "03/03/2026", ["M1": .present]))
        #expect(try await committees() == [.text("HB"), .text("HB.LS"), .text("HB.LS.CY")])
        let since = try DayRange(from: f.day("01/01/2020"))
        _ = try await f.put([
            try PartyUnit(id: "HB.LS.TB", parentID: "HB.LS", name: "Đảng bộ xã Tân Vinh", level: "grassroots", active: since),
            try PartyUnit(id: "HB.LS.TB.T01", parentID: "HB.LS.TB", name: "Chi bộ xóm Bãi", level: "cell", active: since),
            try Member(id: "M9", fullName: "Quách Văn Đông"), Membership(memberID: "M9", cellID: "HB.LS.TB.T01", days: since),
            try Meeting(
                id: "K9", unitID: "HB.LS.TB.T01", date: f.day("05/03/2026"), kind: .regular, presence: ["M9": .present], today: f.today),
        ])
        #expect(try await committees() == [.text("HB"), .text("HB.LS"), .text("HB.LS.CY"), .text("HB.LS.TB")])
        let rows = try await participation().table("by_cell_month")!.rows
        #expect(rows.first { $0[0] == .text("HB.LS.TB.T01") }?[1] == .text("Chi bộ xóm Bãi"))
    }

    func report(_ f: Fixture, _ kind: ReportKind, official: String? = nil) async throws -> Report {
        try await f.store.report(
            ReportOptions(
                kind: kind, period: Period("2026")!, today: f.today, scope: nil, officialID: official, details: true, targetPercent: nil,
                reportDueDay: 5, language: .vi))
    }

    /// O1's visits as compliance lists them: visit, meeting, day.
    func visits(_ f: Fixture) async throws -> [String] {
        try await report(f, .compliance, official: "O1").table("visits")!.rows.map { row in
            [3, 4, 6].map { row[$0].formatted(.vi) }.joined(separator: " ")
        }
    }

    /// Compliance and visits by level read their facts once and keep them; every write that changes them is
    /// seen by the next report, and writes that cannot change them leave the kept facts in use.
    @Test func keptFactsAreNeverServedAfterAWriteThatChangesThem() async throws {
        let f = try await Fixture()
        try await members(f)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("rules/yen-bai-18-2019.rules"), encoding: .utf8)
        _ = try await f.store.putRuleSet(
            try RuleSetParser(knownLevels: Set(Level.standard.map(\.code))).parse(text), source: text, unitIDs: ["HB"],
            keyID: Fixture.keyID, at: 0, journal: f.journal(), idempotency: nil, result: { $0 })
        #expect(try await visits(f) == [])
        let empty = try await report(f, .compliance)
        // A meeting that corrects nothing leaves the kept facts as they are.
        _ = try await f.put(try meeting(f, "H1", "03/03/2026", ["M1": .present]))
        let generations = f.store.warmFacts.generations
        #expect(try await report(f, .compliance) == empty)
        // A visit is seen at once, by both reports.
        _ = try await f.put(try Visit(id: "V1", meetingID: "H1", officialID: "O1"))
        #expect(f.store.warmFacts.generations[.visits] > generations[.visits])
        #expect(try await visits(f) == ["V1 H1 03/03/2026"])
        #expect(try await report(f, .visitsByLevel).table("by_level")!.rows.last![1] == .integer(1))
        // A correction of the meeting moves the visit to the correction's day.
        _ = try await f.put(
            try Meeting(
                id: "H1b", unitID: "HB.LS.CY.T01", date: f.day("10/03/2026"), kind: .regular, presence: ["M1": .present], corrects: "H1",
                today: f.today))
        #expect(try await visits(f) == ["V1 H1b 10/03/2026"])
        // An assignment binds the official to the rules: the visit is judged by one.
        let unbound = try await report(f, .compliance, official: "O1")
        #expect(unbound.table("visits")!.rows.map { $0[7].code } == ["no_rule"])
        _ = try await f.put(
            try Assignment(
                id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
                unitIDs: ["HB.LS.CY", "HB.LS.CY.T01"], valid: try DayRange(from: f.day("15/01/2026"))))
        let bound = try await report(f, .compliance, official: "O1")
        #expect(bound.table("officials")!.rows.isEmpty == false)
        #expect(bound.table("visits")!.rows.map { $0[7].code } != ["no_rule"])
        // Ending the position (an update, not an insert) before the visit is seen too.
        _ = try await f.store.end(
            .position(officialID: "O1", committeeID: "HB.LS", role: .standingMember), until: f.day("28/02/2026"), journal: f.journal(),
            idempotency: nil)
        let ended = try await report(f, .compliance, official: "O1")
        #expect(ended.table("officials") != bound.table("officials"))
        #expect(ended.table("visits") != bound.table("visits"))
        // The facts are kept in parts, each read again only after a write to its own tables: an exemption of an
        // official's own membership is seen at once, and leaves the officials, the visits and the tree as read.
        _ = try await f.put([
            try Official(id: "O2", fullName: "Hà Thị Lan", memberID: "M2"),
            Position(officialID: "O2", committeeID: "HB.LS", role: .standingMember, term: try DayRange(from: f.day("01/10/2020"))),
            try Assignment(
                id: "A2", decisionNumber: "126-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O2", unitIDs: ["HB.LS.CY"],
                valid: try DayRange(from: f.day("15/01/2026"))),
        ])
        #expect(try await report(f, .compliance).table("officials")!.rows.contains { $0[0] == .text("O2") })
        let before = f.store.warmFacts.generations
        _ = try await f.put(
            try MemberStatusPeriod(memberID: "M2", status: .exempt, reason: "sức khỏe", days: DayRange(from: f.day("01/01/2026"))))
        let after = f.store.warmFacts.generations
        #expect(after[.members] > before[.members])
        #expect(after[.officials] == before[.officials] && after[.visits] == before[.visits] && after[.tree] == before[.tree])
        // Visits by level reads no memberships: it goes first, and compliance still reads them again after it.
        #expect(try await report(f, .visitsByLevel).table("by_level")!.rows.last![1] == .integer(1))
        #expect(try await report(f, .compliance).table("officials")!.rows.contains { $0[0] == .text("O2") } == false)
    }

    /// Coverage takes its officials, positions and assignments from what compliance keeps: after each write of
    /// them it is the report built from the records read afresh.
    @Test func coverageFromKeptFactsIsCoverageFromTheRecords() async throws {
        let f = try await Fixture()
        let options = ReportOptions(
            kind: .coverage, period: Period("2026")!, today: f.today, scope: nil, officialID: nil, details: true, targetPercent: nil,
            reportDueDay: 5, language: .vi)
        func check(_ comment: Comment) async throws -> Report {
            let kept = try await f.store.report(options)
            let fresh = try await f.store.pool.read { db in
                let tree = try ReportReader.tree(db)
                return CoverageReport.build(
                    cells: try ReportReader.cells(scope: nil, db), officials: try ReportReader.officials(db),
                    positions: try ReportReader.positions(db), assignments: try ReportReader.assignments(db), tree: tree,
                    levels: try ReportReader.levels(db, tree: tree), scope: nil, on: options.asOf, language: .vi, details: true)
            }
            #expect(kept == fresh, comment)
            return kept
        }
        let first = try await check("no assignment")
        _ = try await f.put(
            try Assignment(
                id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
                unitIDs: ["HB.LS.CY", "HB.LS.CY.T01"], valid: try DayRange(from: f.day("15/01/2026"))))
        let assigned = try await check("an assignment")
        _ = try await f.put([
            try Official(id: "O2", fullName: "Hà Thị Lan"),
            Position(officialID: "O2", committeeID: "HB.LS", role: .standingMember, term: try DayRange(from: f.day("01/10/2020"))),
        ])
        let added = try await check("an official and a position")
        _ = try await f.store.end(
            .position(officialID: "O2", committeeID: "HB.LS", role: .standingMember), until: f.day("28/02/2026"), journal: f.journal(),
            idempotency: nil)
        let ended = try await check("a position ended")
        // Each write changed the report; ended on a day before the report's, O2's position counts no more.
        #expect(assigned != first && added != assigned && ended != added)
        #expect(ended == assigned)
    }

    /// New visits are taken into kept facts one by one, not by reading the period again, and the kept visits are
    /// then the ones a fresh read gives; a visit that corrects another makes the period be read again.
    @Test func newVisitsAreTakenInWithoutReadingThePeriodAgain() async throws {
        let f = try await Fixture()
        try await members(f)
        let year = Period("2026")!
        let store = f.store
        func kept() async throws -> Set<String> {
            let before = store.warmFacts.generations
            return try await Set(
                store.pool.read { db in
                    try store.warmFacts.complianceFacts(from: year.first, until: year.last, before: before, db).visits.map {
                        "\($0.visitID) \($0.date.iso)"
                    }
                })
        }
        func fresh() async throws -> Set<String> {
            try await Set(
                store.pool.read { db in
                    try ReportReader.visits(from: year.first, until: year.last, scope: nil, db).map { "\($0.visitID) \($0.date.iso)" }
                })
        }
        _ = try await f.put(try meeting(f, "H1", "03/03/2026", ["M1": .present]))
        _ = try await f.put(try meeting(f, "H2", "04/04/2026", ["M1": .present]))
        #expect(try await kept() == [])
        let reads = f.store.warmFacts.periodVisitReads
        _ = try await f.put(try Visit(id: "V1", meetingID: "H1", officialID: "O1"))
        _ = try await f.put(try Visit(id: "V2", meetingID: "H2", officialID: "O1"))
        #expect(try await kept() == ["V1 2026-03-03", "V2 2026-04-04"])
        #expect(try await kept() == (try await fresh()))
        #expect(f.store.warmFacts.periodVisitReads == reads)
        _ = try await f.put(try Visit(id: "V2b", meetingID: "H2", officialID: "O1", corrects: "V2"))
        #expect(try await kept() == ["V1 2026-03-03", "V2b 2026-04-04"])
        #expect(f.store.warmFacts.periodVisitReads == reads + 1)
        // A visit committed after a report took its counts and before its snapshot began is in what that report
        // reads; the next report must not take it in a second time.
        let raced = store.warmFacts.generations
        _ = try await f.put(try meeting(f, "H3", "05/05/2026", ["M1": .present]))
        _ = try await f.put(try Visit(id: "V3", meetingID: "H3", officialID: "O1"))
        let first = try await store.pool.read { db in
            try store.warmFacts.complianceFacts(from: year.first, until: year.last, before: raced, db).visits.count
        }
        let current = store.warmFacts.generations
        let next = try await store.pool.read { db in
            try store.warmFacts.complianceFacts(from: year.first, until: year.last, before: current, db).visits.count
        }
        #expect(first == 3 && next == 3)
    }

    @Test func theCountsOfMeetingsWrittenBeforeTheyWereKeptAreFilledIn() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue, upTo: "2026-12-02 upstream")
        try queue.write { db in
            for id in ["A", "B"] {
                try db.execute(
                    sql: """
                        INSERT INTO meeting (id, unitID, date, kind, online, committeeMetFirst, topic, resolution)
                        VALUES (?, 'U', '2026-03-03', 'regular', 0, 0, '', '')
                        """, arguments: [id])
            }
            for (member, presence) in [("M1", "present"), ("M2", "present"), ("M3", "absent_excused"), ("M4", "exempt")] {
                try db.execute(
                    sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES ('A', ?, ?)", arguments: [member, presence])
            }
            try db.execute(
                sql:
                    "INSERT INTO memberStatus (memberID, status, reason, fromDay, untilDay) VALUES ('M2', 'exempt', 'x', '2026-03-01', '2026-03-03')"
            )
        }
        try Migrations.migrator.migrate(queue)
        let counts = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, presentCount, expectedCount FROM meeting ORDER BY id").map {
                "\($0["id"] as String) \($0["presentCount"] as Int)/\($0["expectedCount"] as Int)"
            }
        }
        #expect(counts == ["A 1/2", "B 0/0"])
        // From now on a change to an exemption counts the member's meetings again, whichever way it is made.
        try queue.write { try $0.execute(sql: "DELETE FROM memberStatus") }
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT presentCount FROM meeting WHERE id = 'A'") } == 2)
    }
}
