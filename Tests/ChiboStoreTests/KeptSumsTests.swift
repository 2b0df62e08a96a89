import ChiboModel
import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// What the store keeps summed beside the meetings (`CellMonthSums`, `ExcusedCounts`) must agree with the
/// meetings and presence rows themselves after every kind of write that changes them.
@Suite struct KeptSumsTests {
    func members(_ f: Fixture) async throws {
        let since = try DayRange(from: f.day("01/01/2020"))
        for (id, name) in [("M2", "Hà Thị Lan"), ("M3", "Đinh Văn Hùng"), ("M4", "Bùi Thị Mai")] {
            _ = try await f.put([try Member(id: id, fullName: name), Membership(memberID: id, cellID: "HB.LS.CY.T01", days: since)])
        }
    }

    func meeting(
        _ f: Fixture, _ id: String, _ day: String, _ presence: [String: Presence], kind: MeetingKind = .regular,
        score: Int? = nil, speakers: Int? = nil, corrects: String? = nil
    ) throws -> Meeting {
        try Meeting(
            id: id, unitID: "HB.LS.CY.T01", date: f.day(day), kind: kind, speakers: speakers, score: score, presence: presence,
            corrects: corrects, today: f.today)
    }

    /// The meetings whose kept counts are not what their presence rows and the members' exemptions give.
    func miscounted(_ f: Fixture) async throws -> [String] {
        try await f.store.pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM meeting WHERE presentCount != \(MeetingCounts.present) OR expectedCount != \(MeetingCounts.expected)")
        }
    }

    /// The kept sums of every month, and the same summed from the latest meetings, as text to compare; and whether
    /// the months the reports keep between them (`KeptCellMonths`), for the year, a quarter and a scope, are the
    /// table's.
    func sums(_ f: Fixture) async throws -> (kept: [String], meetings: [String], reportsKeepTheTable: Bool) {
        let (year, months) = (Period("2026")!, f.store.keptMonths)
        return try await f.store.pool.read { db in
            let kept = try ReportReader.cellMonths(year, scope: nil, db)
            let summed = CellMonthFacts.summing(
                try ReportReader.meetings(from: year.first, until: year.last, scope: nil, db),
                reports: try ReportReader.monthlyReports(from: year.first, until: year.last, scope: nil, db))
            // A kept month whose meetings were all corrected away, and that has no report, stands for nothing.
            func text(_ sums: [CellMonthFacts]) -> [String] {
                sums.filter { $0.meetings > 0 || $0.reportSubmittedOn != nil }.map {
                    "\($0.unitID) \($0.month.iso) \($0.meetings) \($0.regular) \($0.present)/\($0.expected) "
                        + "\($0.scored):\($0.scoreTotal) \($0.counted):\($0.speakers) \($0.reportSubmittedOn?.iso ?? "-")"
                }.sorted()
            }
            var keepTheTable = true
            let tree = try ReportReader.tree(db)
            for (period, scope) in [(year, nil), (Period("2026-Q2")!, nil), (year, "HB.LS.CY"), (year, "HB.LS.XX")] as [(Period, String?)] {
                let table = try ReportReader.cellMonths(period, scope: scope, db)
                let reports = try months.months(period, including: scope.map { scope in { tree.isWithin($0, scope) } }, db)
                keepTheTable = keepTheTable && reports == table
            }
            return (text(kept), text(summed), keepTheTable)
        }
    }

    @Test func monthSumsAreTheMeetingsOwnAfterEveryWrite() async throws {
        let f = try await Fixture()
        try await members(f)
        var seen: [[String]] = []
        func check(_ comment: Comment) async throws {
            let (kept, meetings, reportsKeepTheTable) = try await sums(f)
            #expect(kept == meetings, comment)
            #expect(reportsKeepTheTable, comment)
            #expect(try await miscounted(f) == [], comment)
            seen.append(kept)
        }
        _ = try await f.put(
            try meeting(f, "K1", "03/03/2026", ["M1": .present, "M2": .present, "M3": .absentExcused], score: 92, speakers: 2))
        try await check("a new meeting")
        _ = try await f.put(
            try MonthlyReport(
                unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-03")!, submittedOn: f.day("04/04/2026"), submittedBy: "Bí thư",
                today: f.today))
        try await check("the month's report")
        _ = try await f.put(
            try MonthlyReport(
                unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-06")!, submittedOn: f.day("10/07/2026"), submittedBy: "Bí thư",
                today: f.today))
        try await check("a report of a month without meetings")
        _ = try await f.put(try meeting(f, "K2", "20/03/2026", ["M1": .present, "M2": .absentUnexcused], kind: .thematic, score: 70))
        try await check("a second meeting in the month")
        _ = try await f.put(try meeting(f, "C1", "01/04/2026", ["M1": .present], kind: .cellCommittee))
        try await check("a cell committee meeting, not summed")
        _ = try await f.put(
            try MemberStatusPeriod(
                memberID: "M2", status: .exempt, reason: "sức khỏe", days: DayRange(from: f.day("01/03/2026"), until: f.day("10/03/2026"))))
        try await check("an exemption counts the meetings it covers again")
        _ = try await f.put(try meeting(f, "K1b", "05/04/2026", ["M1": .present, "M4": .present], speakers: 1, corrects: "K1"))
        try await check("a correction moves the meeting to another month")
        _ = try await f.put(
            try MemberStatusPeriod(memberID: "M1", status: .exempt, reason: "tuổi cao", days: DayRange(from: f.day("01/03/2026"))))
        try await check("an exemption of a member of a corrected meeting and of its correction")
        _ = try await f.put(
            try meeting(f, "C1b", "02/04/2026", ["M3": .present, "M1": .present], kind: .regular, score: 40, corrects: "C1"))
        try await check("a cell committee meeting corrected into a regular one, with a member exempt that day")
        _ = try await f.put(try meeting(f, "K2b", "21/03/2026", ["M3": .present], kind: .cellCommittee, corrects: "K2"))
        try await check("a thematic meeting corrected into a cell committee one")
        _ = try await f.store.end(
            .memberStatus(memberID: "M1", status: .exempt), until: f.day("02/04/2026"), journal: f.journal(), idempotency: nil)
        try await check("an exemption ended early")
        _ = try await f.put(try meeting(f, "K1c", "05/04/2026", ["M2": .present], corrects: "K1b"))
        try await check("a correction of a correction")
        // After the first reading, each write's months were read again alone.
        #expect(f.store.keptMonths.reads.full == 1)
        #expect(f.store.keptMonths.reads.catchUps == seen.count - 2)
        // The checks compared something that changed: every write above moved the sums.
        #expect(Set(seen).count == seen.count - 1, "only the cell committee meeting leaves the sums as they were")
        #expect(
            seen.last == [
                "HB.LS.CY.T01 2026-03 0 0 0/0 0:0 0:0 2026-04-04", "HB.LS.CY.T01 2026-04 2 2 2/2 1:40 0:0 -",
                "HB.LS.CY.T01 2026-06 0 0 0/0 0:0 0:0 2026-07-10",
            ])
    }

    /// Each member's excused absences from regular meetings by year, as kept and as the presence rows give them
    /// (over every meeting written, corrected or not: the counts say who may have a run).
    func excused(_ f: Fixture) async throws -> (kept: [String], rows: [String]) {
        try await f.store.pool.read { db in
            let kept = try String.fetchAll(
                db, sql: "SELECT year || ' ' || memberID || ' ' || meetings FROM excusedRegularCount ORDER BY year, memberID")
            let rows = try String.fetchAll(
                db,
                sql: """
                    SELECT substr(m.date, 1, 4) || ' ' || a.memberID || ' ' || COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meetingID
                    WHERE a.presence = 'absent_excused' AND m.kind = 'regular' GROUP BY substr(m.date, 1, 4), a.memberID
                    ORDER BY substr(m.date, 1, 4), a.memberID
                    """)
            return (kept, rows)
        }
    }

    /// Members absent with excuse more than three regular meetings in a row, as participation lists them.
    func runs(_ f: Fixture) async throws -> [String] {
        let report = try await f.store.report(
            ReportOptions(
                kind: .participation, period: Period("2026")!, today: f.today, scope: "HB.LS", officialID: nil, details: false,
                targetPercent: nil, reportDueDay: 5, language: .vi))
        return report.table("excused_runs")!.rows.map { row in row.map { $0.formatted(.vi) }.joined(separator: " ") }
    }

    @Test func excusedRunsAreFoundFromTheKeptCountsAndThePresenceRows() async throws {
        let f = try await Fixture()
        try await members(f)
        for month in 1...4 {
            _ = try await f.put(
                try meeting(f, "R\(month)", "03/0\(month)/2026", ["M1": .present, "M2": .absentExcused, "M3": .absentExcused]))
        }
        // Four in a row for M2 and M3, and the same absences at a thematic meeting count for neither.
        _ = try await f.put(try meeting(f, "T1", "10/02/2026", ["M4": .absentExcused], kind: .thematic))
        #expect(try await runs(f) == ["M2 HB.LS.CY.T01 03/01/2026 03/04/2026 4", "M3 HB.LS.CY.T01 03/01/2026 03/04/2026 4"])
        var (kept, rows) = try await excused(f)
        #expect(kept == rows && kept == ["2026 M2 4", "2026 M3 4"])
        // A correction that has M3 present breaks M3's run; the counts still hold the corrected meeting's absence.
        _ = try await f.put(
            try meeting(f, "R2b", "03/02/2026", ["M1": .present, "M2": .absentExcused, "M3": .present], corrects: "R2"))
        #expect(try await runs(f) == ["M2 HB.LS.CY.T01 03/01/2026 03/04/2026 4"])
        (kept, rows) = try await excused(f)
        #expect(kept == rows && kept == ["2026 M2 5", "2026 M3 4"])
        // Three in a row is not a run; a run is within a calendar year.
        _ = try await f.put(try meeting(f, "P1", "03/12/2025", ["M3": .absentExcused, "M4": .absentExcused]))
        (kept, rows) = try await excused(f)
        #expect(kept == rows && kept == ["2025 M3 1", "2025 M4 1", "2026 M2 5", "2026 M3 4"])
        #expect(try await runs(f) == ["M2 HB.LS.CY.T01 03/01/2026 03/04/2026 4"])
    }

    /// Regularity as the store builds it (from the monthly sums and the few meetings it may list) and as the model
    /// builds it from every meeting of the year.
    func regularity(_ f: Fixture) async throws -> (kept: Report, meetings: Report) {
        let options = ReportOptions(
            kind: .regularity, period: Period("2026")!, today: f.today, scope: "HB.LS", officialID: nil, details: false,
            targetPercent: nil, reportDueDay: 5, language: .vi)
        let kept = try await f.store.report(options)
        let meetings = try await f.store.pool.read { db in
            RegularityReport.build(
                cells: try ReportReader.cells(scope: "HB.LS", db),
                meetings: try ReportReader.meetings(from: options.period.first, until: options.period.last, scope: "HB.LS", db),
                reports: try ReportReader.monthlyReports(from: options.period.first, until: options.period.last, scope: "HB.LS", db),
                period: options.period, reportDueDay: 5, today: options.today)
        }
        return (kept, meetings)
    }

    @Test func regularityFromTheKeptFactsIsRegularityFromEveryMeeting() async throws {
        let f = try await Fixture()
        func regular(_ id: String, _ day: String, first: Bool, corrects: String? = nil) throws -> Meeting {
            try Meeting(
                id: id, unitID: "HB.LS.CY.T01", date: f.day(day), kind: .regular, committeeMetFirst: first, presence: ["M1": .present],
                corrects: corrects, today: f.today)
        }
        var reports: [Report] = []
        func check(_ comment: Comment) async throws {
            let (kept, meetings) = try await regularity(f)
            #expect(kept == meetings, comment)
            reports.append(kept)
        }
        try await check("no meetings at all: every month skipped")
        _ = try await f.put(try regular("R1", "03/03/2026", first: true))
        try await check("a regular meeting on its day, its committee having met first")
        _ = try await f.put(try regular("R2", "10/04/2026", first: false))
        try await check("off its day, with no committee meeting before")
        // Kept with the meeting, the mark does not stand in the way of the same meeting written again.
        #expect(try await f.put(try regular("R2", "10/04/2026", first: false)) == .unchanged)
        _ = try await f.put([
            try meeting(f, "C1", "01/05/2026", [:], kind: .cellCommittee), try regular("R3", "03/05/2026", first: false),
        ])
        try await check("a committee meeting before it, not marked on the meeting")
        _ = try await f.put(try meeting(f, "C1b", "04/05/2026", [:], kind: .cellCommittee, corrects: "C1"))
        try await check("the committee meeting corrected to a day after it")
        _ = try await f.put(try meeting(f, "T1", "20/05/2026", [:], kind: .thematic))
        try await check("a thematic meeting in the second quarter")
        _ = try await f.put(try regular("R2b", "03/04/2026", first: true, corrects: "R2"))
        try await check("the meeting off its day corrected onto it")
        _ = try await f.put(try meeting(f, "T1b", "20/07/2026", [:], kind: .thematic, corrects: "T1"))
        try await check("the thematic meeting corrected into the third quarter")
        _ = try await f.put(try regular("R4", "15/06/2026", first: true))
        try await check("off its day, its committee having met first")
        for (month, day) in [("2026-03", "04/04/2026"), ("2026-04", "20/05/2026")] {
            _ = try await f.put(
                try MonthlyReport(
                    unitID: "HB.LS.CY.T01", month: CalendarMonth(month)!, submittedOn: f.day(day), submittedBy: "Bí thư", today: f.today))
            try await check("a monthly report")
        }
        #expect(Set(reports).count == reports.count, "each write changed the report")
        let last = reports.last!
        #expect(last.table("off_day")!.rows.map { $0[2] } == [.text("R4")])
        // March's report came by its due day, April's fifteen days after; every other month's has not come.
        let late = last.table("late_report")!.rows
        #expect(late.first { $0[2].code == "2026-04" }?[5] == .integer(15))
        #expect(late.contains { $0[2].code == "2026-03" } == false && late.count == 9)
        #expect(last.table("committee_not_first")!.rows.map { $0[2] } == [.text("R3")])
        #expect(last.table("no_thematic")!.rows.map { $0[2].code } == ["2026-Q1", "2026-Q2"].map(Optional.some))
    }

    /// Regularity's meetings of the whole tree come from its two partial indexes alone: a look-up in the meeting
    /// table per meeting read most of the table's pages again for each report. (A subtree's are found by unit, through
    /// `meeting_by_unit_date`.)
    @Test func regularityReadsItsMeetingsFromIndexesAlone() async throws {
        let f = try await Fixture()
        let plan = try await f.store.pool.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN \(ReportReader.regularityMeetingsSQL(nil))",
                arguments: ["from": "2026-01-01", "until": "2026-12-31"]
            ).map { $0["detail"] as String }
        }
        let meetings = plan.filter { $0.hasPrefix("SEARCH m ") || $0.hasPrefix("SEARCH r ") || $0.hasPrefix("SEARCH c ") }
        #expect(meetings.count == 3, "\(plan)")
        #expect(meetings.allSatisfy { $0.contains("USING COVERING INDEX meeting_") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN m") || $0.hasPrefix("SCAN r") || $0.hasPrefix("SCAN c") }, "\(plan)")
    }

    @Test func theSumsOfMeetingsWrittenBeforeTheyWereKeptAreFilledIn() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue, upTo: "2026-12-02 meeting counts")
        try queue.write { db in
            for (id, day, kind, score, corrects) in [
                ("A", "2026-03-03", "regular", "80", "NULL"), ("B", "2026-03-20", "thematic", "NULL", "NULL"),
                ("C", "2026-03-04", "cell_committee", "NULL", "NULL"), ("A2", "2026-04-03", "regular", "95", "'A'"),
                ("D", "2025-12-03", "regular", "60", "NULL"), ("E", "2026-03-10", "regular", "NULL", "NULL"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO meeting (id, unitID, date, kind, online, committeeMetFirst, topic, resolution, score, corrects)
                        VALUES (?, 'U', ?, ?, 0, 0, '', '', \(score), \(corrects))
                        """, arguments: [id, day, kind])
            }
            for (meeting, member, presence) in [
                ("A", "M1", "absent_excused"), ("A", "M2", "present"), ("B", "M1", "absent_excused"), ("A2", "M1", "absent_excused"),
                ("A2", "M2", "present"), ("D", "M1", "absent_excused"), ("C", "M2", "absent_excused"),
            ] {
                try db.execute(
                    sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES (?, ?, ?)", arguments: [meeting, member, presence])
            }
            try db.execute(sql: "UPDATE meeting SET \(MeetingCounts.assignments)")
            try db.execute(
                sql: """
                    INSERT INTO unit (id, name, nameSearch, level, residential, especiallyDifficult, regularMeetingDay, activeFrom)
                    VALUES ('U', 'Chi bộ U', 'chi bo u', 'cell', 0, 0, 3, '2020-01-01')
                    """)
            try db.execute(
                sql: "INSERT INTO monthlyReport (unitID, month, submittedOn, submittedBy) VALUES ('U', '2026-03', '2026-04-02', 'x')")
            try db.execute(
                sql: "INSERT INTO monthlyReport (unitID, month, submittedOn, submittedBy) VALUES ('U', '2026-05', '2026-06-02', 'x')")
        }
        try Migrations.migrator.migrate(queue)
        let (months, excused, offDay) = try queue.read { db in
            (
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT month || ' ' || meetings || ' ' || regular || ' ' || present || '/' || expected || ' ' || scored || ':' || scoreTotal
                            || ' ' || COALESCE(reportSubmittedOn, '-')
                        FROM cellMonth ORDER BY month
                        """),
                try String.fetchAll(db, sql: "SELECT year || ' ' || memberID || ' ' || meetings FROM excusedRegularCount ORDER BY year"),
                try String.fetchAll(db, sql: "SELECT id FROM meeting WHERE offFixedDay ORDER BY id")
            )
        }
        // A is replaced by A2; B counts without a score; C is no regular or thematic meeting.
        #expect(
            months == [
                "2025-12 1 1 0/1 1:60 -", "2026-03 2 1 0/1 0:0 2026-04-02", "2026-04 1 1 1/2 1:95 -", "2026-05 0 0 0/0 0:0 2026-06-02",
            ])
        // The unit meets on the 3rd.
        #expect(offDay == ["E"])
        // Regular meetings only, corrected or not.
        #expect(excused == ["2025 M1 1", "2026 M1 2"])
    }
}

/// The log of changes to the month sums (`CellMonthChanges`) is cut back as it grows; months kept from before
/// the part cut away are read again in whole, and months kept since are brought up to date from the log alone.
@Suite struct CellMonthChangesTests {
    func keptAreTheTable(_ f: Fixture) async throws -> Bool {
        let (year, months) = (Period("2026")!, f.store.keptMonths)
        return try await f.store.pool.read { db in
            try months.months(year, db) == ReportReader.cellMonths(year, scope: nil, db)
        }
    }

    func logged(_ f: Fixture) async throws -> (rows: Int, last: Int) {
        try await f.store.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cellMonthChange")!,
                try Int.fetchOne(db, sql: "SELECT MAX(rowid) FROM cellMonthChange") ?? 0
            )
        }
    }

    func meeting(_ f: Fixture, _ id: String, _ day: String) throws -> Meeting {
        try Meeting(id: id, unitID: "HB.LS.CY.T01", date: f.day(day), kind: .regular, presence: ["M1": .present], today: f.today)
    }

    @Test func theLogIsCutBackAndMonthsKeptBeforeItAreReadAgain() async throws {
        let f = try await Fixture()
        _ = try await f.put(try meeting(f, "K1", "03/03/2026"))
        #expect(try await keptAreTheTable(f))
        let before = try await logged(f).last
        #expect(before > 0)
        // 5.000 units' months at once, as an import's meetings would write them: more than the log keeps.
        try await f.store.pool.write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                    INSERT INTO cellMonth (month, unitID, meetings, regular, present, expected, scored, scoreTotal, counted, speakers)
                    SELECT '2026-05', printf('U%05d', i), 1, 1, 3, 4, 0, 0, 0, 0 FROM n
                    """)
        }
        let (rows, last) = try await logged(f)
        #expect(last == before + 5000)
        // Cut back to its last 4.096 rows whenever a row id is a multiple of 256.
        #expect(rows == CellMonthChanges.kept + last % 256)
        #expect(try await keptAreTheTable(f))
        #expect(f.store.keptMonths.reads.full == 2)
        #expect(f.store.keptMonths.reads.catchUps == 0)
        // A change since is taken in alone, and so is a month's row deleted.
        _ = try await f.put(try meeting(f, "K2", "04/05/2026"))
        #expect(try await keptAreTheTable(f))
        try await f.store.pool.write { db in try db.execute(sql: "DELETE FROM cellMonth WHERE unitID = 'U00007'") }
        #expect(try await keptAreTheTable(f))
        #expect(f.store.keptMonths.reads.full == 2)
        #expect(f.store.keptMonths.reads.catchUps == 2)
        // More changes than are worth taking in one by one read the year again.
        try await f.store.pool.write { db in try db.execute(sql: "UPDATE cellMonth SET present = present + 1") }
        #expect(try await keptAreTheTable(f))
        #expect(f.store.keptMonths.reads.full == 3)
    }
}
