/// The grades a year's ratings may use, best first, and how many of the best count as "hoàn thành tốt nhiệm
/// vụ trở lên". Cells were rated "trong sạch vững mạnh / hoàn thành tốt nhiệm vụ / hoàn thành nhiệm vụ / yếu
/// kém" until the 2017 ratings (seed 001's 2014 and 2015 figures); from 2018 cells and members share the
/// four grades of today. Members' ratings before 2018 are kept on today's scale.
public struct GradeScale: Hashable, Sendable {
    public enum Subject: String, Sendable {
        case cells, members
    }

    public let code: String
    public let subject: Subject
    public let years: ClosedRange<Int>
    public let grades: [RatingGrade]
    /// The first `goodOrBetter` grades make up "hoàn thành tốt nhiệm vụ trở lên".
    public let goodOrBetter: Int

    public static let all: [GradeScale] = [
        GradeScale(
            code: "chi-bo-truoc-2018", subject: .cells, years: 1930...2017,
            grades: [.cleanAndStrong, .good, .completed, .weak], goodOrBetter: 2),
        GradeScale(
            code: "chi-bo-tu-2018", subject: .cells, years: 2018...9999,
            grades: [.excellent, .good, .completed, .notCompleted], goodOrBetter: 2),
        GradeScale(
            code: "dang-vien", subject: .members, years: 1930...9999,
            grades: [.excellent, .good, .completed, .notCompleted], goodOrBetter: 2),
    ]

    /// The scale for `year`'s ratings of `subject`; every year from 1930 has one.
    public static func of(year: Int, subject: Subject) -> GradeScale {
        all.first { $0.subject == subject && $0.years.contains(year) } ?? all.last { $0.subject == subject }!
    }

    public static func of(year: Int, subject: Rating.Subject) -> GradeScale {
        if case .unit = subject { of(year: year, subject: .cells) } else { of(year: year, subject: .members) }
    }

    public func isGoodOrBetter(_ grade: RatingGrade) -> Bool { grades.prefix(goodOrBetter).contains(grade) }
}

extension Rating.Subject {
    var noun: String {
        if case .unit = self { "cells" } else { "members" }
    }
}
