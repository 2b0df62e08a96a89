/// One exemption from party activity as a report reads it: the member, their cell, the reason and the days.
public struct ExemptionFacts: Hashable, Sendable {
    public let memberID: String
    public let fullName: String
    public let birthYear: Int?
    public let cellID: String
    public let reason: String
    public let days: DayRange
    /// The name's place among people, `VietnameseCollation.personSortKey`: the store passes the key it keeps
    /// with each member, so a report of a province's 4.600 exemptions does not work out each name's key again.
    public let sortKey: [UInt8]

    public init(
        memberID: String, fullName: String, birthYear: Int?, cellID: String, reason: String, days: DayRange, sortKey: [UInt8]? = nil
    ) {
        self.memberID = memberID
        self.fullName = fullName
        self.birthYear = birthYear
        self.cellID = cellID
        self.reason = reason
        self.days = days
        self.sortKey = sortKey ?? VietnameseCollation.personSortKey(fullName)
    }
}

/// Exemptions (miễn sinh hoạt) in force during the period: who, in which cell, since when, why, how old
/// (the age reached in the period's last year, from the birth year); and, against the board's criteria,
/// those that do not meet them (seed 001: "xét miễn sinh hoạt ... không đúng quy định").
public enum ExemptionsReport {
    public static func build(
        _ exemptions: [ExemptionFacts], criteria: ExemptionCriteria?, period: Period, tree: UnitTree, language: Language
    ) -> Report {
        let columns = ["member_id", "full_name", "unit_id", "name", "from", "until", "reason", "age"]
        var all = ReportTable(key: "exemptions", columns: columns + ["meets_criteria"])
        var failing = ReportTable(key: "not_meeting_criteria", columns: columns + ["failure"])
        let inPeriod = exemptions.filter { $0.days.overlaps(period.days) }
        let sorted = inPeriod.sorted { a, b in
            if a.cellID != b.cellID { return a.cellID < b.cellID }
            if a.sortKey != b.sortKey { return a.sortKey.lexicographicallyPrecedes(b.sortKey) }
            return (a.memberID, a.days.start) < (b.memberID, b.days.start)
        }
        for exemption in sorted {
            let age = exemption.birthYear.map { period.last.year - $0 }
            let row: [ReportValue] = [
                .text(exemption.memberID), .text(exemption.fullName), .text(exemption.cellID), .text(tree[exemption.cellID]?.name ?? ""),
                .day(exemption.days.start), exemption.days.end.map(ReportValue.day) ?? .none, .text(exemption.reason),
                age.map(ReportValue.integer) ?? .none,
            ]
            guard let criteria else {
                all.rows.append(row + [.none])
                continue
            }
            let failure = criteria.check(reason: exemption.reason, age: age)
            all.rows.append(row + [.flag(failure == nil)])
            if let failure { failing.rows.append(row + [failure.coded(language)]) }
        }
        return Report(kind: .exemptions, period: period.code, tables: [all, failing])
    }
}
