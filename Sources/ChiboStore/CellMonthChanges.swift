import GRDB

/// Every change to a row of `cellMonth`, logged by triggers on that table in the same transaction: the months
/// kept between reports (`KeptCellMonths`) take the log's last row id as the version of what they hold and, after
/// a few writes, re-read just the months the log names since. The log is read inside a report's own snapshot, so
/// kept months are never older or newer than the rest of what the report reads, however the writes race it.
///
/// Triggers rather than the writer's transaction observer: the sums are changed by triggers on meetings, monthly
/// reports and members' statuses, and the meetings and reports are written through SQLite's C API, which GRDB's
/// observer does not hear. A migration that makes `cellMonth` again must make these triggers again.
///
/// Row ids are the version, so the newest row is never deleted: the log is cut back to its last
/// `CellMonthChanges.kept` rows every 256 rows, by a trigger on the log itself.
enum CellMonthChanges {
    /// The rows left when the log is cut back: more than `KeptCellMonths.catchUpLimit` changes to take in.
    static let kept = 4096

    /// Part of the migration "2026-12-08 cell month changes".
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE cellMonthChange (month TEXT NOT NULL, unitID TEXT NOT NULL);
                CREATE TRIGGER cellMonth_inserted_logged AFTER INSERT ON cellMonth
                BEGIN
                    INSERT INTO cellMonthChange (month, unitID) VALUES (NEW.month, NEW.unitID);
                END;
                CREATE TRIGGER cellMonth_updated_logged AFTER UPDATE ON cellMonth
                BEGIN
                    INSERT INTO cellMonthChange (month, unitID) VALUES (NEW.month, NEW.unitID);
                END;
                CREATE TRIGGER cellMonth_deleted_logged AFTER DELETE ON cellMonth
                BEGIN
                    INSERT INTO cellMonthChange (month, unitID) VALUES (OLD.month, OLD.unitID);
                END;
                CREATE TRIGGER cellMonthChange_cut_back AFTER INSERT ON cellMonthChange WHEN NEW.rowid % 256 = 0
                BEGIN
                    DELETE FROM cellMonthChange WHERE rowid <= NEW.rowid - \(kept);
                END;
                """)
    }
}
