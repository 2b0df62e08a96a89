/// Recommendations received in a period: where each stands and how long it has waited (to its answer, or to
/// `today` while unanswered), with counts per status.
public enum RecommendationsReport {
    public static func build(
        _ recommendations: [Recommendation], unitOf meeting: [String: String], period: Period, today: CalendarDay, language: Language
    ) -> Report {
        let inPeriod = recommendations.filter { period.contains($0.steps[0].day) }
            .sorted { ($0.steps[0].day, $0.id) < ($1.steps[0].day, $1.id) }
        var list = ReportTable(
            key: "recommendations",
            columns: [
                "id", "unit_id", "received_by", "status", "received_on", "forwarded_on", "answered_on", "days_waiting", "text",
            ])
        for item in inPeriod {
            func day(_ status: Recommendation.Status) -> ReportValue {
                item.steps.first { $0.status == status }.map { .day($0.day) } ?? .none
            }
            list.rows.append([
                .text(item.id), .text(meeting[item.meetingID] ?? ""), .text(item.receivedBy), item.status.coded(language),
                day(.received), day(.forwarded), day(.answered), .integer(item.daysWaiting(today: today)), .text(item.text),
            ])
        }
        let summary = ReportTable(
            key: "by_status", columns: ["status", "count", "average_days_waiting", "longest_days_waiting"],
            rows: Recommendation.Status.allCases.map { status in
                let waits = inPeriod.filter { $0.status == status }.map { $0.daysWaiting(today: today) }
                return [
                    status.coded(language), .ratio(part: waits.count, whole: inPeriod.count),
                    waits.isEmpty ? .none : .hundredths(VietnameseNumber.averageHundredths(waits.reduce(0, +), count: waits.count)),
                    waits.max().map { .integer($0) } ?? .none,
                ]
            })
        return Report(kind: .recommendations, period: period.code, tables: [summary, list])
    }
}
