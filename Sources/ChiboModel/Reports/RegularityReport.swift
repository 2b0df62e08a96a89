/// Meeting regularity: cells that skipped a regular meeting in a month, met off their fixed day, met without
/// their cell committee meeting first, held no thematic meeting in a quarter, or sent their monthly report
/// late (or not at all). Only months and quarters that are over by `today` and in which the cell was active
/// throughout are judged.
public enum RegularityReport {
    /// Whether a regular meeting on `date` is off its cell's fixed day (`regularDay`; the month's last day when
    /// the month is shorter). A cell without a fixed day is never off it.
    public static func isOffFixedDay(_ date: CalendarDay, regularDay: Int?) -> Bool {
        guard let regularDay else { return false }
        return date.day != min(regularDay, CalendarDay.daysIn(month: date.month, year: date.year))
    }

    /// The report from the meetings themselves.
    public static func build(
        cells: [CellFacts], meetings: [MeetingFacts], reports: [MonthlyReport], period: Period, reportDueDay: Int,
        today: CalendarDay, language: Language = .vi
    ) -> Report {
        build(
            cells: cells, months: CellMonthFacts.summing(meetings, reports: reports), listed: meetings, period: period,
            reportDueDay: reportDueDay, today: today, language: language)
    }

    /// The report from each unit's monthly sums and report days, and of the meetings only those it may list or
    /// needs to judge one:
    /// `listed` holds at least every regular meeting off its fixed day or not marked as preceded by its cell
    /// committee's meeting, and every cell committee meeting in the month of one of those last (more do no harm).
    public static func build(
        cells: [CellFacts], months: [CellMonthFacts], listed meetings: [MeetingFacts], period: Period, reportDueDay: Int,
        today: CalendarDay, language: Language = .vi
    ) -> Report {
        // A row per cell, numbered in the order of their IDs; a cell listed again under the same ID is left out.
        var rows = Numbering(reservingCapacity: cells.count)
        var ordered: [CellFacts] = []
        for cell in cells.sorted(by: { $0.id < $1.id }) where rows.number(cell.id) == ordered.count { ordered.append(cell) }
        // Each row's meetings by their place in `meetings`, by day: split by month without copying them (a copy
        // retains its IDs).
        var listedOf = [[Int]](repeating: [], count: ordered.count)
        for index in meetings.indices {
            if let row = rows.existing(meetings[index].unitID) { listedOf[row].append(index) }
        }
        for row in listedOf.indices where listedOf[row].count > 1 {
            listedOf[row].sort { a, b in
                meetings[a].date != meetings[b].date ? meetings[a].date < meetings[b].date : meetings[a].id < meetings[b].id
            }
        }
        // The sums and the reports in flat arrays, a row per cell and a column per month of the period: 38.000
        // cells' months are looked up by position, not hashed each time. The sums come by month, then unit, which
        // `Numbering` guesses.
        let periodMonths = period.months
        let width = periodMonths.count
        var held = Array(repeating: (regular: 0, thematic: 0), count: ordered.count * width)
        var sent = [CalendarDay?](repeating: nil, count: ordered.count * width)
        for sum in months {
            let column = sum.month.index - periodMonths[0].index
            guard (0..<width).contains(column), let row = rows.existing(sum.unitID) else { continue }
            let at = row * width + column
            held[at].regular += sum.regular
            held[at].thematic += sum.meetings - sum.regular
            if sent[at] == nil { sent[at] = sum.reportSubmittedOn }
        }
        // What each month's judgement needs that does not depend on the cell, worked out once (a month works out its
        // first and last days each time it is asked); the months' coded values apart, so that going through the
        // months for each cell retains nothing.
        let judged = periodMonths.enumerated().filter { $0.element.last < today }.map { column, month in
            let next = CalendarMonth(index: month.index + 1)
            let due = CalendarDay(
                year: next.year, month: next.month, day: min(reportDueDay, CalendarDay.daysIn(month: next.month, year: next.year)))!
            return (column: column, first: month.first, last: month.last, due: due)
        }
        // What the loop by month reads of the meetings, each in an array of its own: read from the meetings
        // themselves (112 bytes each, 7.000 of them, in no order the loop follows), a meeting's kind missed the cache
        // each time: a sixth of the time spent in this function itself.
        let (days, kinds, committeeFirst) = (meetings.map(\.date), meetings.map(\.kind), meetings.map(\.committeeMetFirst))
        let coded = periodMonths.map(\.coded)
        var skipped = ReportTable(key: "skipped_regular", columns: ["unit_id", "name", "month"])
        var offDay = ReportTable(key: "off_day", columns: ["unit_id", "name", "meeting_id", "date", "regular_day"])
        var committee = ReportTable(key: "committee_not_first", columns: ["unit_id", "name", "meeting_id", "date"])
        var thematic = ReportTable(key: "no_thematic", columns: ["unit_id", "name", "quarter"])
        var late = ReportTable(key: "late_report", columns: ["unit_id", "name", "month", "due_on", "submitted_on", "days_late"])
        let quarters = (period.kind >= .quarter ? period.split(into: .quarter) : []).filter { $0.last < today }.map { quarter in
            (
                first: quarter.first, last: quarter.last, coded: quarter.coded(language),
                columns: quarter.months.map { $0.index - periodMonths[0].index }
            )
        }
        for (row, cell) in ordered.enumerated() {
            let own = listedOf[row]
            let (id, name) = (ReportValue.text(cell.id), ReportValue.text(cell.name))
            // By day: a month's meetings are the run that starts where the months before it ended.
            var next = 0
            for (column, first, last, due) in judged where cell.active.contains(first) && cell.active.contains(last) {
                while next < own.count, days[own[next]] < first { next += 1 }
                let start = next
                while next < own.count, days[own[next]] <= last { next += 1 }
                let inMonth = own[start..<next]
                if held[row * width + column].regular == 0 { skipped.rows.append([id, name, coded[column]]) }
                for index in inMonth where kinds[index] == .regular {
                    let date = days[index]
                    if let day = cell.regularMeetingDay, isOffFixedDay(date, regularDay: day) {
                        offDay.rows.append([id, name, .text(meetings[index].id), .day(date), .integer(day)])
                    }
                    let committeeBefore = inMonth.contains { kinds[$0] == .cellCommittee && days[$0] <= date }
                    if !committeeFirst[index] && !committeeBefore {
                        committee.rows.append([id, name, .text(meetings[index].id), .day(date)])
                    }
                }
                if let submitted = sent[row * width + column] {
                    if submitted > due {
                        late.rows.append([id, name, coded[column], .day(due), .day(submitted), .integer(due.days(until: submitted))])
                    }
                } else if due < today {
                    late.rows.append([id, name, coded[column], .day(due), .none, .integer(due.days(until: today))])
                }
            }
            for quarter in quarters where cell.active.contains(quarter.first) && cell.active.contains(quarter.last) {
                if !quarter.columns.contains(where: { held[row * width + $0].thematic > 0 }) {
                    thematic.rows.append([id, name, quarter.coded])
                }
            }
        }
        let details = [skipped, offDay, committee, thematic, late]
        let summary = ReportTable(
            key: "summary", columns: ["issue", "cases", "cells"],
            rows: details.map { table in
                // A table's rows come in runs by cell, in the cells' order: its cells are where a run begins.
                let cells = zip(table.rows.dropFirst(), table.rows).count { $0[0] != $1[0] } + (table.rows.isEmpty ? 0 : 1)
                return [
                    .coded(code: table.key, label: ReportLabels.table(table.key, language)), .integer(table.rows.count), .integer(cells),
                ]
            })
        return Report(kind: .regularity, period: period.code, tables: [summary] + details)
    }
}
