import Foundation

/// A calendar month, "yyyy-MM".
public struct CalendarMonth: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Months counted from January of year 0: consecutive months have consecutive indices.
    public var index: Int { year * 12 + month - 1 }

    /// The month of `index`, which must come from a month's `index` (plus or minus whole months within years 1–9999).
    public init(index: Int) {
        year = index / 12
        month = index % 12 + 1
    }

    /// Parses "yyyy-MM" or "MM/yyyy".
    public init?(_ text: String) {
        // "yyyy-MM", the stored form, read by the ten thousand for a report: byte by byte, nothing allocated.
        var (year, month, length, stored) = (0, 0, 0, true)
        for byte in text.utf8 {
            let digit = Int(byte) - 48
            switch length {
            case 0..<4 where (0...9).contains(digit): year = year * 10 + digit
            case 4 where byte == UInt8(ascii: "-"): break
            case 5..<7 where (0...9).contains(digit): month = month * 10 + digit
            default: stored = false
            }
            length += 1
            if !stored { break }
        }
        if stored, length == 7 {
            self.init(year: year, month: month)
            return
        }
        let dash = text.split(separator: "-")
        let slash = text.split(separator: "/")
        if dash.count == 2, let y = Int(dash[0]), let m = Int(dash[1]) {
            self.init(year: y, month: m)
        } else if slash.count == 2, let m = Int(slash[0]), let y = Int(slash[1]) {
            self.init(year: y, month: m)
        } else {
            return nil
        }
    }

    public var first: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }
    public var last: CalendarDay { CalendarDay(year: year, month: month, day: CalendarDay.daysIn(month: month, year: year))! }
    public var iso: String { CalendarDay.digits(year, 4) + "-" + CalendarDay.digits(month, 2) }
    public var description: String { CalendarDay.digits(month, 2) + "/" + CalendarDay.digits(year, 4) }

    public static func < (a: CalendarMonth, b: CalendarMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// A cell's monthly report to its committee: which month, when it was sent, by whom.
public struct MonthlyReport: Hashable, Sendable, Codable {
    public let unitID: String
    public let month: CalendarMonth
    public let submittedOn: CalendarDay
    public let submittedBy: String

    public init(unitID: String, month: CalendarMonth, submittedOn: CalendarDay, submittedBy: String, today: CalendarDay) throws {
        guard submittedOn <= today else { throw ModelError(.futureDate, "a report cannot be submitted on \(submittedOn), after today") }
        guard month.first <= submittedOn else {
            throw ModelError(.outOfRange, "the report for \(month) cannot be submitted on \(submittedOn), before the month began")
        }
        self.unitID = unitID
        self.month = month
        self.submittedOn = submittedOn
        self.submittedBy = VietnameseText.normalized(submittedBy)
    }
}

/// The yearly rating of a cell or a member. Which grades a year allows is `GradeScale`'s business.
public enum RatingGrade: String, Sendable, Codable, CaseIterable {
    case excellent = "hoan_thanh_xuat_sac"
    case good = "hoan_thanh_tot"
    case completed = "hoan_thanh"
    case notCompleted = "khong_hoan_thanh"
    /// Cells before 2018: the top grade.
    case cleanAndStrong = "trong_sach_vung_manh"
    /// Cells before 2018: the lowest grade.
    case weak = "yeu_kem"

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.excellent, .vi): "Hoàn thành xuất sắc nhiệm vụ"
        case (.good, .vi): "Hoàn thành tốt nhiệm vụ"
        case (.completed, .vi): "Hoàn thành nhiệm vụ"
        case (.notCompleted, .vi): "Không hoàn thành nhiệm vụ"
        case (.cleanAndStrong, .vi): "Trong sạch vững mạnh"
        case (.weak, .vi): "Yếu kém"
        case (.excellent, .en): "Excellent"
        case (.good, .en): "Good"
        case (.completed, .en): "Completed"
        case (.notCompleted, .en): "Not completed"
        case (.cleanAndStrong, .en): "Clean and strong"
        case (.weak, .en): "Weak"
        }
    }
}

public struct Rating: Hashable, Sendable, Codable {
    public enum Subject: Hashable, Sendable, Codable {
        case unit(String)
        case member(String)
    }

    public let year: Int
    public let subject: Subject
    public let grade: RatingGrade
    /// The committee that decided it.
    public let decidedBy: String

    public init(year: Int, subject: Subject, grade: RatingGrade, decidedBy: String, today: CalendarDay) throws {
        guard (1930...today.year).contains(year) else {
            throw ModelError(.outOfRange, "a rating for \(year) is not possible on \(today)")
        }
        let scale = GradeScale.of(year: year, subject: subject)
        guard scale.grades.contains(grade) else {
            throw ModelError(
                .gradeNotOnScale,
                "grade \(grade.rawValue) is not on the \(year) scale for \(subject.noun): "
                    + scale.grades.map(\.rawValue).joined(separator: ", "))
        }
        self.year = year
        self.subject = subject
        self.grade = grade
        self.decidedBy = decidedBy
    }
}
