import GRDB

/// Each unit's regular and thematic meetings of each month, summed as meetings are written (`CellMonthFacts`):
/// participation, quality and regularity read a province's year as 38.000 of these rows instead of 85.000 meetings.
///
/// Triggers keep the sums to the latest corrections. A meeting adds itself when it is inserted, with its counts
/// still zero; the counts, set by an `UPDATE` right after its presence rows (`MeetingCounts`) and again whenever
/// an exemption of one of its members changes, add their change while no correction has replaced the meeting;
/// a correction takes the meeting it corrects out. Nothing else changes a meeting row (a correction is a new row,
/// `corrects` is unique); `KeptSumsTests` holds the sums to the meetings' own after every kind of write.
enum CellMonthSums {
    private static let held = "kind IN ('regular', 'thematic')"

    /// Part of the migrations "2026-12-03 cell month sums" and "2026-12-03 regularity facts" (which makes them again
    /// with the count of regular meetings): the table, filled from the meetings so far, and its triggers.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE cellMonth (
                    month TEXT NOT NULL, unitID TEXT NOT NULL, meetings INTEGER NOT NULL, regular INTEGER NOT NULL, present INTEGER NOT NULL,
                    expected INTEGER NOT NULL, scored INTEGER NOT NULL, scoreTotal INTEGER NOT NULL, counted INTEGER NOT NULL,
                    speakers INTEGER NOT NULL, PRIMARY KEY (month, unitID)) WITHOUT ROWID;
                INSERT INTO cellMonth
                    SELECT substr(date, 1, 7), unitID, COUNT(*), SUM(kind = 'regular'), SUM(presentCount), SUM(expectedCount), COUNT(score),
                        COALESCE(SUM(score), 0), COUNT(speakers), COALESCE(SUM(speakers), 0)
                    FROM meeting WHERE \(held) AND \(ReportReader.effective("meeting"))
                    GROUP BY 1, 2;
                CREATE TRIGGER meeting_summed AFTER INSERT ON meeting WHEN NEW.\(held)
                BEGIN
                    INSERT INTO cellMonth VALUES (
                        substr(NEW.date, 1, 7), NEW.unitID, 1, NEW.kind = 'regular', NEW.presentCount, NEW.expectedCount, NEW.score IS NOT NULL,
                        COALESCE(NEW.score, 0), NEW.speakers IS NOT NULL, COALESCE(NEW.speakers, 0))
                    ON CONFLICT (month, unitID) DO UPDATE SET
                        meetings = meetings + 1, regular = regular + excluded.regular, present = present + excluded.present,
                        expected = expected + excluded.expected,
                        scored = scored + excluded.scored, scoreTotal = scoreTotal + excluded.scoreTotal,
                        counted = counted + excluded.counted, speakers = speakers + excluded.speakers;
                END;
                CREATE TRIGGER meeting_correction_summed AFTER INSERT ON meeting WHEN NEW.corrects IS NOT NULL
                BEGIN
                    UPDATE cellMonth SET
                        meetings = meetings - 1,
                        regular = regular - (SELECT kind = 'regular' FROM meeting WHERE id = NEW.corrects),
                        present = present - (SELECT presentCount FROM meeting WHERE id = NEW.corrects),
                        expected = expected - (SELECT expectedCount FROM meeting WHERE id = NEW.corrects),
                        scored = scored - (SELECT score IS NOT NULL FROM meeting WHERE id = NEW.corrects),
                        scoreTotal = scoreTotal - (SELECT COALESCE(score, 0) FROM meeting WHERE id = NEW.corrects),
                        counted = counted - (SELECT speakers IS NOT NULL FROM meeting WHERE id = NEW.corrects),
                        speakers = speakers - (SELECT COALESCE(speakers, 0) FROM meeting WHERE id = NEW.corrects)
                    WHERE (month, unitID) = (SELECT substr(date, 1, 7), unitID FROM meeting WHERE id = NEW.corrects AND \(held));
                END;
                CREATE TRIGGER meeting_recount_summed AFTER UPDATE OF presentCount, expectedCount ON meeting
                WHEN NEW.\(held) AND (NEW.presentCount != OLD.presentCount OR NEW.expectedCount != OLD.expectedCount)
                    AND NOT EXISTS (SELECT 1 FROM meeting WHERE corrects = NEW.id)
                BEGIN
                    UPDATE cellMonth SET
                        present = present + NEW.presentCount - OLD.presentCount,
                        expected = expected + NEW.expectedCount - OLD.expectedCount
                    WHERE month = substr(NEW.date, 1, 7) AND unitID = NEW.unitID;
                END;
                """)
    }

    /// Part of the migration "2026-12-03 regularity facts".
    static func drop(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER meeting_summed; DROP TRIGGER meeting_correction_summed; DROP TRIGGER meeting_recount_summed;
                DROP TABLE cellMonth;
                """)
    }
}
