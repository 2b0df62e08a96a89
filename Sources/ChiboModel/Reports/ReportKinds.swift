/// What the protocol, the CLI and the docs know of a report: its name, titles, what it shows, and the period
/// it covers when none is asked for. The store registers the reading of its facts under the same kind
/// (docs/architecture.md, "How to add a report").
public struct ReportDefinition: Sendable {
    public let kind: ReportKind
    public let titleVi: String
    public let titleEn: String
    /// One sentence for `chibo report --help` and docs/reports.md.
    public let summary: String
    public let defaultPeriod: PeriodKind
    /// False for a report with a command of its own (`chibo due`).
    public let listed: Bool

    public init(_ kind: ReportKind, vi: String, en: String, summary: String, defaultPeriod: PeriodKind = .year, listed: Bool = true) {
        self.kind = kind
        self.titleVi = vi
        self.titleEn = en
        self.summary = summary
        self.defaultPeriod = defaultPeriod
        self.listed = listed
    }

    public func title(_ language: Language) -> String { language == .vi ? titleVi : titleEn }
}

/// Every report, registered once.
public enum ReportKinds {
    public static let all: [ReportDefinition] = [
        ReportDefinition(
            .compliance, vi: "Thực hiện quy định dự sinh hoạt chi bộ", en: "Compliance with attendance quotas",
            summary:
                "each official against the quotas of the rule set governing their committee, summed per level and committee (--official lists every visit and why it counted or not; --details does so for all)."
        ),
        ReportDefinition(
            .visitsByLevel, vi: "Số lượt dự sinh hoạt theo cấp", en: "Visits by level",
            summary: "visits counted by the level of the visiting official's committee."),
        ReportDefinition(
            .regularity, vi: "Nền nếp sinh hoạt chi bộ", en: "Meeting regularity",
            summary:
                "skipped regular meetings, off the fixed day, cell committee not first, no thematic meeting in a quarter, monthly reports late or missing."
        ),
        ReportDefinition(
            .participation, vi: "Tỷ lệ đảng viên dự sinh hoạt", en: "Members' participation",
            summary:
                "attendance over the subtree, per committee and per cell and month (exempt members left out) against the target, cells under 85%, members absent with excuse more than 3 times in a row."
        ),
        ReportDefinition(
            .quality, vi: "Chất lượng sinh hoạt chi bộ", en: "Meeting quality",
            summary:
                "monthly and period average scores and classes (tốt ≥ 90, khá ≥ 70, trung bình ≥ 50, kém), share of cells rated tốt against the target."
        ),
        ReportDefinition(
            .ratings, vi: "Kết quả đánh giá, xếp loại", en: "Yearly ratings",
            summary:
                "a year's ratings of cells, members and committee members on that year's grade scale, \"hoàn thành tốt nhiệm vụ trở lên\" and the board's targets."
        ),
        ReportDefinition(
            .exemptions, vi: "Đảng viên được miễn sinh hoạt", en: "Members exempted from party activity",
            summary:
                "exemptions in force in the period: who, since when, why, age; and those that do not meet the board's criteria (its rule set's exemption lines)."
        ),
        ReportDefinition(
            .cadres, vi: "Trình độ cấp ủy viên chi bộ, tổ trưởng tổ đảng (Đề án 13)", en: "Cell cadres' qualifications (Đề án 13)",
            summary:
                "shares of cell committee members and party group leaders by education, professional level, political theory and party-work training, against the targets."
        ),
        ReportDefinition(
            .recommendations, vi: "Kiến nghị, đề xuất của đảng viên", en: "Members' recommendations",
            summary: "received in the period, their status and days waiting."),
        ReportDefinition(
            .coverage, vi: "Phân công phụ trách chi bộ", en: "Assignment coverage",
            summary:
                "how cells are covered (directly or through their commune), officials following each commune by level, cells no official is assigned to and officials with no assignment, on the period's last day (or today).",
            defaultPeriod: .month),
        ReportDefinition(
            .due, vi: "Chỉ tiêu dự sinh hoạt còn phải thực hiện", en: "Visits still due",
            summary: "what each official still owes in the current period, and the days left.", defaultPeriod: .month, listed: false),
    ]

    public static func definition(_ kind: ReportKind) -> ReportDefinition? { all.first { $0.kind == kind } }

    public static var names: String { all.map(\.kind.rawValue).joined(separator: ", ") }
}

/// What a report assumes when the request leaves a setting out (0 on the wire).
public enum ReportDefaults {
    /// quality: the share of cells rated tốt a board aims for, in percent.
    public static let targetPercent = 80
    /// regularity: a month's report is due by this day of the next month.
    public static let reportDueDay = 5
}
