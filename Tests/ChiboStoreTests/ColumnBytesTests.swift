import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// `Statement.runUnobserved` binds and runs a statement behind GRDB's back: its errors must read as GRDB's, and the
/// tables it writes must be ones no observer of the kept facts watches.
@Suite struct ColumnBytesTests {
    @Test func theTablesWrittenUnobservedAreNotWatched() {
        // Meetings' presence rows and the excused counts (`Meeting.insert`), monthly reports and ratings.
        for table in ["attendance", "excusedRegularCount", "monthlyReport", "rating"] {
            #expect(!WarmFacts.tables.contains(table), "\(table)")
        }
    }

    @Test func aStatementRunUnobservedBindsTextAndIntegersAndReportsAViolation() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID")
            let insert = try db.cachedStatement(sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            try insert.runUnobserved("Đồng", 7)
            try insert.runUnobserved("x", 2025)
            var failure: DatabaseError?
            do { try insert.runUnobserved("x", 2025) } catch let error as DatabaseError { failure = error }
            #expect(failure?.resultCode == .SQLITE_CONSTRAINT)
            #expect(failure?.message?.contains("UNIQUE constraint failed") == true)
            // The statement was reset after the failure and runs again.
            try insert.runUnobserved("y", 1)
            #expect(
                try String.fetchAll(db, sql: "SELECT a || ' ' || typeof(b) || ' ' || b FROM t ORDER BY a")
                    == ["x integer 2025", "y integer 1", "Đồng integer 7"])
        }
    }
}
