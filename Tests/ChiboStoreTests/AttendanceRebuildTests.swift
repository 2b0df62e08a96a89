import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// The migration that rebuilds `attendance` with its presence checked by comparisons keeps every row, rowid,
/// index and trigger, and still refuses a presence that is not one of the four.
@Suite struct AttendanceRebuildTests {
    @Test func theRebuiltTableKeepsItsRowsIndexesAndTriggersAndItsCheck() throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue, upTo: "2026-12-04 regularity covering indexes")
        func rows(_ db: Database) throws -> [String] {
            try String.fetchAll(db, sql: "SELECT rowid || ' ' || meetingID || ' ' || memberID || ' ' || presence FROM attendance ORDER BY rowid")
        }
        func schema(_ db: Database) throws -> [String] {
            try String.fetchAll(
                db,
                sql: """
                    SELECT type || ' ' || name FROM sqlite_master
                    WHERE tbl_name = 'attendance' OR sql LIKE '%attendance%' ORDER BY type, name
                    """)
        }
        let before = try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO meeting (id, unitID, date, kind, online, committeeMetFirst, topic, resolution)
                    VALUES ('A', 'U', '2026-03-03', 'regular', 0, 0, '', '')
                    """)
            for (rowid, member, presence) in [(7, "M1", "present"), (3, "M2", "absent_excused"), (9, "M3", "exempt")] {
                try db.execute(
                    sql: "INSERT INTO attendance (rowid, meetingID, memberID, presence) VALUES (?, 'A', ?, ?)",
                    arguments: [rowid, member, presence])
            }
            return (try rows(db), try schema(db))
        }
        #expect(before.0.count == 3)
        try Migrations.migrator.migrate(queue)
        try queue.write { db in
            #expect(try rows(db) == before.0)
            #expect(try schema(db) == before.1)
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'attendance'")?.contains(" IN (") == false)
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES ('A', 'M4', 'late')")
            }
            for presence in ["present", "absent_excused", "absent_unexcused", "exempt"] {
                try db.execute(
                    sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES ('A', ?, ?)", arguments: ["N-" + presence, presence])
            }
            // The triggers that count a meeting again when an exemption changes are back.
            try db.execute(sql: "UPDATE meeting SET presentCount = 0, expectedCount = 0")
            try db.execute(
                sql: "INSERT INTO memberStatus (memberID, status, reason, fromDay) VALUES ('M1', 'exempt', 'x', '2026-01-01')")
            #expect(try String.fetchOne(db, sql: "SELECT presentCount || '/' || expectedCount FROM meeting") == "1/4")
        }
    }
}
