/// Coverage on a day: which active cells an assignment in force reaches, directly or through a committee above
/// them (a cell under an assigned commune is covered, as the compliance engine counts a visit there), how
/// many officials of each level follow each commune, the cells none reaches, and officials holding a
/// position with no assignment in force.
public enum CoverageReport {
    /// How an assignment reaches a cell.
    public enum Reach: String, Sendable, CaseIterable {
        case direct
        case throughCommittee = "through_committee"
        case none

        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.direct, .vi): "Phân công trực tiếp"
            case (.throughCommittee, .vi): "Qua đảng bộ cấp trên được phân công"
            case (.none, .vi): "Chưa có cán bộ phụ trách"
            case (.direct, .en): "Assigned directly"
            case (.throughCommittee, .en): "Through an assigned committee above it"
            case (.none, .en): "Not covered"
            }
        }
    }

    public static func build(
        cells: [CellFacts], officials: [Official], positions: [Position], assignments: [Assignment],
        tree: UnitTree, levels: [Level], scope: String?, on day: CalendarDay, language: Language, details: Bool
    ) -> Report {
        let inForce = assignments.filter { $0.valid.contains(day) }
        let covered = Set(inForce.flatMap(\.unitIDs))
        let assigned = Set(inForce.map(\.officialID))
        var cellsTable = ReportTable(key: "cells_without_official", columns: ["unit_id", "name", "parent_id", "parent_name"])
        var reached = ReportTable(key: "cells_covered", columns: ["unit_id", "name", "coverage", "via_unit_id"])
        var counts: [Reach: Int] = [:]
        let active = cells.sorted(by: { $0.id < $1.id }).filter { $0.active.contains(day) }
        for cell in active {
            let via = tree.lineage(of: cell.id).first { covered.contains($0) }
            let reach: Reach = via == nil ? .none : (via == cell.id ? .direct : .throughCommittee)
            counts[reach, default: 0] += 1
            if details {
                reached.rows.append([
                    .text(cell.id), .text(cell.name), .coded(code: reach.rawValue, label: reach.label(language)),
                    via.map { .text($0) } ?? .none,
                ])
            }
            guard reach == .none else { continue }
            let parent = tree[cell.id]?.parentID ?? ""
            cellsTable.rows.append([.text(cell.id), .text(cell.name), .text(parent), .text(tree[parent]?.name ?? "")])
        }
        let summary = ReportTable(
            key: "coverage", columns: ["coverage", "cells"],
            rows: Reach.allCases.map {
                [.coded(code: $0.rawValue, label: $0.label(language)), .ratio(part: counts[$0] ?? 0, whole: active.count)]
            })
        let holding = Dictionary(grouping: positions.filter { $0.term.contains(day) }, by: \.officialID)
        var officialsTable = ReportTable(
            key: "officials_without_assignment", columns: ["official_id", "full_name", "committee_id", "role"])
        let unassigned = officials.filter { holding[$0.id] != nil && !assigned.contains($0.id) }
            .sorted(by: { [order = PersonOrder(officials.map(\.fullName))] in order.precedes($0.fullName, $1.fullName) })
        for official in unassigned {
            let position = holding[official.id]!.min { $0.committeeID < $1.committeeID }!
            officialsTable.rows.append([
                .text(official.id), .text(official.fullName), .text(position.committeeID), position.role.coded(language),
            ])
        }
        let perCommune = officialsPerCommune(
            inForce, holding: holding, tree: tree, levels: levels, scope: scope, language: language)
        return Report(
            kind: .coverage, period: day.iso,
            tables: [summary, perCommune, cellsTable, officialsTable] + (details ? [reached] : []))
    }

    /// Seed 000's "xã có 3 đồng chí cấp ủy viên tỉnh, huyện phụ trách": per grassroots committee, how many
    /// officials of each level have an assignment in force to it or to a unit under it. An official counts at
    /// the highest committee they hold a position in that day.
    static func officialsPerCommune(
        _ inForce: [Assignment], holding: [String: [Position]], tree: UnitTree, levels: [Level], scope: String?, language: Language
    ) -> ReportTable {
        var counted: [String: [String: Set<String>]] = [:]
        for assignment in inForce {
            guard let positions = holding[assignment.officialID], !positions.isEmpty else { continue }
            let level =
                positions.map { tree[$0.committeeID]?.level ?? "" }.min { Level.rank($0, in: levels) < Level.rank($1, in: levels) } ?? ""
            for unit in assignment.unitIDs {
                guard let commune = tree.lineage(of: unit).first(where: { tree[$0]?.level == "grassroots" }),
                    scope.map({ tree.isWithin(commune, $0) }) ?? true
                else { continue }
                counted[commune, default: [:]][level, default: []].insert(assignment.officialID)
            }
        }
        var table = ReportTable(key: "officials_per_commune", columns: ["committee_id", "name", "level", "officials"])
        for commune in counted.keys.sorted() {
            let byLevel = counted[commune]!
            for level in byLevel.keys.sorted(by: { (Level.rank($0, in: levels), $0) < (Level.rank($1, in: levels), $1) }) {
                table.rows.append([
                    .text(commune), .text(tree[commune]?.name ?? ""), Level.coded(level, in: levels, language),
                    .integer(byLevel[level]!.count),
                ])
            }
        }
        return table
    }
}
