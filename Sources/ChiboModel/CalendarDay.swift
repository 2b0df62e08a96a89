import Foundation

/// A calendar day with no time of day. "Today" is the day in Asia/Ho_Chi_Minh, whatever the server's zone,
/// because that is the day the regulations and the clerks count in.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh")!

    /// Nil for an impossible date such as 31/02.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "yyyy-MM-dd" (storage and wire) or "dd/MM/yyyy" (what clerks type).
    public init?(_ text: String) {
        // The stored form is what the wire and imports carry nearly always: read it without splitting.
        if text.utf8.count == 10, let day = CalendarDay(stored: text) {
            self = day
            return
        }
        let trimmed = text.trimmedOfWhitespace
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let vn = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if iso.count == 3, iso[0].count == 4, let y = Int(iso[0]), let m = Int(iso[1]), let d = Int(iso[2]) {
            self.init(year: y, month: m, day: d)
        } else if vn.count == 3, vn[2].count == 4, let d = Int(vn[0]), let m = Int(vn[1]), let y = Int(vn[2]) {
            self.init(year: y, month: m, day: d)
        } else {
            return nil
        }
    }

    /// Parses exactly "yyyy-MM-dd" from its bytes: the stored form, read in bulk by reports, where the
    /// general parser's trimming and splitting would dominate the cost.
    public init?(stored text: String) {
        var text = text
        guard let day = text.withUTF8({ CalendarDay(storedUTF8: $0) }) else { return nil }
        self = day
    }

    /// `init(stored:)` from the text's UTF-8 bytes, as a database column holds them. Not generic: called from
    /// another module, a generic parser walked the bytes through witness tables, which cost more than the parsing.
    public init?(storedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) &- 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func today(now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = vietnam
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: c.year!, month: c.month!, day: c.day!)!
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// "yyyy-MM-dd", for storage and the wire.
    /// "Today" for rebuilding records that were checked when written: no stored record is in its future.
    public static let farFuture = CalendarDay(year: 9999, month: 12, day: 31)!

    public var iso: String { Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2) }
    /// "dd/MM/yyyy", for people.
    public var vietnamese: String { Self.digits(day, 2) + "/" + Self.digits(month, 2) + "/" + Self.digits(year, 4) }

    /// `value` with leading zeros to `width` digits (what `%0Nd` gives, without Foundation's formatter: every
    /// record written and listed, and every row of a report by month, goes through here).
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count < width ? String(repeating: "0", count: width - text.count) + text : text
    }
    public var description: String { vietnamese }

    /// Days from this day to `other` (negative when `other` is earlier), by the proleptic Gregorian calendar.
    public func days(until other: CalendarDay) -> Int { other.dayNumber - dayNumber }

    /// Days since 1 March of year 0, a count that makes differences exact without a Calendar.
    public var ordinal: Int { dayNumber }

    /// The day with this ordinal (the inverse of `ordinal`, for days of year 1 onwards).
    public init(ordinal: Int) {
        // Years of March to February, as `dayNumber` counts them; the estimate is off by at most one year.
        var y = (10_000 * ordinal + 14_780) / 3_652_425
        func start(_ y: Int) -> Int { 365 * y + y / 4 - y / 100 + y / 400 }
        if ordinal < start(y) { y -= 1 }
        if ordinal >= start(y + 1) { y += 1 }
        let dayOfYear = ordinal - start(y)
        let m = (5 * dayOfYear + 2) / 153
        self.year = m >= 10 ? y + 1 : y
        self.month = m >= 10 ? m - 9 : m + 3
        self.day = dayOfYear - (153 * m + 2) / 5 + 1
    }

    private var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 1
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
