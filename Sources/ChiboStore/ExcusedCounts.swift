import GRDB

/// How many regular meetings each member missed with excuse in each calendar year, counted as presence rows are
/// written, so participation looks for long runs of excused absences among a few hundred members instead of
/// joining a year's 40.000 excused rows to their meetings (80 ms for a province). A correction is a new meeting
/// and a presence row is never changed or removed, so the counts only grow; a count also takes in meetings a
/// correction has since replaced and units outside a report's scope: it says who may have a run, and the report
/// finds the runs in the presence rows themselves.
///
/// The meeting's write counts its list (`add`), not a trigger: SQLite would run a trigger on `attendance` for
/// each of a province's 740.000 presence rows, which made an import a fifth slower.
enum ExcusedCounts {
    /// Part of the migration "2026-12-03 excused counts": the table, filled from the rows so far.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE excusedRegularCount (
                    year INTEGER NOT NULL, memberID TEXT NOT NULL, meetings INTEGER NOT NULL,
                    PRIMARY KEY (year, memberID)) WITHOUT ROWID;
                INSERT INTO excusedRegularCount (year, memberID, meetings)
                    SELECT CAST(substr(m.date, 1, 4) AS INTEGER), a.memberID, COUNT(*)
                    FROM attendance a JOIN meeting m ON m.id = a.meetingID
                    WHERE a.presence = 'absent_excused' AND m.kind = 'regular'
                    GROUP BY 1, 2;
                """)
    }

    /// Counts one more excused absence of member `?2` from a regular meeting of year `?1`.
    static let add = """
        INSERT INTO excusedRegularCount (year, memberID, meetings) VALUES (?, ?, 1)
        ON CONFLICT (year, memberID) DO UPDATE SET meetings = meetings + 1
        """

    /// The members who missed more than `meetings` regular meetings with excuse in the years of `from...until`,
    /// counted in every unit: a subquery for `memberID IN (...)`, with `:fromYear` and `:untilYear`.
    static func moreThan(_ meetings: Int, from: Int, until: Int) -> String {
        // A report's period lies within one year: one year's counts are read in key order, not grouped (3 ms, not 16).
        from == until
            ? "SELECT memberID FROM excusedRegularCount WHERE year = :fromYear AND meetings > \(meetings)"
            : """
            SELECT memberID FROM excusedRegularCount WHERE year BETWEEN :fromYear AND :untilYear
            GROUP BY memberID HAVING SUM(meetings) > \(meetings)
            """
    }
}
