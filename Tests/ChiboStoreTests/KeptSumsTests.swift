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

    /// The kept sums of every month, and the same summed from the latest meetings, as text to compare.
    func sums(_ f: Fixture) async throws -> (kept: [String], meetings: [String]) {
        let year = Period("2026")!
        return try await f.store.pool.read { db in
            let kept = try ReportReader.cellMonths(year, scope: nil, db)
            let summed = CellMonthFacts.summing(try ReportReader.meetings(from: year.first, until: year.last, scope: nil, db))
            func text(_ sums: [CellMonthFacts]) -> [String] {
                sums.map {
                    "\($0.unitID) \($0.month.iso) \($0.meetings) \($0.present)/\($0.expected) \($0.scored):\($0.scoreTotal) \($0.counted):\($0.speakers)"
                }.sorted()
            }
            return (text(kept), text(summed))
        }
    }

    @Test func monthSumsAreTheMeetingsOwnAfterEveryWrite() async throws {
        let f = try await Fixture()
        try await members(f)
        var seen: [[String]] = []
        func check(_ comment: Comment) async throws {
            let (kept, meetings) = try await sums(f)
            #expect(kept == meetings, comment)
            #expect(try await miscounted(f) == [], comment)
            seen.append(kept)
        }
        _ = try await f.put(
            try meeting(f, "K1", "03/03/2026", ["M1": .present, "M2": .present, "M3": .absentExcused], score: 92, speakers: 2))
        try await check("a new meeting")
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
        // The checks compared something that changed: every write above moved the sums.
        #expect(Set(seen).count == seen.count - 1, "only the cell committee meeting leaves the sums as they were")
        #expect(seen.last == ["HB.LS.CY.T01 2026-04 2 2/2 1:40 0:0"])
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

    @Test func theSumsOfMeetingsWrittenBeforeTheyWereKeptAreFilledIn() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue, upTo: "2026-12-02 meeting counts")
        try queue.write { db in
            for (id, day, kind, score, corrects) in [
                ("A", "2026-03-03", "regular", "80", "NULL"), ("B", "2026-03-20", "thematic", "NULL", "NULL"),
                ("C", "2026-03-04", "cell_committee", "NULL", "NULL"), ("A2", "2026-04-03", "regular", "95", "'A'"),
                ("D", "2025-12-03", "regular", "60", "NULL"),
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
        }
        try Migrations.migrator.migrate(queue)
        let (months, excused) = try queue.read { db in
            (
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT month || ' ' || meetings || ' ' || present || '/' || expected || ' ' || scored || ':' || scoreTotal
                        FROM cellMonth ORDER BY month
                        """),
                try String.fetchAll(db, sql: "SELECT year || ' ' || memberID || ' ' || meetings FROM excusedRegularCount ORDER BY year")
            )
        }
        // A is replaced by A2; B counts without a score; C is no regular or thematic meeting.
        #expect(months == ["2025-12 1 0/1 1:60", "2026-03 1 0/1 0:0", "2026-04 1 1/2 1:95"])
        // Regular meetings only, corrected or not.
        #expect(excused == ["2025 M1 1", "2026 M1 2"])
    }
}
