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

    /// How many ratings of the year each group has of each grade.
    public struct Counts: Sendable, Equatable {
        public var cells: [RatingGrade: Int] = [:]
        public var members: [RatingGrade: Int] = [:]
        /// Of the members, those who held a position in a committee during the year.
        public var committeeMembers: [RatingGrade: Int] = [:]

        public init(cells: [RatingGrade: Int] = [:], members: [RatingGrade: Int] = [:], committeeMembers: [RatingGrade: Int] = [:]) {
            self.cells = cells
            self.members = members
            self.committeeMembers = committeeMembers
        }

        /// The ratings of `year` among `ratings`, counted.
        public init(_ ratings: [Rating], year: Int, committeeMembers: Set<String>) {
            for rating in ratings where rating.year == year {
                switch rating.subject {
                case .unit: cells[rating.grade, default: 0] += 1
                case .member(let id):
                    members[rating.grade, default: 0] += 1
                    if committeeMembers.contains(id) { self.committeeMembers[rating.grade, default: 0] += 1 }
                }
            }
        }
    }

    public static func build(
        _ ratings: [Rating], year: Int, committeeMembers: Set<String>, targets: [Target], language: Language
    ) -> Report {
        build(Counts(ratings, year: year, committeeMembers: committeeMembers), year: year, targets: targets, language: language)
    }

    /// The report from the counts alone: the store counts a province's 61.000 ratings as it reads them, without
    /// making records of them.
    public static func build(_ counts: Counts, year: Int, targets: [Target], language: Language) -> Report {
        let groups: [(group: Group, scale: GradeScale, byGrade: [RatingGrade: Int])] = [
            (.cells, GradeScale.of(year: year, subject: .cells), counts.cells),
            (.members, GradeScale.of(year: year, subject: .members), counts.members),
            (.committeeMembers, GradeScale.of(year: year, subject: .members), counts.committeeMembers),
        ]
        var tables: [ReportTable] = []
        var cumulative = ReportTable(key: "good_or_better", columns: ["group", "count", "share", "figure"])
        var actuals: [(metric: TargetMetric, part: Int, whole: Int)] = []
        for (group, scale, byGrade) in groups {
            let total = byGrade.values.reduce(0, +)
            tables.append(
                ReportTable(
                    key: group.rawValue, columns: ["grade", "count", "share"],
                    rows: scale.grades.map { grade in
                        let count = byGrade[grade] ?? 0
                        return [grade.coded(language), .integer(count), .ratio(part: count, whole: total)]
                    }))
            let counts = scale.grades.prefix(scale.goodOrBetter).map { byGrade[$0] ?? 0 }
            let part = counts.reduce(0, +)
            let figure =
                "(" + counts.map { VietnameseNumber.integer($0, language) }.joined(separator: "+") + ")/"
                + VietnameseNumber.integer(total, language)
                + (VietnameseNumber.percent(part, of: total, language).map { " = " + $0 } ?? "")
            cumulative.rows.append([
                .coded(code: group.rawValue, label: group.label(language)), .integer(part), .ratio(part: part, whole: total),
                .coded(code: counts.map(String.init).joined(separator: "+") + "/" + String(total), label: figure),
            ])
            switch group {
            case .cells: actuals.append((.cellsGoodOrBetter, part, total))
            case .members: actuals.append((.membersGoodOrBetter, part, total))
            case .committeeMembers: break
            }
        }
        tables.append(cumulative)
        tables.append(TargetTable.build(actuals, targets: targets, language: language))
        return Report(kind: .ratings, period: String(year), tables: tables)
    }
}
