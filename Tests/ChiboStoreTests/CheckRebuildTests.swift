import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// The migration that rebuilds the tables written most with their CHECKs as comparisons keeps every row,
/// rowid, index, trigger and AUTOINCREMENT sequence, and still refuses a value outside the list.
@Suite struct CheckRebuildTests {
    static let tables = ["attendance", "meeting", "rating"]

    func migratedBefore() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        try Migrations.migrator.migrate(queue, upTo: "2026-12-04 regularity covering indexes")
        return queue
    }

    /// Every row of the rebuilt tables with its rowid, the schema objects on or naming them, and the sequences.
    func snapshot(_ db: Database) throws -> [String] {
        var lines: [String] = []
        for table in Self.tables {
            let columns = try db.columns(in: table).map { "quote(\($0.name))" }.joined(separator: " || ' ' || ")
            lines += try String.fetchAll(db, sql: "SELECT '\(table) ' || rowid || ' ' || \(columns) FROM \(table) ORDER BY rowid")
            lines += try String.fetchAll(
                db,
                sql:
                    "SELECT '\(table) references ' || \"from\" || ' ' || \"table\" || ' ' || \"to\" FROM pragma_foreign_key_list('\(table)')"
            )
        }
        lines += try String.fetchAll(
            db,
            sql: """
                SELECT type || ' ' || name || ' ' || tbl_name FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_autoindex%' ORDER BY type, name
                """)
        lines += try String.fetchAll(db, sql: "SELECT name || ' ' || seq FROM sqlite_sequence ORDER BY name")
        return lines
    }

    @Test func theRebuiltTablesKeepTheirRowsIndexesTriggersAndChecks() throws {
        let queue = try migratedBefore()
        let before = try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO meeting (rowid, id, unitID, date, kind, online, committeeMetFirst, topic, resolution)
                    VALUES (5, 'A', 'U', '2026-03-03', 'regular', 0, 0, '', ''), (2, 'B', 'U', '2026-03-04', 'thematic', 0, 0, '', '');
                    INSERT INTO attendance (rowid, meetingID, memberID, presence)
                    VALUES (7, 'A', 'M1', 'present'), (3, 'A', 'M2', 'absent_excused'), (9, 'A', 'M3', 'exempt');
                    INSERT INTO rating (id, year, memberID, grade, decidedBy) VALUES (4, 2025, 'M1', 'hoan_thanh', 'U'), (8, 2025, 'M2', 'hoan_thanh_tot', 'U');
                    DELETE FROM rating WHERE id = 8;
                    """)
            return try snapshot(db)
        }
        #expect(before.contains("attendance 9 'A' 'M3' 'exempt'"))
        #expect(before.contains("rating 8"))
        try Migrations.migrator.migrate(queue, upTo: "2026-12-04 checks without IN lists")
        try queue.write { db in
            #expect(try snapshot(db) == before)
            for table in Self.tables {
                let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])
                #expect(create?.contains(" IN (") == false, "\(table)")
            }
            for wrong in [
                "INSERT INTO attendance (meetingID, memberID, presence) VALUES ('A', 'M4', 'late')",
                "INSERT INTO meeting (id, unitID, date, kind, online, committeeMetFirst, topic, resolution) VALUES ('C', 'U', '2026-03-05', 'party', 0, 0, '', '')",
                "INSERT INTO rating (year, memberID, grade, decidedBy) VALUES (2025, 'M3', 'xuat_sac', 'U')",
            ] {
                #expect(throws: DatabaseError.self) { try db.execute(sql: wrong) }
            }
            // The AUTOINCREMENT sequence went on from where it was, not from the largest rowid left.
            try db.execute(sql: "INSERT INTO rating (year, memberID, grade, decidedBy) VALUES (2025, 'M3', 'khong_hoan_thanh', 'U')")
            #expect(try Int.fetchOne(db, sql: "SELECT max(id) FROM rating") == 9)
            // The triggers that count a meeting again when an exemption changes, and that sum the months, are back.
            for presence in ["present", "absent_excused", "absent_unexcused", "exempt"] {
                try db.execute(
                    sql: "INSERT INTO attendance (meetingID, memberID, presence) VALUES ('A', ?, ?)",
                    arguments: ["N-" + presence, presence])
            }
            try db.execute(sql: "UPDATE meeting SET presentCount = 0, expectedCount = 0")
            try db.execute(sql: "INSERT INTO memberStatus (memberID, status, reason, fromDay) VALUES ('M1', 'exempt', 'x', '2026-01-01')")
            #expect(try String.fetchOne(db, sql: "SELECT presentCount || '/' || expectedCount FROM meeting WHERE id = 'A'") == "1/4")
            try db.execute(
                sql: """
                    INSERT INTO meeting (id, unitID, date, kind, online, committeeMetFirst, topic, resolution, presentCount, expectedCount)
                    VALUES ('D', 'U', '2026-05-05', 'regular', 0, 0, '', '', 3, 4)
                    """)
            #expect(
                try String.fetchOne(db, sql: "SELECT meetings || ' ' || present || '/' || expected FROM cellMonth WHERE month = '2026-05'")
                    == "1 3/4")
        }
    }
}
