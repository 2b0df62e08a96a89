/// A measure a board sets itself a target on: the share of something, always "at least".
public enum TargetMetric: String, Sendable, CaseIterable {
    /// Cells rated "hoàn thành tốt nhiệm vụ" or better (seed 004: ≥ 90%).
    case cellsGoodOrBetter = "cells-good-or-better"
    /// Members rated "hoàn thành tốt nhiệm vụ" or better.
    case membersGoodOrBetter = "members-good-or-better"
    /// Cells whose meetings are classed tốt over the period.
    case cellsQualityGood = "cells-quality-good"
    /// Members present at the regular and thematic meetings they were expected at, exempt members left out.
    case participation = "participation"
    /// Đề án 13: cell committee members and group leaders with upper secondary education.
    case cadreUpperSecondary = "cadre-upper-secondary"
    /// … with an intermediate or higher professional qualification.
    case cadreProfessionalIntermediate = "cadre-professional-intermediate"
    /// … with elementary or higher political theory.
    case cadreTheoryElementary = "cadre-theory-elementary"
    /// … with intermediate or higher political theory.
    case cadreTheoryIntermediate = "cadre-theory-intermediate"
    /// … trained in party work after the congress.
    case cadreTrained = "cadre-trained"

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.cellsGoodOrBetter, .vi): "Chi bộ hoàn thành tốt nhiệm vụ trở lên"
        case (.membersGoodOrBetter, .vi): "Đảng viên hoàn thành tốt nhiệm vụ trở lên"
        case (.cellsQualityGood, .vi): "Chi bộ có chất lượng sinh hoạt tốt"
        case (.participation, .vi): "Đảng viên tham gia sinh hoạt"
        case (.cadreUpperSecondary, .vi): "Cấp ủy viên, tổ trưởng tổ đảng tốt nghiệp THPT"
        case (.cadreProfessionalIntermediate, .vi): "Chuyên môn trung cấp trở lên"
        case (.cadreTheoryElementary, .vi): "Lý luận chính trị sơ cấp trở lên"
        case (.cadreTheoryIntermediate, .vi): "Lý luận chính trị trung cấp trở lên"
        case (.cadreTrained, .vi): "Được bồi dưỡng nghiệp vụ công tác đảng"
        case (.cellsGoodOrBetter, .en): "Cells rated good or better"
        case (.membersGoodOrBetter, .en): "Members rated good or better"
        case (.cellsQualityGood, .en): "Cells with good meeting quality"
        case (.participation, .en): "Members' participation"
        case (.cadreUpperSecondary, .en): "Cell cadres with upper secondary education"
        case (.cadreProfessionalIntermediate, .en): "Intermediate or higher professional level"
        case (.cadreTheoryElementary, .en): "Elementary or higher political theory"
        case (.cadreTheoryIntermediate, .en): "Intermediate or higher political theory"
        case (.cadreTrained, .en): "Trained in party work"
        }
    }

    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

/// "At least `hundredths`/100 percent of `metric`", set by a board in its rule set (docs/rules.md, `target`).
public struct Target: Hashable, Sendable {
    public let metric: TargetMetric
    /// The percentage in hundredths: 90% is 9000, 92,5% is 9250.
    public let hundredths: Int

    public init(_ metric: TargetMetric, hundredths: Int) {
        self.metric = metric
        self.hundredths = hundredths
    }

    /// Whether part/whole reaches the target, compared exactly; nothing measured meets no target.
    public func isMet(part: Int, whole: Int) -> Bool { whole > 0 && part * 10_000 >= hundredths * whole }
}

/// The "targets" table a report ends with: each measure it computes that the board set a target on, actual
/// against target.
public enum TargetTable {
    public static let key = "targets"

    public static func build(_ actuals: [(metric: TargetMetric, part: Int, whole: Int)], targets: [Target], language: Language)
        -> ReportTable
    {
        var table = ReportTable(key: key, columns: ["target", "actual", "target_percent", "met"])
        for actual in actuals {
            guard let target = targets.first(where: { $0.metric == actual.metric }) else { continue }
            table.rows.append([
                actual.metric.coded(language), .ratio(part: actual.part, whole: actual.whole), .hundredths(target.hundredths),
                .flag(target.isMet(part: actual.part, whole: actual.whole)),
            ])
        }
        return table
    }
}
