/// Coverage on a day: which active cells an assignment in force reaches, directly or through a committee above
/// them (a cell under an assigned commune is covered, as the compliance engine counts a visit there), the
/// cells none reaches, and officials holding a position with no assignment in force.
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
        tree: UnitTree, on day: CalendarDay, language: Language, details: Bool
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
        return Report(
            kind: .coverage, period: day.iso, tables: [summary, cellsTable, officialsTable] + (details ? [reached] : []))
    }
}
