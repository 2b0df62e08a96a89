import GRDB

/// A CHECK of `column IN ('a', 'b', ...)` makes SQLite build a temporary b-tree of the values for every row it
/// writes: for the 740.000 presence rows of a province's import that was a third of its meetings' time.
/// Comparisons joined by OR cost next to nothing. SQLite cannot change a CHECK, so the tables written most are
/// rebuilt with their rows, rowids, indexes and triggers as they were.
enum CheckRebuild {
    static func attendanceMeetingsAndRatings(_ db: Database) throws {
        try rebuild(db, "attendance", checking: "presence", among: ["present", "absent_excused", "absent_unexcused", "exempt"])
        try rebuild(db, "meeting", checking: "kind", among: ["regular", "thematic", "cell_committee", "party_committee"])
        try rebuild(
            db, "rating", checking: "grade", among: ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"])
    }

    /// Rebuilds `table` with the CHECK on `column` GRDB wrote as an IN list written as comparisons instead.
    static func rebuild(_ db: Database, _ table: String, checking column: String, among values: [String]) throws {
        guard
            var create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table])
        else { throw StoreError(.corrupt, "no table \(table) to rebuild") }
        let inList = "CHECK (\"\(column)\" IN (\(values.map { "'\($0)'" }.joined(separator: ", "))))"
        let comparisons = "CHECK (\(values.map { "\"\(column)\" = '\($0)'" }.joined(separator: " OR ")))"
        let name = "CREATE TABLE \"\(table)\" ("
        guard create.hasPrefix(name), create.contains(inList) else {
            throw StoreError(.corrupt, "table \(table) is not as this migration knows it: \(create)")
        }
        create = "CREATE TABLE \"new_\(table)\" (" + create.dropFirst(name.count).replacing(inList, with: comparisons)
        // Its indexes go with the table. The triggers that name it, on it or on other tables, go first: a rename
        // checks every trigger, and one naming a table dropped meanwhile fails it.
        let kept = try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE sql IS NOT NULL AND name != ?1 AND (tbl_name = ?1 OR (type = 'trigger' AND instr(sql, ?1) > 0))
                ORDER BY type = 'trigger', rowid
                """, arguments: [table])
        for row in kept where row["type"] == "trigger" { try db.execute(sql: "DROP TRIGGER \"\(row["name"] as String)\"") }
        let sequence = try Int.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table])
        let columns = try db.columns(in: table).map { "\"\($0.name)\"" }.joined(separator: ", ")
        try db.execute(sql: create)
        try db.execute(sql: "INSERT INTO \"new_\(table)\" (rowid, \(columns)) SELECT rowid, \(columns) FROM \"\(table)\" ORDER BY rowid")
        try db.execute(sql: "DROP TABLE \"\(table)\"")
        try db.execute(sql: "ALTER TABLE \"new_\(table)\" RENAME TO \"\(table)\"")
        if let sequence {
            try db.execute(sql: "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", arguments: [sequence, table])
        }
        for row in kept { try db.execute(sql: row["sql"]) }
    }
}
