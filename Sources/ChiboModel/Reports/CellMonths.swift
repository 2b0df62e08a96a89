/// Values by cell and month in one flat array: a row per cell, a column per month of the span the sums cover.
/// A province's year is 38.000 cells' months; hashing a (cell, month) key for each of them, or grouping them
/// into dictionaries of arrays, was most of a monthly report's time.
struct CellMonths<Value> {
    /// The months of the columns, in order.
    let months: [CalendarMonth]
    private var cells = Numbering()
    private var values: [Value] = []

    /// Adds each of `sums` that `include` takes into its cell's month, starting from `empty`.
    init(
        _ sums: [CellMonthFacts], where include: (CellMonthFacts) -> Bool, empty: Value, add: (inout Value, CellMonthFacts) -> Void
    ) {
        var (first, last) = (Int.max, Int.min)
        for sum in sums where include(sum) {
            first = min(first, sum.month.index)
            last = max(last, sum.month.index)
        }
        months = first <= last ? (first...last).map { CalendarMonth(index: $0) } : []
        for sum in sums where include(sum) {
            let cell = cells.number(sum.unitID)
            if cell * months.count == values.count { values += Array(repeating: empty, count: months.count) }
            add(&values[cell * months.count + sum.month.index - first], sum)
        }
    }

    /// Each cell that `include` took a month of, by code, with its values by month (the columns of `months`).
    var byCell: [(cell: String, months: ArraySlice<Value>)] {
        cells.names.indices.sorted { cells.names[$0] < cells.names[$1] }.map { cell in
            (cells.names[cell], values[cell * months.count..<(cell + 1) * months.count])
        }
    }
}
