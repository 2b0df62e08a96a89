import ChiboModel
import Foundation
import GRDB

/// The schema's history. A migration's name and body never change once it has shipped:
/// a new need is a new migration appended at the end. docs/schema.md describes the result.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-23 keys") { db in
            try db.create(table: "key") { t in
                t.primaryKey("id", .text).check { length($0) == 32 }
                t.column("publicKey", .blob).notNull().unique()
                t.column("role", .text).notNull().check { ["admin", "clerk", "viewer"].contains($0) }
                t.column("name", .text).notNull()
                t.column("status", .text).notNull().check { ["active", "revoked"].contains($0) }
                t.column("scopeUnit", .text)
                t.column("validFrom", .text)
                t.column("validUntil", .text)
                t.column("createdAt", .integer).notNull()
                t.column("createdBy", .text).references("key")
                t.column("revokedAt", .integer)
                t.column("revokedBy", .text).references("key")
            }
        }
        migrator.registerMigration("2026-11-23 journal") { db in
            // Every accepted write keeps the signed envelope it came from; each entry's hash covers the
            // previous one, so a removed or altered entry breaks the chain.
            try db.create(table: "journal") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("keyID", .text).notNull().references("key")
                t.column("requestID", .blob).notNull()
                t.column("operation", .text).notNull()
                t.column("envelope", .blob).notNull()
                t.column("previousHash", .blob).notNull()
                t.column("hash", .blob).notNull().unique()
                t.column("at", .integer).notNull()
            }
        }
        migrator.registerMigration("2026-11-24 daemon key rotations") { db in
            // The daemon key's history: each row is a rotation statement signed by the key it retires.
            try db.create(table: "daemonKeyRotation") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("previousKeyID", .text).notNull()
                t.column("nextKeyID", .text).notNull()
                t.column("rotation", .blob).notNull()
                t.column("at", .integer).notNull()
            }
        }
        DomainMigration.register(in: &migrator)
        migrator.registerMigration("2026-11-24 import staging") { db in
            // Chunks of an import too large for one request wait here, as the signed envelopes they came in,
            // until the last chunk arrives; then all are applied and journalled in one transaction.
            try db.create(table: "importStaging") { t in
                t.column("importID", .blob).notNull()
                t.column("chunkIndex", .integer).notNull()
                t.column("keyID", .text).notNull().references("key")
                t.column("envelope", .blob).notNull()
                t.column("recordCount", .integer).notNull()
                t.column("createdAt", .integer).notNull()
                t.primaryKey(["importID", "chunkIndex"])
            }
        }
        migrator.registerMigration("2026-11-25 rule sets") { db in
            // A rule set is kept as the text it was loaded from (docs/rules.md), parsed again when used; each
            // unit names at most one rule set, which governs its subtree unless a unit below names another.
            try db.create(table: "ruleSet") { t in
                t.primaryKey("id", .text)
                t.column("title", .text).notNull()
                t.column("source", .text).notNull()
                t.column("loadedAt", .integer).notNull()
                t.column("loadedBy", .text).notNull().references("key")
            }
            try db.create(table: "ruleSetUnit") { t in
                t.primaryKey("unitID", .text).references("unit")
                t.column("ruleSetID", .text).notNull().references("ruleSet").indexed()
            }
        }
        migrator.registerMigration("2026-11-25 idempotency") { db in
            // The first answer to each write that carried an idempotency key, stored in the write's own
            // transaction, so a retry gets that answer instead of a second write (PROTOCOL.md §7.1).
            try db.create(table: "idempotency") { t in
                t.column("signer", .text).notNull().references("key")
                t.column("key", .blob).notNull()
                t.column("operation", .text).notNull()
                t.column("operationHash", .blob).notNull()
                t.column("response", .blob).notNull()
                t.column("createdAt", .integer).notNull().indexed()
                t.primaryKey(["signer", "key"])
            }
        }
        migrator.registerMigration("2026-11-25 auditor role") { db in
            try rebuildKeyTable(db, roles: ["admin", "clerk", "viewer", "auditor"])
        }
        migrator.registerMigration("2026-12-01 person sort keys") { db in
            // People are listed by given name in Vietnamese order, which SQLite cannot collate: each name keeps
            // its collation key as bytes (VietnameseCollation.personSortKey), so a page is sorted by an index
            // instead of sorting every match in Swift. A change to the collation needs a migration that
            // recomputes the keys.
            for table in ["member", "official"] {
                try db.alter(table: table) { t in t.add(column: "sortKey", .blob) }
                let rows = try Row.fetchAll(db, sql: "SELECT id, fullName FROM \(table)")
                let update = try db.makeStatement(sql: "UPDATE \(table) SET sortKey = ? WHERE id = ?")
                for row in rows {
                    try update.execute(arguments: [Data(VietnameseCollation.personSortKey(row["fullName"])), row["id"] as String])
                }
                try db.create(index: "\(table)_by_sort_key", on: table, columns: ["sortKey", "id"])
            }
        }
        // Tables of the kinds that bring their own (StoredRecord.migrations), in RecordKinds.all order.
        for kind in StoredKinds.all {
            for migration in kind.migrations { migrator.registerMigration(migration.name, migrate: migration.migrate) }
        }
        migrator.registerMigration("2026-12-01 target sets") { db in
            // A rule set that holds targets and no quota rules is a board's targets: it points at its units
            // here, beside (not instead of) the quota rule set those units follow.
            try db.create(table: "targetSetUnit") { t in
                t.primaryKey("unitID", .text).references("unit")
                t.column("ruleSetID", .text).notNull().references("ruleSet").indexed()
            }
        }
        migrator.registerMigration("2026-12-02 upstream") { db in
            try rebuildKeyTable(db, roles: ["admin", "clerk", "viewer", "auditor", "reporter"])
            try UpstreamMigration.create(db)
        }
        migrator.registerMigration("2026-12-02 meeting counts") { db in
            try db.alter(table: "meeting") { t in
                t.add(column: "presentCount", .integer).notNull().defaults(to: 0)
                t.add(column: "expectedCount", .integer).notNull().defaults(to: 0)
            }
            try db.execute(sql: "UPDATE meeting SET \(MeetingCounts.assignments)")
            try MeetingCounts.createTriggers(db)
            // Participation looks for members absent with excuse at many meetings in a row: few presence rows.
            try db.execute(
                sql: "CREATE INDEX attendance_excused ON attendance (memberID, meetingID) WHERE presence = 'absent_excused'")
        }
        migrator.registerMigration("2026-12-03 excused counts") { db in
            try ExcusedCounts.create(db)
        }
        migrator.registerMigration("2026-12-03 cell month sums") { db in
            try CellMonthSums.create(db)
        }
        migrator.registerMigration("2026-12-03 excused counts by the writer") { db in
            // The first build of "excused counts" kept them by a trigger on `attendance`; the writer counts them now.
            try db.execute(sql: "DROP TRIGGER IF EXISTS attendance_excused_counted")
        }
        migrator.registerMigration("2026-12-03 regularity facts") { db in
            try RegularityFacts.create(db)
        }
        migrator.registerMigration("2026-12-03 monthly reports in month sums") { db in
            try CellMonthSums.drop(db)
            try CellMonthSums.create(db)
        }
        migrator.registerMigration("2026-12-03 ratings by year") { db in
            // The ratings report reads a year's 60.000 ratings from this index alone, however many years are stored.
            try db.execute(sql: "CREATE INDEX rating_by_year ON rating (year, unitID, memberID, grade, decidedBy)")
        }
        migrator.registerMigration("2026-12-04 regularity covering indexes") { db in
            try RegularityFacts.coverIndexes(db)
        }
        migrator.registerMigration("2026-12-04 checks without IN lists") { db in
            try CheckRebuild.attendanceMeetingsAndRatings(db)
        }
        migrator.registerMigration("2026-12-08 cell month changes") { db in
            try CellMonthChanges.create(db)
        }
        return migrator
    }

    /// SQLite cannot change a CHECK constraint, so the key table is rebuilt with the roles allowed (GRDB's
    /// migrator defers foreign-key checks to the end of the migration).
    private static func rebuildKeyTable(_ db: Database, roles: [String]) throws {
        try db.create(table: "newKey") { t in
            t.primaryKey("id", .text).check { length($0) == 32 }
            t.column("publicKey", .blob).notNull().unique()
            t.column("role", .text).notNull().check { roles.contains($0) }
            t.column("name", .text).notNull()
            t.column("status", .text).notNull().check { ["active", "revoked"].contains($0) }
            t.column("scopeUnit", .text)
            t.column("validFrom", .text)
            t.column("validUntil", .text)
            t.column("createdAt", .integer).notNull()
            t.column("createdBy", .text).references("key")
            t.column("revokedAt", .integer)
            t.column("revokedBy", .text).references("key")
        }
        try db.execute(
            sql: """
                INSERT INTO newKey (id, publicKey, role, name, status, scopeUnit, validFrom, validUntil, createdAt, createdBy,
                                    revokedAt, revokedBy)
                SELECT id, publicKey, role, name, status, scopeUnit, validFrom, validUntil, createdAt, createdBy, revokedAt, revokedBy
                FROM key
                """)
        try db.drop(table: "key")
        try db.rename(table: "newKey", to: "key")
    }
}
