/// A report's stable name ("visits_by_level"). A struct rather than an enum, so that a report is declared
/// beside its builder; `ReportKinds.all` lists them.
public struct ReportKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let compliance = ReportKind(rawValue: "compliance")
    public static let visitsByLevel = ReportKind(rawValue: "visits_by_level")
    public static let regularity = ReportKind(rawValue: "regularity")
    public static let participation = ReportKind(rawValue: "participation")
    public static let quality = ReportKind(rawValue: "quality")
    public static let ratings = ReportKind(rawValue: "ratings")
    public static let recommendations = ReportKind(rawValue: "recommendations")
    public static let coverage = ReportKind(rawValue: "coverage")
    public static let due = ReportKind(rawValue: "due")
    public static let cadres = ReportKind(rawValue: "cadres")
    public static let exemptions = ReportKind(rawValue: "exemptions")

    /// How the command line writes it: with dashes (visits-by-level).
    public var argument: String { rawValue.replacingOccurrences(of: "_", with: "-") }
}

public enum ReportValue: Hashable, Sendable {
    case text(String)
    case integer(Int)
    /// A count out of a whole, printed in the seeds' form "2.364/3.174 = 74,48%".
    case ratio(part: Int, whole: Int)
    /// A number with two decimals, kept as hundredths (an average score of 87,5 is 8750).
    case hundredths(Int)
    case day(CalendarDay)
    case flag(Bool)
    /// A value with a stable code for machines and a label for people (a quality class, a level, a verdict).
    case coded(code: String, label: String)
    case none

    /// The machine form of a value: its code if it has one, the text otherwise.
    public var code: String? {
        switch self {
        case .coded(let code, _): code
        case .text(let text): text
        default: nil
        }
    }

    public func formatted(_ language: Language) -> String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return VietnameseNumber.integer(value, language)
        case .ratio(let part, let whole): return VietnameseNumber.share(part, of: whole, language)
        case .hundredths(let value): return VietnameseNumber.hundredths(value, language)
        case .day(let day): return day.vietnamese
        case .flag(let flag): return language == .vi ? (flag ? "có" : "không") : (flag ? "yes" : "no")
        case .coded(_, let label): return label
        case .none: return ""
        }
    }
}

public struct ReportTable: Hashable, Sendable {
    public let key: String
    public let columns: [String]
    public var rows: [[ReportValue]]

    public init(key: String, columns: [String], rows: [[ReportValue]] = []) {
        self.key = key
        self.columns = columns
        self.rows = rows
    }
}

public struct Report: Hashable, Sendable {
    public let kind: ReportKind
    /// The period asked for, as a code ("2025-Q2"), or a day for reports as of a day ("2025-06-30").
    public let period: String
    public let tables: [ReportTable]

    public init(kind: ReportKind, period: String, tables: [ReportTable]) {
        self.kind = kind
        self.period = period
        self.tables = tables
    }

    public func table(_ key: String) -> ReportTable? { tables.first { $0.key == key } }
}

/// Meeting quality classes of guidance 12-HD/BTCTW: tốt ≥ 90, khá 70–<90, trung bình 50–<70, kém < 50.
public enum QualityClass: String, Sendable, CaseIterable {
    case good = "tot"
    case fair = "kha"
    case average = "trung_binh"
    case poor = "kem"

    /// The class of `total / count` scores, compared exactly (no rounding of the average first).
    public init(total: Int, count: Int) {
        if total >= 90 * count {
            self = .good
        } else if total >= 70 * count {
            self = .fair
        } else if total >= 50 * count {
            self = .average
        } else {
            self = .poor
        }
    }

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.good, .vi): "Tốt"
        case (.fair, .vi): "Khá"
        case (.average, .vi): "Trung bình"
        case (.poor, .vi): "Kém"
        case (.good, .en): "Good"
        case (.fair, .en): "Fair"
        case (.average, .en): "Average"
        case (.poor, .en): "Poor"
        }
    }
}
