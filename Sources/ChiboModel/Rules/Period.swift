import Foundation

/// How long a quota period lasts.
public enum PeriodKind: String, Sendable, Codable, CaseIterable, Comparable {
    case month
    case quarter
    case halfYear = "half_year"
    case year

    /// Months in one period of this kind.
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .halfYear: 6
        case .year: 12
        }
    }

    public static func < (a: PeriodKind, b: PeriodKind) -> Bool { a.months < b.months }
}

/// A calendar period: a month, a quarter, a half-year or a year. Written "2025-05", "2025-Q2", "2025-H1",
/// "2025" (or the clerk's "05/2025", "Q2/2025", "H1/2025").
public struct Period: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let kind: PeriodKind
    public let year: Int
    /// 1-based index within the year: the month, quarter or half; 1 for a year.
    public let index: Int

    public init?(kind: PeriodKind, year: Int, index: Int) {
        guard (1...9999).contains(year), (1...(12 / kind.months)).contains(index) else { return nil }
        self.kind = kind
        self.year = year
        self.index = index
    }

    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces).uppercased()
        if text.count == 4, let year = Int(text) {
            self.init(kind: .year, year: year, index: 1)
            return
        }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard parts.count == 2 else { return nil }
        let (yearText, rest) = parts[0].count == 4 ? (parts[0], parts[1]) : (parts[1], parts[0])
        guard yearText.count == 4, let year = Int(yearText) else { return nil }
        if rest.hasPrefix("Q"), let q = Int(rest.dropFirst()) {
            self.init(kind: .quarter, year: year, index: q)
        } else if rest.hasPrefix("H"), let h = Int(rest.dropFirst()) {
            self.init(kind: .halfYear, year: year, index: h)
        } else if let m = Int(rest), rest.count <= 2 {
            self.init(kind: .month, year: year, index: m)
        } else {
            return nil
        }
    }

    /// The period of `kind` that contains `day`.
    public static func containing(_ day: CalendarDay, kind: PeriodKind) -> Period {
        Period(kind: kind, year: day.year, index: (day.month - 1) / kind.months + 1)!
    }

    public var firstMonth: Int { (index - 1) * kind.months + 1 }
    public var first: CalendarDay { CalendarDay(year: year, month: firstMonth, day: 1)! }
    public var last: CalendarDay {
        let month = firstMonth + kind.months - 1
        return CalendarDay(year: year, month: month, day: CalendarDay.daysIn(month: month, year: year))!
    }
    public var days: DayRange { try! DayRange(from: first, until: last) }  // first <= last by construction
    public var dayCount: Int { first.days(until: last) + 1 }

    public func contains(_ day: CalendarDay) -> Bool { first <= day && day <= last }

    /// The periods of a shorter (or equal) kind that make up this one, in order.
    public func split(into kind: PeriodKind) -> [Period] {
        precondition(kind <= self.kind)
        let count = self.kind.months / kind.months
        let start = (firstMonth - 1) / kind.months + 1
        return (start..<(start + count)).map { Period(kind: kind, year: year, index: $0)! }
    }

    /// Machine form, as parsed: "2025-05", "2025-Q2", "2025-H1", "2025".
    public var code: String {
        switch kind {
        case .month: CalendarDay.digits(year, 4) + "-" + CalendarDay.digits(index, 2)
        case .quarter: "\(year)-Q\(index)"
        case .halfYear: "\(year)-H\(index)"
        case .year: String(year)
        }
    }

    public var description: String { code }

    public func label(_ language: Language) -> String {
        let roman = ["I", "II", "III", "IV"]
        switch (kind, language) {
        case (.month, .vi): return "Tháng " + CalendarDay.digits(index, 2) + "/" + CalendarDay.digits(year, 4)
        case (.quarter, .vi): return "Quý \(roman[index - 1])/\(year)"
        case (.halfYear, .vi): return index == 1 ? "6 tháng đầu năm \(year)" : "6 tháng cuối năm \(year)"
        case (.year, .vi): return "Năm \(year)"
        case (.month, .en): return CalendarDay.digits(index, 2) + "/" + CalendarDay.digits(year, 4)
        case (.quarter, .en): return "Q\(index) \(year)"
        case (.halfYear, .en): return "H\(index) \(year)"
        case (.year, .en): return "Year \(year)"
        }
    }

    public static func < (a: Period, b: Period) -> Bool { (a.first, a.last) < (b.first, b.last) }
}
