/// Đề án 13 (seed 004): the qualifications of cell committee members and party group leaders, each member as
/// last stated on or before the period's last day, as shares against the Đề án's measures (upper secondary
/// education; intermediate or higher professional level; elementary and intermediate or higher political
/// theory; trained in party work), per post and in all, with the board's targets.
public enum CadresReport {
    static let measures: [(TargetMetric, @Sendable (Qualification) -> Bool)] = [
        (.cadreUpperSecondary, { $0.generalEducation == .upperSecondary }),
        (.cadreProfessionalIntermediate, { $0.professionalLevel >= .intermediate }),
        (.cadreTheoryElementary, { $0.politicalTheory >= .elementary }),
        (.cadreTheoryIntermediate, { $0.politicalTheory >= .intermediate }),
        (.cadreTrained, { $0.partyWorkTrainedOn != nil }),
    ]

    public static func build(_ statements: [Qualification], period: Period, targets: [Target], language: Language) -> Report {
        var latest: [String: Qualification] = [:]
        for statement in statements where statement.asOf <= period.last {
            if let known = latest[statement.memberID], (known.asOf, known.id) > (statement.asOf, statement.id) { continue }
            latest[statement.memberID] = statement
        }
        let counted = Array(latest.values)
        var shares = ReportTable(key: "shares", columns: ["target", "count", "share"])
        var actuals: [(metric: TargetMetric, part: Int, whole: Int)] = []
        for (metric, holds) in measures {
            let part = counted.filter(holds).count
            shares.rows.append([metric.coded(language), .integer(part), .ratio(part: part, whole: counted.count)])
            actuals.append((metric, part, counted.count))
        }
        var byPost = ReportTable(key: "by_post", columns: ["post", "members"] + measures.map(\.0.rawValue))
        for post in Qualification.Post.allCases {
            let holding = counted.filter { $0.post == post }
            byPost.rows.append(
                [post.coded(language), .integer(holding.count)]
                    + measures.map { _, holds in .ratio(part: holding.filter(holds).count, whole: holding.count) })
        }
        return Report(
            kind: .cadres, period: period.code,
            tables: [shares, TargetTable.build(actuals, targets: targets, language: language), byPost])
    }
}

extension Qualification.ProfessionalLevel: Comparable {
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

extension Qualification.PoliticalTheory: Comparable {
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

extension Qualification.Post {
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.cellSecretary, .vi): "Bí thư chi bộ"
        case (.cellDeputySecretary, .vi): "Phó bí thư chi bộ"
        case (.cellCommitteeMember, .vi): "Chi ủy viên"
        case (.groupLeader, .vi): "Tổ trưởng tổ đảng"
        case (.cellSecretary, .en): "Cell secretary"
        case (.cellDeputySecretary, .en): "Deputy cell secretary"
        case (.cellCommitteeMember, .en): "Cell committee member"
        case (.groupLeader, .en): "Party group leader"
        }
    }

    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}
