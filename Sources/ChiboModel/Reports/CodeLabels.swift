import Foundation

/// Labels for the coded values reports carry (`ReportValue.coded`): machines read the code, people the label.
extension VisitVerdict {
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.counted, .vi): "Được tính"
        case (.notBound, .vi): "Không thuộc diện phải dự vào ngày đó"
        case (.notAssigned, .vi): "Không phải đơn vị được phân công"
        case (.ownCell, .vi): "Chi bộ nơi sinh hoạt của chính mình"
        case (.otherUnitKind, .vi): "Loại đơn vị quy định không yêu cầu"
        case (.noRule, .vi): "Không có quy định nào áp dụng"
        case (.counted, .en): "Counted"
        case (.notBound, .en): "Not bound on that day"
        case (.notAssigned, .en): "Not an assigned unit"
        case (.ownCell, .en): "The official's own cell"
        case (.otherUnitKind, .en): "A kind of unit no requirement asks for"
        case (.noRule, .en): "No rule applies"
        }
    }

    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

extension Requirement {
    /// "2 lượt: Chi bộ, Chi bộ khu dân cư" — the count and the kinds of unit, in level names.
    public func label(_ levels: [Level], _ language: Language) -> String {
        let kinds = targets.map { target in
            let name = Level.name(target.level, in: levels, language)
            guard target.residentialOnly else { return name }
            return language == .vi ? name + " khu dân cư" : name + " (residential)"
        }
        let count = language == .vi ? "\(count) lượt" : (count == 1 ? "1 visit" : "\(count) visits")
        return count + ": " + kinds.joined(separator: ", ")
    }

    public func coded(_ levels: [Level], _ language: Language) -> ReportValue { .coded(code: code, label: label(levels, language)) }
}

extension Level {
    /// A level code with its name (the code itself when the level is unknown).
    public static func coded(_ code: String, in levels: [Level], _ language: Language) -> ReportValue {
        .coded(code: code, label: name(code, in: levels, language))
    }
}

extension QualityClass {
    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

extension RatingGrade {
    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

extension PositionRole {
    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

extension Recommendation.Status {
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.received, .vi): "Đã tiếp nhận"
        case (.forwarded, .vi): "Đã chuyển xử lý"
        case (.answered, .vi): "Đã trả lời"
        case (.received, .en): "Received"
        case (.forwarded, .en): "Forwarded"
        case (.answered, .en): "Answered"
        }
    }

    public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
}

extension CalendarMonth {
    /// "2025-05" for machines, "05/2025" for people.
    public var coded: ReportValue { .coded(code: iso, label: CalendarDay.digits(month, 2) + "/" + CalendarDay.digits(year, 4)) }
}

extension Period {
    /// "2025-Q2" for machines, "Quý II/2025" (or "Q2/2025") for people.
    public func coded(_ language: Language) -> ReportValue { .coded(code: code, label: label(language)) }
}
