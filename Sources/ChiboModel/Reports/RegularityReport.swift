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
        // Meetings by their place in `meetings`: each cell's are sorted and split by month without copying them.
        var meetingsByCell: [String: [Int]] = [:]
        for index in meetings.indices { meetingsByCell[meetings[index].unitID, default: []].append(index) }
        // The sums and the reports in flat arrays, a row per cell and a column per month of the period: 38.000
        // cells' months are looked up by position, not hashed each time.
        let ordered = cells.sorted { $0.id < $1.id }
        let slots = Dictionary(ordered.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let periodMonths = period.months
        let width = periodMonths.count
        func slot(_ unitID: String, _ month: CalendarMonth) -> Int? {
            let column = month.index - periodMonths[0].index
            guard let row = slots[unitID], (0..<width).contains(column) else { return nil }
            return row * width + column
        }
        var held = Array(repeating: (regular: 0, thematic: 0), count: ordered.count * width)
        var sent = [CalendarDay?](repeating: nil, count: ordered.count * width)
        for sum in months {
            guard let at = slot(sum.unitID, sum.month) else { continue }
            held[at].regular += sum.regular
            held[at].thematic += sum.meetings - sum.regular
            if sent[at] == nil { sent[at] = sum.reportSubmittedOn }
        }
        // What each month's judgement needs that does not depend on the cell, worked out once.
        let judged = periodMonths.enumerated().filter { $0.element.last < today }.map { column, month in
            let next = CalendarMonth(index: month.index + 1)
            let due = CalendarDay(
                year: next.year, month: next.month, day: min(reportDueDay, CalendarDay.daysIn(month: next.month, year: next.year)))!
            return (column: column, month: month, coded: month.coded, due: due)
        }
        var skipped = ReportTable(key: "skipped_regular", columns: ["unit_id", "name", "month"])
        var offDay = ReportTable(key: "off_day", columns: ["unit_id", "name", "meeting_id", "date", "regular_day"])
        var committee = ReportTable(key: "committee_not_first", columns: ["unit_id", "name", "meeting_id", "date"])
        var thematic = ReportTable(key: "no_thematic", columns: ["unit_id", "name", "quarter"])
        var late = ReportTable(key: "late_report", columns: ["unit_id", "name", "month", "due_on", "submitted_on", "days_late"])
        let quarters = period.kind >= .quarter ? period.split(into: .quarter) : []
        for (row, cell) in ordered.enumerated() {
            let own = (meetingsByCell[cell.id] ?? []).sorted { (meetings[$0].date, meetings[$0].id) < (meetings[$1].date, meetings[$1].id) }
                .map { meetings[$0] }
            let (id, name) = (ReportValue.text(cell.id), ReportValue.text(cell.name))
            // By day: a month's meetings are the run that starts where the months before it ended.
            var next = 0
            for (column, month, coded, due) in judged where cell.active.contains(month.first) && cell.active.contains(month.last) {
                while next < own.count, own[next].date < month.first { next += 1 }
                let start = next
                while next < own.count, own[next].date <= month.last { next += 1 }
                let inMonth = own[start..<next]
                if held[row * width + column].regular == 0 { skipped.rows.append([id, name, coded]) }
                for meeting in inMonth where meeting.kind == .regular {
                    if let day = cell.regularMeetingDay, isOffFixedDay(meeting.date, regularDay: day) {
                        offDay.rows.append([id, name, .text(meeting.id), .day(meeting.date), .integer(day)])
                    }
                    let committeeBefore = inMonth.contains { $0.kind == .cellCommittee && $0.date <= meeting.date }
                    if !meeting.committeeMetFirst && !committeeBefore {
                        committee.rows.append([id, name, .text(meeting.id), .day(meeting.date)])
                    }
                }
                if let submitted = sent[row * width + column] {
                    if submitted > due {
                        late.rows.append([id, name, coded, .day(due), .day(submitted), .integer(due.days(until: submitted))])
                    }
                } else if due < today {
                    late.rows.append([id, name, coded, .day(due), .none, .integer(due.days(until: today))])
                }
            }
            for quarter in quarters where quarter.last < today && cell.active.contains(quarter.first) && cell.active.contains(quarter.last)
            {
                let columns = quarter.months.map { $0.index - periodMonths[0].index }
                if !columns.contains(where: { held[row * width + $0].thematic > 0 }) {
                    thematic.rows.append([id, name, quarter.coded(language)])
                }
            }
        }
        let details = [skipped, offDay, committee, thematic, late]
        let summary = ReportTable(
            key: "summary", columns: ["issue", "cases", "cells"],
            rows: details.map { table in
                [
                    .coded(code: table.key, label: ReportLabels.table(table.key, language)), .integer(table.rows.count),
                    .integer(Set(table.rows.map { $0[0] }).count),
                ]
            })
        return Report(kind: .regularity, period: period.code, tables: [summary] + details)
    }
}
