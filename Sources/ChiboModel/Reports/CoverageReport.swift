/// Coverage on a day: active cells that no assignment in force names, and officials holding a position with
/// no assignment in force.
public enum CoverageReport {
    public static func build(
        cells: [CellFacts], officials: [Official], positions: [Position], assignments: [Assignment],
        tree: UnitTree, on day: CalendarDay
    ) -> Report {
        let inForce = assignments.filter { $0.valid.contains(day) }
        let covered = Set(inForce.flatMap(\.unitIDs))
        let assigned = Set(inForce.map(\.officialID))
        var cellsTable = ReportTable(key: "cells_without_official", columns: ["unit_id", "name", "parent_id", "parent_name"])
        for cell in cells.sorted(by: { $0.id < $1.id }) where cell.active.contains(day) && !covered.contains(cell.id) {
            let parent = tree[cell.id]?.parentID ?? ""
            cellsTable.rows.append([.text(cell.id), .text(cell.name), .text(parent), .text(tree[parent]?.name ?? "")])
        }
        let holding = Dictionary(grouping: positions.filter { $0.term.contains(day) }, by: \.officialID)
        var officialsTable = ReportTable(
            key: "officials_without_assignment", columns: ["official_id", "full_name", "committee_id", "role"])
        let unassigned = officials.filter { holding[$0.id] != nil && !assigned.contains($0.id) }
            .sorted(by: { [order = PersonOrder(officials.map(\.fullName))] in order.precedes($0.fullName, $1.fullName) })
        for official in unassigned {
            let position = holding[official.id]!.min { $0.committeeID < $1.committeeID }!
            officialsTable.rows.append([
                .text(official.id), .text(official.fullName), .text(position.committeeID), .text(position.role.rawValue),
            ])
        }
        return Report(kind: .coverage, period: day.iso, tables: [cellsTable, officialsTable])
    }
}
