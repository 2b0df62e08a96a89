/// A provincial regulation's attendance quotas as data: which officials (position and committee level) must
/// attend how many meetings of which kinds of unit, per period, within the units they are assigned to.
/// Written in the text format of docs/rules.md and parsed by `RuleSetParser`.
public struct RuleSet: Hashable, Sendable {
    public let id: String
    public let title: String
    /// Versions in date order; their ranges never overlap.
    public let versions: [RuleSetVersion]

    public init(id: String, title: String, versions: [RuleSetVersion]) {
        self.id = id
        self.title = title
        self.versions = versions.sorted { $0.effective.start < $1.effective.start }
    }

    /// A board's targets (and exemption criteria) without quotas: loaded beside the quota rule set of its
    /// units, not instead of it.
    public var holdsTargetsOnly: Bool { versions.allSatisfy(\.rules.isEmpty) }

    /// The version that governs `period`: the one in force on its last day, or failing that the latest one
    /// in force on any day of it. A regulation that takes effect during a period governs the whole period.
    public func version(for period: Period) -> RuleSetVersion? {
        versions.first { $0.effective.contains(period.last) }
            ?? versions.last { $0.effective.overlaps(period.days) }
    }
}

public struct RuleSetVersion: Hashable, Sendable {
    public let effective: DayRange
    public let rules: [Rule]
    /// The board's targets while this version is in force (`target` lines).
    public let targets: [Target]
    /// The board's criteria for exemptions from party activity (`exemption` lines); nil when it states none.
    public let exemptions: ExemptionCriteria?
    /// The opinions (members who spoke) a meeting should have on average (`opinions-minimum`); nil: the default.
    public let opinionsMinimum: Int?

    public init(
        effective: DayRange, rules: [Rule], targets: [Target] = [], exemptions: ExemptionCriteria? = nil, opinionsMinimum: Int? = nil
    ) {
        self.effective = effective
        self.rules = rules
        self.targets = targets
        self.exemptions = exemptions
        self.opinionsMinimum = opinionsMinimum
    }
}

/// A kind of unit a visit may be made to: units of a level, optionally only residential ones.
public struct UnitTarget: Hashable, Sendable, CustomStringConvertible {
    public let level: String
    public let residentialOnly: Bool

    public init(level: String, residentialOnly: Bool = false) {
        self.level = level
        self.residentialOnly = residentialOnly
    }

    public func matches(level: String, residential: Bool) -> Bool {
        self.level == level && (!residentialOnly || residential)
    }

    public var description: String { residentialOnly ? "residential \(level)" : level }
}

/// "At least `count` visits to a meeting of one of `targets`".
public struct Requirement: Hashable, Sendable {
    public let count: Int
    public let targets: [UnitTarget]

    public init(count: Int, targets: [UnitTarget]) {
        self.count = count
        self.targets = targets
    }

    public var code: String { "\(count) of " + targets.map(\.description).joined(separator: " | ") }
}

public struct Rule: Hashable, Sendable {
    public let id: String
    public let title: String
    public let roles: Set<PositionRole>
    /// Level codes of the committee in which the official holds the position.
    public let levels: Set<String>
    public let period: PeriodKind
    /// Only assignments to especially difficult units bind the official (and only visits within them count).
    public let onlyEspeciallyDifficult: Bool
    /// Whether a visit to the meeting of the official's own cell counts (Kon Tum: it does not).
    public let ownCellCounts: Bool
    public let requirements: [Requirement]

    public init(
        id: String, title: String, roles: Set<PositionRole>, levels: Set<String>, period: PeriodKind,
        onlyEspeciallyDifficult: Bool = false, ownCellCounts: Bool = true, requirements: [Requirement]
    ) {
        self.id = id
        self.title = title
        self.roles = roles
        self.levels = levels
        self.period = period
        self.onlyEspeciallyDifficult = onlyEspeciallyDifficult
        self.ownCellCounts = ownCellCounts
        self.requirements = requirements
    }

    public func applies(to role: PositionRole, committeeLevel: String) -> Bool {
        roles.contains(role) && levels.contains(committeeLevel)
    }
}
