/// What the compliance engine knows of a unit: its place in the tree and what rules select it by.
public struct UnitFacts: Hashable, Sendable {
    public let id: String
    public let parentID: String?
    public let name: String
    public let level: String
    public let residential: Bool
    public let especiallyDifficult: Bool

    public init(id: String, parentID: String?, name: String, level: String, residential: Bool = false, especiallyDifficult: Bool = false) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.level = level
        self.residential = residential
        self.especiallyDifficult = especiallyDifficult
    }

    public init(_ unit: PartyUnit) {
        self.init(
            id: unit.id, parentID: unit.parentID, name: unit.name, level: unit.level, residential: unit.residential,
            especiallyDifficult: unit.especiallyDifficult)
    }
}

/// One visit as the engine sees it: the latest correction of the visit, joined to the latest correction of
/// its meeting.
public struct VisitFacts: Hashable, Sendable {
    public let visitID: String
    public let officialID: String
    public let meetingID: String
    public let unitID: String
    public let date: CalendarDay
    public let meetingKind: MeetingKind

    public init(visitID: String, officialID: String, meetingID: String, unitID: String, date: CalendarDay, meetingKind: MeetingKind) {
        self.visitID = visitID
        self.officialID = officialID
        self.meetingID = meetingID
        self.unitID = unitID
        self.date = date
        self.meetingKind = meetingKind
    }
}

/// The unit tree with lookups the reports need often.
public struct UnitTree: Sendable {
    public let units: [String: UnitFacts]
    /// Depth of every unit (the root is 0), computed once: reports ask for it per visit.
    private let depths: [String: Int]

    public init(_ units: [UnitFacts]) {
        let units = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.units = units
        var depths: [String: Int] = [:]
        for id in units.keys {
            var chain: [String] = []
            var next: String? = id
            while let current = next, depths[current] == nil, chain.count <= units.count, !chain.contains(current) {
                chain.append(current)
                next = units[current]?.parentID
            }
            var depth = next.flatMap { depths[$0] }.map { $0 + 1 } ?? 0
            for current in chain.reversed() {
                depths[current] = depth
                depth += 1
            }
        }
        self.depths = depths
    }

    public subscript(id: String) -> UnitFacts? { units[id] }

    /// `id` itself, then its parent, up to the root.
    public func lineage(of id: String) -> [String] {
        var chain: [String] = []
        var next: String? = id
        while let current = next, chain.count <= units.count, !chain.contains(current) {
            chain.append(current)
            next = units[current]?.parentID
        }
        return chain
    }

    public func isWithin(_ id: String, _ ancestor: String) -> Bool {
        var next: String? = id
        var steps = 0
        while let current = next, steps <= units.count {
            if current == ancestor { return true }
            next = units[current]?.parentID
            steps += 1
        }
        return false
    }

    public func depth(of id: String) -> Int { depths[id] ?? 0 }
}

/// Everything the compliance engine reads, gathered by the store for one request. Corrections are already
/// resolved: each assignment, visit and meeting here is the latest of its chain.
public struct ComplianceFacts: Sendable {
    public var tree: UnitTree
    public var officials: [Official]
    public var positions: [Position]
    public var assignments: [Assignment]
    public var visits: [VisitFacts]
    /// Memberships of the officials' own party membership, for "a visit to one's own cell does not count".
    public var memberships: [Membership]
    /// Member statuses of the officials' own membership: an exemption (miễn sinh hoạt) excuses an official.
    public var statuses: [MemberStatusPeriod]
    /// Rule sets by the unit whose subtree they govern.
    public var ruleSets: [String: RuleSet]

    public init(
        tree: UnitTree, officials: [Official], positions: [Position], assignments: [Assignment], visits: [VisitFacts],
        memberships: [Membership] = [], statuses: [MemberStatusPeriod] = [], ruleSets: [String: RuleSet]
    ) {
        self.tree = tree
        self.officials = officials
        self.positions = positions
        self.assignments = assignments
        self.visits = visits
        self.memberships = memberships
        self.statuses = statuses
        self.ruleSets = ruleSets
    }
}
