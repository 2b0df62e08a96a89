/// Values by cell and month in one flat array: a row per cell, a column per month of the span the meetings cover.
/// A province's year is 85.000 meetings into 38.000 cells' months; hashing a (cell, month) key for each meeting,
/// or grouping the meetings into dictionaries of arrays, was most of a monthly report's time.
struct CellMonths<Value> {
    /// The months of the columns, in order.
    let months: [CalendarMonth]
    private var cells = Numbering()
    private var values: [Value] = []

    /// Adds each meeting that `include` takes into its cell's month, starting from `empty`.
    init(
        _ meetings: [MeetingFacts], where include: (MeetingFacts) -> Bool, empty: Value, add: (inout Value, MeetingFacts) -> Void
    ) {
        var (first, last) = (Int.max, Int.min)
        for meeting in meetings where include(meeting) {
            first = min(first, meeting.month.index)
            last = max(last, meeting.month.index)
        }
        months = first <= last ? (first...last).map { CalendarMonth(index: $0) } : []
        for meeting in meetings where include(meeting) {
            let cell = cells.number(meeting.unitID)
            if cell * months.count == values.count { values += Array(repeating: empty, count: months.count) }
            add(&values[cell * months.count + meeting.month.index - first], meeting)
        }
    }

    /// Each cell that had a meeting, by code, with its values by month (the columns of `months`).
    var byCell: [(cell: String, months: ArraySlice<Value>)] {
        cells.names.indices.sorted { cells.names[$0] < cells.names[$1] }.map { cell in
            (cells.names[cell], values[cell * months.count..<(cell + 1) * months.count])
        }
    }
}
