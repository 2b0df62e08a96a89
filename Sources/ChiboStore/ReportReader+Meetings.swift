import ChiboModel
import Foundation
import GRDB

extension ReportReader {
    /// Units of member-holding levels in `scope`.
    static func cells(scope: String?, _ db: Database) throws -> [CellFacts] {
        // A cursor and columns by position: a province has 3.400 cells, read by each monthly report.
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT id, name, regularMeetingDay, activeFrom, activeUntil FROM unit
                WHERE level IN (SELECT code FROM level WHERE holdsMembers) AND \(inScope("id", scope)) ORDER BY id
                """, arguments: arguments(scope))
        var cells: [CellFacts] = []
        while let row = try cursor.next() {
            cells.append(CellFacts(id: row[0], name: row[1], regularMeetingDay: row[2], active: try RecordListing.range(row, 3, 4)))
        }
        return cells
    }

    /// The columns `meetingFacts` reads, in its order, of the meeting named `alias`.
    static func meetingColumns(_ alias: String) -> String {
        meetingColumnNames.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// What the reports read of a meeting; regularity's covering indexes hold each of them.
    static let meetingColumnNames = [
        "id", "unitID", "date", "kind", "committeeMetFirst", "score", "speakers", "presentCount", "expectedCount",
    ]

    /// The meetings a query selecting `meetingColumns` gives, read by cursor and column position.
    static func meetingFacts(_ db: Database, sql: String, arguments: StatementArguments) throws -> [MeetingFacts] {
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        var meetings: [MeetingFacts] = []
        while let row = try cursor.next() {
            meetings.append(
                MeetingFacts(
                    id: row[0], unitID: row[1], date: CalendarDay(stored: row[2] as String)!, kind: MeetingKind(rawValue: row[3])!,
                    committeeMetFirst: row[4], score: row[5], present: row[7], expected: row[8], speakers: row[6]))
        }
        return meetings
    }

    /// The sums of the regular and thematic meetings of units in `scope`, and the days their monthly reports were
    /// submitted, by unit and month, for the months of `period`, kept as they are written (`CellMonthSums`), in no
    /// order callers may count on (the whole tree's come by month, then unit). A month can have no meeting (only a
    /// report, or only meetings since corrected away). The reports read a whole year of these once and keep it
    /// (`KeptCellMonths`); their tests compare the two.
    static func cellMonths(_ period: Period, scope: String?, _ db: Database) throws -> [CellMonthFacts] {
        let statement = try db.makeStatement(
            sql: """
                \(with(scope)) SELECT month, unitID, meetings, regular, present, expected, scored, scoreTotal, counted, speakers,
                    reportSubmittedOn
                FROM cellMonth WHERE month BETWEEN :from AND :until AND \(inScope("unitID", scope))
                """)
        try statement.setArguments(arguments(scope, ["from": period.months.first!.iso, "until": period.months.last!.iso]))
        // Read in the key's order (month, unit): each month meets the units in the order the month before did.
        var (units, months) = (TextValues { $0 }, TextValues { CalendarMonth($0) })
        var sums: [CellMonthFacts] = []
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            guard let month = statement.textBytes(0).flatMap({ months.value($0) }),
                let unitID = statement.textBytes(1).flatMap({ units.value($0) })
            else { throw StoreError(.corrupt, "cellMonth holds a row without a month or a unit") }
            let submitted = statement.textBytes(10)
            sums.append(
                CellMonthFacts(
                    unitID: unitID, month: month, meetings: statement.integer(2), regular: statement.integer(3),
                    present: statement.integer(4), expected: statement.integer(5), scored: statement.integer(6),
                    scoreTotal: statement.integer(7), counted: statement.integer(8), speakers: statement.integer(9),
                    reportSubmittedOn: try submitted.map { bytes in
                        guard let day = CalendarDay(storedUTF8: bytes) else {
                            throw StoreError(.corrupt, "cellMonth holds a report day that is not a date")
                        }
                        return day
                    }))
        }
        return sums
    }

    /// The sums of one unit's month, if it has a row.
    static func cellMonth(_ month: CalendarMonth, unitID: String, _ db: Database) throws -> CellMonthFacts? {
        guard
            let row = try Row.fetchOne(
                try db.cachedStatement(
                    sql: """
                        SELECT meetings, regular, present, expected, scored, scoreTotal, counted, speakers, reportSubmittedOn
                        FROM cellMonth WHERE month = ? AND unitID = ?
                        """), arguments: [month.iso, unitID])
        else { return nil }
        let submitted: String? = row[8]
        return CellMonthFacts(
            unitID: unitID, month: month, meetings: row[0], regular: row[1], present: row[2], expected: row[3], scored: row[4],
            scoreTotal: row[5], counted: row[6], speakers: row[7],
            reportSubmittedOn: try submitted.map { text in
                guard let day = CalendarDay(stored: text) else {
                    throw StoreError(.corrupt, "cellMonth holds a report day that is not a date")
                }
                return day
            })
    }

    /// Presence at regular meetings in `from...until` of the members who may have been absent with excuse more
    /// than `ParticipationReport.longestExcusedRun` times in it (`ExcusedCounts`): no one else can have a long enough run.
    static func excusedPresence(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [PresenceFacts] {
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT a.memberID, m.unitID, m.date, a.presence
                FROM attendance a JOIN meeting m ON m.id = a.meetingID
                WHERE a.memberID IN (\(ExcusedCounts.moreThan(ParticipationReport.longestExcusedRun, from: from.year, until: until.year)))
                  AND m.kind = 'regular' AND m.date BETWEEN :from AND :until AND \(inScope("m.unitID", scope)) AND m.\(effective("meeting"))
                """,
            arguments: arguments(scope, ["from": from.iso, "until": until.iso, "fromYear": from.year, "untilYear": until.year]))
        var presence: [PresenceFacts] = []
        while let row = try cursor.next() {
            presence.append(
                PresenceFacts(
                    memberID: row[0], cellID: row[1], date: CalendarDay(stored: row[2] as String)!, presence: Presence(rawValue: row[3])!))
        }
        return presence
    }

    /// The ratings of `year` for cells in `scope` and for members who belonged to a cell in it that year, counted by
    /// subject and grade, the members who held a position in a committee during the year also apart. A province's
    /// year is 61.000 ratings: making records of them was most of the report's time, and SQLite took longer to group
    /// them, or to look each member up among the committees' (an `IN` per row), than this loop.
    static func ratingCounts(year: Int, scope: String?, _ db: Database) throws -> RatingsReport.Counts {
        let committee = try committeeMembers(year: year, db)
        let statement = try db.makeStatement(
            sql: """
                \(with(scope)) SELECT r.unitID IS NOT NULL, r.memberID, r.grade FROM rating r WHERE r.year = :year \(ratingSubjects(year, scope))
                """)
        try statement.setArguments(arguments(scope, ["year": year]))
        // By the grade's place in `RatingGrade.allCases`, each grade's text recognised, not made into a string.
        var grades = TextValues { RatingGrade(rawValue: $0).flatMap { RatingGrade.allCases.firstIndex(of: $0) } }
        let none = Array(repeating: 0, count: RatingGrade.allCases.count)
        var (cells, members, committeeMembers) = (none, none, none)
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            guard let grade = statement.textBytes(2).flatMap({ grades.value($0) }) else {
                throw StoreError(.corrupt, "a rating of \(year) has no known grade")
            }
            if statement.integer(0) == 1 {
                cells[grade] += 1
            } else if let member = statement.textBytes(1) {
                members[grade] += 1
                if committee.contains(String(decoding: member, as: UTF8.self)) { committeeMembers[grade] += 1 }
            }
        }
        func byGrade(_ counts: [Int]) -> [RatingGrade: Int] {
            Dictionary(uniqueKeysWithValues: zip(RatingGrade.allCases, counts).filter { $0.1 > 0 })
        }
        return RatingsReport.Counts(cells: byGrade(cells), members: byGrade(members), committeeMembers: byGrade(committeeMembers))
    }

    /// The filter of the ratings on the subjects in `scope`. Without a scope every rating of the year
    /// counts (each has one subject), read from the covering index `rating_by_year` alone.
    static func ratingSubjects(_ year: Int, _ scope: String?) -> String {
        guard scope != nil else { return "" }
        let memberInScope = """
            r.memberID IN (SELECT memberID FROM membership WHERE cellID IN subtree
                           AND fromDay <= '\(year)-12-31' AND (untilDay IS NULL OR untilDay >= '\(year)-01-01'))
            """
        return "AND ((r.unitID IS NOT NULL AND \(inScope("r.unitID", scope))) OR (r.memberID IS NOT NULL AND \(memberInScope)))"
    }

    /// Qualification statements made on or before `until` about members of cells in `scope` (then or since).
    static func qualifications(until: CalendarDay, scope: String?, _ db: Database) throws -> [Qualification] {
        let member = scope == nil ? "1" : "member_id IN (SELECT memberID FROM membership WHERE cellID IN subtree)"
        // A cursor and columns by position, and the codes taken as the record stored them; a province holds about
        // 13.000 statements, and reading each through its named fields was most of the report's time. A value
        // that is not a stored code goes the general way, which names it in its error.
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT id, member_id, as_of, post, general_education, professional_level, political_theory,
                party_work_trained_on FROM qualification WHERE as_of <= :until AND \(member)
                """, arguments: arguments(scope, ["until": until.iso]))
        var items: [Qualification] = []
        while let row = try cursor.next() {
            let trained = row[7] as String?
            guard let asOf = CalendarDay(stored: row[2] as String), let post = Qualification.Post(rawValue: row[3]),
                let education = Qualification.GeneralEducation(rawValue: row[4]),
                let professional = Qualification.ProfessionalLevel(rawValue: row[5]),
                let theory = Qualification.PoliticalTheory(rawValue: row[6]), trained.map({ CalendarDay(stored: $0) != nil }) ?? true
            else {
                items.append(try Qualification.read(row, db))
                continue
            }
            items.append(
                try Qualification(
                    id: row[0], memberID: row[1], asOf: asOf, post: post, generalEducation: education, professionalLevel: professional,
                    politicalTheory: theory, partyWorkTrainedOn: trained.flatMap { CalendarDay(stored: $0) }, today: .farFuture))
        }
        return items
    }

    /// Exemptions overlapping `from...until` of members of cells in `scope`, each with the cell the member
    /// belonged to when it began (or, failing that, the latest before it).
    static func exemptions(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [ExemptionFacts] {
        // A cursor and columns by position (memberID, reason, fromDay, untilDay, fullName, birthYear, cellID, sortKey).
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT * FROM (
                    SELECT s.memberID, s.reason, s.fromDay, s.untilDay, m.fullName, m.birthYear,
                        (SELECT ms.cellID FROM membership ms WHERE ms.memberID = s.memberID AND ms.fromDay <= s.fromDay
                         ORDER BY ms.fromDay DESC LIMIT 1) AS cellID, m.sortKey
                    FROM memberStatus s JOIN member m ON m.id = s.memberID
                    WHERE s.status = 'exempt' AND s.fromDay <= :until AND (s.untilDay IS NULL OR s.untilDay >= :from)
                ) WHERE \(inScope("cellID", scope))
                """, arguments: arguments(scope, ["from": from.iso, "until": until.iso]))
        var exemptions: [ExemptionFacts] = []
        while let row = try cursor.next() {
            guard let cell = row[6] as String? else { continue }
            exemptions.append(
                ExemptionFacts(
                    memberID: row[0], fullName: row[4], birthYear: row[5], cellID: cell, reason: row[1],
                    days: try RecordListing.range(row, 2, 3), sortKey: (row[7] as Data?).map { [UInt8]($0) }))
        }
        return exemptions
    }

    /// The members who held a position in some committee during `year` (their officials name them).
    static func committeeMembers(year: Int, _ db: Database) throws -> Set<String> {
        Set(
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT o.memberID FROM official o JOIN position p ON p.officialID = o.id
                    WHERE o.memberID IS NOT NULL AND p.fromDay <= ? AND (p.untilDay IS NULL OR p.untilDay >= ?)
                    """, arguments: ["\(year)-12-31", "\(year)-01-01"]))
    }

    /// Recommendations received in `from...until` at meetings of units in `scope`, and each one's unit.
    static func recommendations(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws
        -> (items: [Recommendation], unitOfMeeting: [String: String])
    {
        // One query, a row per step, a recommendation's steps together: its columns are made into strings once, at
        // its first row, and no dictionary gathers the steps (hashing 15.000 steps' IDs was a fifth of the report).
        let statement = try db.makeStatement(
            sql: """
                \(with(scope)) SELECT r.id, r.meetingID, r.text, r.receivedBy, m.unitID, s.status, s.day, s.note
                FROM recommendation r JOIN meeting m ON m.id = r.meetingID
                JOIN recommendationStep first ON first.recommendationID = r.id AND first.status = 'received'
                JOIN recommendationStep s ON s.recommendationID = r.id
                WHERE first.day BETWEEN :from AND :until AND \(inScope("m.unitID", scope))
                ORDER BY r.id
                """)
        try statement.setArguments(arguments(scope, ["from": from.iso, "until": until.iso]))
        var units: [String: String] = [:]
        var items: [Recommendation] = []
        var current: (id: String, meetingID: String, text: String, receivedBy: String)?
        var steps: [Recommendation.Step] = []
        func finish() throws {
            guard let r = current else { return }
            items.append(
                try Recommendation(
                    id: r.id, meetingID: r.meetingID, text: r.text, receivedBy: r.receivedBy, steps: steps.sorted { $0.status < $1.status })
            )
            steps.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(statement)
        while let row = try rows.next() {
            guard let id = statement.textBytes(0) else { throw StoreError(.corrupt, "a recommendation without a code") }
            if current.map({ !$0.id.utf8.elementsEqual(id) }) ?? true {
                try finish()
                current = (row[0], row[1], row[2], row[3])
                units[row[1]] = row[4]
            }
            guard let status = Recommendation.Status(rawValue: row[5]), let day = CalendarDay(stored: row[6] as String) else {
                throw StoreError(.corrupt, "recommendation \(current!.id) has a step that is not a status on a day")
            }
            steps.append(Recommendation.Step(status: status, day: day, note: row[7]))
        }
        try finish()
        return (items, units)
    }
}
