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
