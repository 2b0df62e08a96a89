import GRDB

/// Each unit's regular and thematic meetings of each month, summed as meetings are written, and the day its
/// monthly report was submitted (`CellMonthFacts`): participation, quality and regularity read a province's year
/// as 38.000 of these rows instead of 85.000 meetings and 36.000 reports. A monthly report is never changed once
/// written (a second one for the month is compared with it), so its trigger only sets the day.
///
/// Triggers keep the sums to the latest corrections. A meeting adds itself when it is inserted, with its counts
/// still zero; the counts, set by an `UPDATE` right after its presence rows (`MeetingCounts`) and again whenever
/// an exemption of one of its members changes, add their change while no correction has replaced the meeting;
/// a correction takes the meeting it corrects out. Nothing else changes a meeting row (a correction is a new row,
/// `corrects` is unique); `KeptSumsTests` holds the sums to the meetings' own after every kind of write.
enum CellMonthSums {
    private static let held = "kind IN ('regular', 'thematic')"

    /// Part of the migrations "2026-12-03 cell month sums", "2026-12-03 regularity facts" (which makes them again
    /// with the count of regular meetings) and "2026-12-03 monthly reports in month sums" (with the day each monthly
    /// report was submitted): the table, filled from the meetings and reports so far, and its triggers.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE cellMonth (
                    month TEXT NOT NULL, unitID TEXT NOT NULL, meetings INTEGER NOT NULL, regular INTEGER NOT NULL, present INTEGER NOT NULL,
                    expected INTEGER NOT NULL, scored INTEGER NOT NULL, scoreTotal INTEGER NOT NULL, counted INTEGER NOT NULL,
                    speakers INTEGER NOT NULL, reportSubmittedOn TEXT, PRIMARY KEY (month, unitID)) WITHOUT ROWID;
                INSERT INTO cellMonth (\(columns))
                    SELECT substr(date, 1, 7), unitID, COUNT(*), SUM(kind = 'regular'), SUM(presentCount), SUM(expectedCount), COUNT(score),
                        COALESCE(SUM(score), 0), COUNT(speakers), COALESCE(SUM(speakers), 0), NULL
                    FROM meeting WHERE \(held) AND \(ReportReader.effective("meeting"))
                    GROUP BY 1, 2;
                INSERT INTO cellMonth (\(columns))
                    SELECT month, unitID, 0, 0, 0, 0, 0, 0, 0, 0, submittedOn FROM monthlyReport WHERE 1
                    ON CONFLICT (month, unitID) DO UPDATE SET reportSubmittedOn = excluded.reportSubmittedOn;
                CREATE TRIGGER meeting_summed AFTER INSERT ON meeting WHEN NEW.\(held)
                BEGIN
                    INSERT INTO cellMonth (\(columns)) VALUES (
                        substr(NEW.date, 1, 7), NEW.unitID, 1, NEW.kind = 'regular', NEW.presentCount, NEW.expectedCount, NEW.score IS NOT NULL,
                        COALESCE(NEW.score, 0), NEW.speakers IS NOT NULL, COALESCE(NEW.speakers, 0), NULL)
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
                CREATE TRIGGER monthlyReport_summed AFTER INSERT ON monthlyReport
                BEGIN
                    INSERT INTO cellMonth (\(columns)) VALUES (NEW.month, NEW.unitID, 0, 0, 0, 0, 0, 0, 0, 0, NEW.submittedOn)
                    ON CONFLICT (month, unitID) DO UPDATE SET reportSubmittedOn = excluded.reportSubmittedOn;
                END;
                """)
    }

    /// Part of the migrations that make `cellMonth` again ("2026-12-03 regularity facts", "2026-12-03 monthly reports
    /// in month sums"), whichever of its triggers the database has.
    static func drop(_ db: Database) throws {
        try db.execute(
            sql: """
                DROP TRIGGER IF EXISTS meeting_summed; DROP TRIGGER IF EXISTS meeting_correction_summed;
                DROP TRIGGER IF EXISTS meeting_recount_summed; DROP TRIGGER IF EXISTS monthlyReport_summed;
                DROP TABLE cellMonth;
                """)
    }

    private static let columns =
        "month, unitID, meetings, regular, present, expected, scored, scoreTotal, counted, speakers, reportSubmittedOn"
}
