/// Meeting regularity: cells that skipped a regular meeting in a month, met off their fixed day, met without
/// their cell committee meeting first, held no thematic meeting in a quarter, or sent their monthly report
/// late (or not at all). Only months and quarters that are over by `today` and in which the cell was active
/// throughout are judged.
public enum RegularityReport {
    public static func build(
        cells: [CellFacts], meetings: [MeetingFacts], reports: [MonthlyReport], period: Period, reportDueDay: Int,
        today: CalendarDay, language: Language = .vi
    ) -> Report {
        // Meetings by their place in `meetings`: each cell's are sorted and split by month without copying them.
        var meetingsByCell: [String: [Int]] = [:]
        for index in meetings.indices { meetingsByCell[meetings[index].unitID, default: []].append(index) }
        let reportsByCell = Dictionary(grouping: reports, by: \.unitID)
        var skipped = ReportTable(key: "skipped_regular", columns: ["unit_id", "name", "month"])
        var offDay = ReportTable(key: "off_day", columns: ["unit_id", "name", "meeting_id", "date", "regular_day"])
        var committee = ReportTable(key: "committee_not_first", columns: ["unit_id", "name", "meeting_id", "date"])
        var thematic = ReportTable(key: "no_thematic", columns: ["unit_id", "name", "quarter"])
        var late = ReportTable(key: "late_report", columns: ["unit_id", "name", "month", "due_on", "submitted_on", "days_late"])
        let quarters = period.kind >= .quarter ? period.split(into: .quarter) : []
        for cell in cells.sorted(by: { $0.id < $1.id }) {
            let own = (meetingsByCell[cell.id] ?? []).sorted { (meetings[$0].date, meetings[$0].id) < (meetings[$1].date, meetings[$1].id) }
                .map { meetings[$0] }
            // By day: a month's meetings are the run that starts where the months before it ended.
            var next = 0
            for month in period.months where month.last < today && cell.active.contains(month.first) && cell.active.contains(month.last) {
                while next < own.count, own[next].date < month.first { next += 1 }
                let start = next
                while next < own.count, own[next].date <= month.last { next += 1 }
                let inMonth = own[start..<next]
                let regular = inMonth.filter { $0.kind == .regular }
                if regular.isEmpty { skipped.rows.append([.text(cell.id), .text(cell.name), month.coded]) }
                for meeting in regular {
                    if let day = cell.regularMeetingDay,
                        meeting.date.day != min(day, CalendarDay.daysIn(month: month.month, year: month.year))
                    {
                        offDay.rows.append([.text(cell.id), .text(cell.name), .text(meeting.id), .day(meeting.date), .integer(day)])
                    }
                    let committeeBefore = inMonth.contains { $0.kind == .cellCommittee && $0.date <= meeting.date }
                    if !meeting.committeeMetFirst && !committeeBefore {
                        committee.rows.append([.text(cell.id), .text(cell.name), .text(meeting.id), .day(meeting.date)])
                    }
                }
                let next =
                    month.month == 12
                    ? CalendarMonth(year: month.year + 1, month: 1)! : CalendarMonth(year: month.year, month: month.month + 1)!
                let due = CalendarDay(
                    year: next.year, month: next.month, day: min(reportDueDay, CalendarDay.daysIn(month: next.month, year: next.year)))!
                let sent = reportsByCell[cell.id]?.first { $0.month == month }
                if let sent, sent.submittedOn > due {
                    late.rows.append([
                        .text(cell.id), .text(cell.name), month.coded, .day(due), .day(sent.submittedOn),
                        .integer(due.days(until: sent.submittedOn)),
                    ])
                } else if sent == nil, due < today {
                    late.rows.append([
                        .text(cell.id), .text(cell.name), month.coded, .day(due), .none, .integer(due.days(until: today)),
                    ])
                }
            }
            for quarter in quarters where quarter.last < today && cell.active.contains(quarter.first) && cell.active.contains(quarter.last)
            {
                if !own.contains(where: { $0.kind == .thematic && quarter.contains($0.date) }) {
                    thematic.rows.append([.text(cell.id), .text(cell.name), quarter.coded(language)])
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
