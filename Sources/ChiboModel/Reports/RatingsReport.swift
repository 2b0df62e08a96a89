/// Yearly ratings of cells, members and committee members as counts and shares on the grade scale of the year,
/// in the seeds' form "2.364/3.174 = 74,48%"; the cumulative "hoàn thành tốt nhiệm vụ trở lên" in the form
/// "(604+2.364)/3.174 = 93,51%"; and the board's targets on it.
public enum RatingsReport {
    /// Who a table counts.
    public enum Group: String, Sendable, CaseIterable {
        case cells
        case members
        /// Members who held a position in a committee during the year.
        case committeeMembers = "committee_members"

        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.cells, .vi): "Chi bộ"
            case (.members, .vi): "Đảng viên"
            case (.committeeMembers, .vi): "Cấp ủy viên"
            case (.cells, .en): "Cells"
            case (.members, .en): "Members"
            case (.committeeMembers, .en): "Committee members"
            }
        }
    }

    public static func build(
        _ ratings: [Rating], year: Int, committeeMembers: Set<String>, targets: [Target], language: Language
    ) -> Report {
        // In one pass, without copying the year's ratings first: a province's year is 61.000 of them.
        var cells: [RatingGrade] = []
        var members: [RatingGrade] = []
        var committee: [RatingGrade] = []
        for rating in ratings where rating.year == year {
            switch rating.subject {
            case .unit: cells.append(rating.grade)
            case .member(let id):
                members.append(rating.grade)
                if committeeMembers.contains(id) { committee.append(rating.grade) }
            }
        }
        let groups: [(Group, GradeScale, [RatingGrade])] = [
            (.cells, GradeScale.of(year: year, subject: .cells), cells),
            (.members, GradeScale.of(year: year, subject: .members), members),
            (.committeeMembers, GradeScale.of(year: year, subject: .members), committee),
        ]
        // Each group's grades counted in one pass: a province's year is 61.000 ratings.
        let counted = groups.map { _, _, grades in grades.reduce(into: [RatingGrade: Int]()) { $0[$1, default: 0] += 1 } }
        var tables = zip(groups, counted).map { group, counts in
            ReportTable(
                key: group.0.rawValue, columns: ["grade", "count", "share"],
                rows: group.1.grades.map { grade in
                    let count = counts[grade] ?? 0
                    return [grade.coded(language), .integer(count), .ratio(part: count, whole: group.2.count)]
                })
        }
        var cumulative = ReportTable(key: "good_or_better", columns: ["group", "count", "share", "figure"])
        var actuals: [(metric: TargetMetric, part: Int, whole: Int)] = []
        for ((group, scale, grades), byGrade) in zip(groups, counted) {
            let counts = scale.grades.prefix(scale.goodOrBetter).map { byGrade[$0] ?? 0 }
            let part = counts.reduce(0, +)
            let figure =
                "(" + counts.map { VietnameseNumber.integer($0, language) }.joined(separator: "+") + ")/"
                + VietnameseNumber.integer(grades.count, language)
                + (VietnameseNumber.percent(part, of: grades.count, language).map { " = " + $0 } ?? "")
            cumulative.rows.append([
                .coded(code: group.rawValue, label: group.label(language)), .integer(part), .ratio(part: part, whole: grades.count),
                .coded(code: counts.map(String.init).joined(separator: "+") + "/" + String(grades.count), label: figure),
            ])
            switch group {
            case .cells: actuals.append((.cellsGoodOrBetter, part, grades.count))
            case .members: actuals.append((.membersGoodOrBetter, part, grades.count))
            case .committeeMembers: break
            }
        }
        tables.append(cumulative)
        tables.append(TargetTable.build(actuals, targets: targets, language: language))
        return Report(kind: .ratings, period: String(year), tables: tables)
    }
}
