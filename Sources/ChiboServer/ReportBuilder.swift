import ChiboModel
import ChiboStore
import ChiboWire
import GRDB

struct ReportOptions: Sendable {
    let kind: ReportKind
    let period: Period
    let today: CalendarDay
    let scope: String?
    let officialID: String?
    let details: Bool
    let targetPercent: Int
    let reportDueDay: Int
    let language: Language

    /// Reports "as of a day" look at the period's last day once it is over, else at today.
    var asOf: CalendarDay { min(today, period.last) }
}

/// Reads the facts a report needs in one read transaction and hands them to the model's builders.
enum ReportBuilder {
    static func build(_ o: ReportOptions, _ db: Database) throws -> Report {
        let period = o.period
        switch o.kind {
        case .compliance, .due:
            if let official = o.officialID, try !Bool(exists: db, "SELECT 1 FROM official WHERE id = ?", [official]) {
                throw WireError(.notFound, "official \(official) does not exist")
            }
            let day = o.asOf
            let judged = o.kind == .due ? Period.containing(day, kind: .month) : period
            // Rule periods reach back at most to the start of the year that holds the report's end.
            let yearStart = CalendarDay(year: judged.first.year, month: 1, day: 1)!
            let facts = try ReportReader.complianceFacts(from: yearStart, until: judged.last, db)
            guard !facts.ruleSets.isEmpty else {
                throw WireError(.failedPrecondition, "no rule set is loaded; load one with `chibo rules load FILE --unit UNIT`")
            }
            let outcomes = ComplianceEngine(facts).evaluate(
                period: judged, asOf: o.kind == .due ? day : nil, officialID: o.officialID, scope: o.scope)
            if o.kind == .due { return ComplianceReport.due(outcomes, on: day) }
            return ComplianceReport.build(outcomes, period: period, tree: facts.tree, levels: try ReportReader.levels(db, tree: facts.tree),
                                          language: o.language, details: o.details || o.officialID != nil)
        case .visitsByLevel:
            let tree = try ReportReader.tree(db)
            return VisitsByLevelReport.build(
                visits: try ReportReader.visits(from: period.first, until: period.last, scope: o.scope, db),
                positions: try ReportReader.positions(db), tree: tree, levels: try ReportReader.levels(db, tree: tree), period: period,
                language: o.language)
        case .regularity:
            return RegularityReport.build(
                cells: try ReportReader.cells(scope: o.scope, db),
                meetings: try ReportReader.meetings(from: period.first, until: period.last, scope: o.scope, db),
                reports: try ReportReader.monthlyReports(from: period.first, until: period.last, scope: o.scope, db),
                period: period, reportDueDay: o.reportDueDay, today: o.today, language: o.language)
        case .participation:
            return ParticipationReport.build(
                cells: try ReportReader.cells(scope: o.scope, db),
                meetings: try ReportReader.meetings(from: period.first, until: period.last, scope: o.scope, db),
                presence: try ReportReader.excusedPresence(from: period.first, until: period.last, scope: o.scope, db), period: period)
        case .quality:
            return QualityReport.build(
                cells: try ReportReader.cells(scope: o.scope, db),
                meetings: try ReportReader.meetings(from: period.first, until: period.last, scope: o.scope, db),
                period: period, targetPercent: o.targetPercent, language: o.language)
        case .ratings:
            guard period.kind == .year else { throw WireError(.invalidArgument, "ratings are yearly; ask for a year such as 2025") }
            return RatingsReport.build(try ReportReader.ratings(year: period.year, scope: o.scope, db), year: period.year, language: o.language)
        case .recommendations:
            let (items, units) = try ReportReader.recommendations(from: period.first, until: period.last, scope: o.scope, db)
            return RecommendationsReport.build(items, unitOf: units, period: period, today: o.today)
        case .coverage:
            let tree = try ReportReader.tree(db)
            var officials = try ReportReader.officials(db)
            var positions = try ReportReader.positions(db)
            if let scope = o.scope {
                positions = positions.filter { tree.isWithin($0.committeeID, scope) }
                let inScope = Set(positions.map(\.officialID))
                officials = officials.filter { inScope.contains($0.id) }
            }
            return CoverageReport.build(
                cells: try ReportReader.cells(scope: o.scope, db), officials: officials, positions: positions,
                assignments: try ReportReader.assignments(db), tree: tree, on: o.asOf)
        }
    }
}
