import ChiboModel
import GRDB

/// What a report is asked for, checked by the caller.
public struct ReportOptions: Sendable {
    public var kind: ReportKind
    public var period: Period
    public var today: CalendarDay
    public var scope: String?
    public var officialID: String?
    public var details: Bool
    /// quality: the share of cells rated tốt aimed at, when the request sets one; otherwise the board's loaded
    /// target, or `ReportDefaults.targetPercent`.
    public var targetPercent: Int?
    public var reportDueDay: Int
    public var language: Language

    public init(
        kind: ReportKind, period: Period, today: CalendarDay, scope: String?, officialID: String?, details: Bool,
        targetPercent: Int?, reportDueDay: Int, language: Language
    ) {
        self.kind = kind
        self.period = period
        self.today = today
        self.scope = scope
        self.officialID = officialID
        self.details = details
        self.targetPercent = targetPercent
        self.reportDueDay = reportDueDay
        self.language = language
    }

    /// Reports "as of a day" look at the period's last day once it is over, else at today.
    public var asOf: CalendarDay { min(today, period.last) }
}

/// A report's read transaction, and the facts kept warm between reports (`WarmFacts`).
struct ReportSource {
    let db: Database
    let warmFacts: WarmFacts
    /// The counts of changes to the warm facts' parts, read before `db`'s transaction began.
    let generations: WarmFacts.Generations
    let keptMonths: KeptCellMonths

    func complianceFacts(from: CalendarDay, until: CalendarDay, parts: Set<WarmFacts.Part>) throws -> ComplianceFacts {
        try warmFacts.complianceFacts(from: from, until: until, before: generations, parts: parts, db)
    }

    func complianceEngine(from: CalendarDay, until: CalendarDay) throws -> ComplianceEngine {
        try warmFacts.complianceEngine(from: from, until: until, before: generations, db)
    }

    func tree() throws -> UnitTree { try warmFacts.tree(before: generations, db) }

    /// The cell months of `period` of units in `scope`, by month, then unit.
    func cellMonths(_ period: Period, scope: String?) throws -> [CellMonthFacts] {
        guard let scope else { return try keptMonths.months(period, db) }
        let tree = try tree()
        return try keptMonths.months(period, including: { tree.isWithin($0, scope) }, db)
    }

    /// The cells in `scope`, by ID.
    func cells(scope: String?) throws -> [CellFacts] {
        let all = try warmFacts.cells(before: generations, db)
        guard let scope else { return all }
        let tree = try tree()
        return all.filter { tree.isWithin($0.id, scope) }
    }
}

/// How each report reads its facts, registered once by kind: every builder reads in one read transaction and
/// hands the facts to the model's pure builder.
enum ReportBuilders {
    typealias Build = @Sendable (ReportOptions, ReportSource) throws -> Report

    static let all: [ReportKind: Build] = [
        .compliance: compliance, .due: compliance, .visitsByLevel: visitsByLevel, .regularity: regularity,
        .participation: participation, .quality: quality, .ratings: ratings, .recommendations: recommendations,
        .coverage: coverage, .cadres: cadres, .exemptions: exemptions,
    ]

    static func compliance(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        if let official = o.officialID, try !Bool(exists: db, "SELECT 1 FROM official WHERE id = ?", [official]) {
            throw StoreError(.notFound, "official \(official) does not exist")
        }
        let day = o.asOf
        let judged = o.kind == .due ? Period.containing(day, kind: .month) : o.period
        // Rule periods reach back at most to the start of the year that holds the report's end.
        let yearStart = CalendarDay(year: judged.first.year, month: 1, day: 1)!
        let engine = try source.complianceEngine(from: yearStart, until: judged.last)
        let facts = engine.facts
        guard !facts.ruleSets.isEmpty else {
            throw StoreError(.failedPrecondition, "no rule set is loaded; load one with `chibo rules load FILE --unit UNIT`")
        }
        let details = o.details || o.officialID != nil
        let outcomes = engine.evaluate(
            period: judged, asOf: o.kind == .due ? day : nil, officialID: o.officialID, scope: o.scope,
            keepingVisits: details && o.kind != .due)
        let levels = try ReportReader.levels(db, tree: facts.tree)
        if o.kind == .due {
            return ComplianceReport.due(outcomes, on: day, levels: levels, language: o.language, names: engine.officialNames)
        }
        // One official's visits that no rule judged (bound by none) are still listed, with the verdict no_rule.
        let unjudged: [VisitFacts] =
            o.officialID.map { official in
                let judgedIDs = Set(outcomes.flatMap { $0.visits.map(\.visit.visitID) })
                return facts.visits.filter { $0.officialID == official && o.period.contains($0.date) && !judgedIDs.contains($0.visitID) }
            } ?? []
        return ComplianceReport.build(
            outcomes, unjudged: unjudged, period: o.period, tree: facts.tree, levels: levels, language: o.language,
            details: details, names: engine.officialNames)
    }

    static func visitsByLevel(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        // Only what this report reads: a write of a membership does not make it read the officials' memberships.
        let facts = try source.complianceFacts(from: o.period.first, until: o.period.last, parts: [.tree, .officials, .visits])
        let tree = facts.tree
        return VisitsByLevelReport.build(
            visits: o.scope.map { scope in facts.visits.filter { tree.isWithin($0.unitID, scope) } } ?? facts.visits,
            positions: facts.positions, tree: tree, levels: try ReportReader.levels(db, tree: tree), period: o.period,
            language: o.language)
    }

    static func regularity(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        let cells = try source.cells(scope: o.scope)
        return RegularityReport.build(
            cells: cells, months: try source.cellMonths(o.period, scope: o.scope),
            listed: try ReportReader.regularityMeetings(from: o.period.first, until: o.period.last, scope: o.scope, db),
            period: o.period, reportDueDay: o.reportDueDay, today: o.today, language: o.language)
    }

    static func participation(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        let tree = try source.tree()
        let cells = try source.cells(scope: o.scope)
        return ParticipationReport.build(
            cells: cells, months: try source.cellMonths(o.period, scope: o.scope),
            presence: try ReportReader.excusedPresence(from: o.period.first, until: o.period.last, scope: o.scope, db), tree: tree,
            scope: o.scope, levels: try ReportReader.levels(db, tree: tree),
            targets: try ReportReader.targets(scope: o.scope, period: o.period, db),
            period: o.period, language: o.language)
    }

    static func quality(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        let board = try ReportReader.boardVersions(scope: o.scope, period: o.period, db)
        let loaded = board.lazy.compactMap { $0.targets.first { $0.metric == .cellsQualityGood } }.first
        let target =
            o.targetPercent.map { Target(.cellsQualityGood, hundredths: $0 * 100) }
            ?? loaded ?? Target(.cellsQualityGood, hundredths: ReportDefaults.targetPercent * 100)
        let cells = try source.cells(scope: o.scope)
        return QualityReport.build(
            cells: cells, months: try source.cellMonths(o.period, scope: o.scope),
            period: o.period, target: target,
            opinionsMinimum: board.lazy.compactMap(\.opinionsMinimum).first ?? QualityReport.minimumOpinions, language: o.language)
    }

    static func ratings(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        guard o.period.kind == .year else { throw StoreError(.invalidArgument, "ratings are yearly; ask for a year such as 2025") }
        return RatingsReport.build(
            try ReportReader.ratingCounts(year: o.period.year, scope: o.scope, db), year: o.period.year,
            targets: try ReportReader.targets(scope: o.scope, period: o.period, db), language: o.language)
    }

    static func recommendations(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        let (items, units) = try ReportReader.recommendations(from: o.period.first, until: o.period.last, scope: o.scope, db)
        return RecommendationsReport.build(items, unitOf: units, period: o.period, today: o.today, language: o.language)
    }

    static func coverage(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        // The officials, positions and assignments compliance keeps: reading them was half of this report's time.
        let facts = try source.complianceFacts(from: o.period.first, until: o.period.last, parts: [.tree, .officials])
        let tree = facts.tree
        var (officials, positions) = (facts.officials, facts.positions)
        if let scope = o.scope {
            positions = positions.filter { tree.isWithin($0.committeeID, scope) }
            let inScope = Set(positions.map(\.officialID))
            officials = officials.filter { inScope.contains($0.id) }
        }
        return CoverageReport.build(
            cells: try source.cells(scope: o.scope), officials: officials, positions: positions,
            assignments: facts.assignments, tree: tree, levels: try ReportReader.levels(db, tree: tree), scope: o.scope,
            on: o.asOf, language: o.language, details: o.details)
    }

    static func exemptions(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        return ExemptionsReport.build(
            try ReportReader.exemptions(from: o.period.first, until: o.period.last, scope: o.scope, db),
            criteria: try ReportReader.boardVersions(scope: o.scope, period: o.period, db).lazy.compactMap(\.exemptions).first,
            period: o.period, tree: try source.tree(), language: o.language)
    }

    static func cadres(_ o: ReportOptions, _ source: ReportSource) throws -> Report {
        let db = source.db
        return CadresReport.build(
            try ReportReader.qualifications(until: o.period.last, scope: o.scope, db), period: o.period,
            targets: try ReportReader.targets(scope: o.scope, period: o.period, db), language: o.language)
    }

    /// The registered reports that have no builder: a wiring mistake `StoreTests` reports.
    static var missing: [ReportKind] { ReportKinds.all.map(\.kind).filter { all[$0] == nil } }
}

extension Store {
    /// Builds a report in one read transaction; a scope unit that does not exist is `not_found`.
    public func report(_ options: ReportOptions) async throws -> Report {
        guard let build = ReportBuilders.all[options.kind] else {
            throw StoreError(.invalidArgument, "report \"\(options.kind)\" is not one of: \(ReportKinds.names)")
        }
        let generations = warmFacts.generations
        return try await pool.read { db in
            if let scope = options.scope, try !Bool(exists: db, "SELECT 1 FROM unit WHERE id = ?", [scope]) {
                throw StoreError(.notFound, "unit \(scope) does not exist")
            }
            return try build(
                options, ReportSource(db: db, warmFacts: self.warmFacts, generations: generations, keptMonths: self.keptMonths))
        }
    }
}
