import ChiboModel
import GRDB

@testable import ChiboStore

/// The records themselves, as the reports read them before the store kept sums beside them: the reference that
/// `KeptSumsTests` holds the kept sums and regularity's few meetings to.
extension ReportReader {
    /// The latest correction of each meeting of a unit in `scope` held in `from...until`, with attendance
    /// counted as kept with each meeting (`MeetingCounts`), in no particular order.
    static func meetings(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [MeetingFacts] {
        try meetingFacts(
            db,
            sql: """
                \(with(scope)) SELECT \(meetingColumns("m")) FROM meeting m
                WHERE m.date BETWEEN :from AND :until AND \(inScope("m.unitID", scope)) AND m.\(effective("meeting"))
                """, arguments: arguments(scope, ["from": from.iso, "until": until.iso]))
    }

    /// The monthly reports of units in `scope` for the months of `from...until`.
    static func monthlyReports(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [MonthlyReport] {
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT unitID, month, submittedOn, submittedBy FROM monthlyReport
                WHERE month BETWEEN :from AND :until AND \(inScope("unitID", scope))
                """, arguments: arguments(scope, ["from": String(from.iso.prefix(7)), "until": String(until.iso.prefix(7))]))
        var reports: [MonthlyReport] = []
        while let row = try cursor.next() {
            reports.append(
                try MonthlyReport(
                    unitID: row[0], month: CalendarMonth(row[1] as String)!, submittedOn: CalendarDay(stored: row[2] as String)!,
                    submittedBy: row[3], today: RecordListing.farFuture))
        }
        return reports
    }

    /// Ratings of `year` for cells in `scope`, and for members who belonged to a cell in it that year, as records:
    /// what `ratingCounts` counts.
    static func ratings(year: Int, scope: String?, _ db: Database) throws -> [Rating] {
        try Row.fetchAll(
            db,
            sql: """
                \(with(scope)) SELECT r.unitID, r.memberID, r.grade, r.decidedBy FROM rating r WHERE r.year = :year \(ratingSubjects(year, scope))
                """, arguments: arguments(scope, ["year": year])
        ).map { row in
            try Rating(
                year: year, subject: (row[0] as String?).map { .unit($0) } ?? .member(row[1]), grade: RatingGrade(rawValue: row[2])!,
                decidedBy: row[3], today: RecordListing.farFuture)
        }
    }
}
