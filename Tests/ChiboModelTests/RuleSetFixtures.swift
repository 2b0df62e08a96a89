import ChiboModel
import Foundation

/// The shipped rule files and a small tree for hand-computed scenarios:
/// P (province) › D (district) › X (commune, especially difficult) › X.C1, X.C2 (residential cells), X.C3
/// (an agency cell); and a second commune Y › Y.C1.
enum RuleSetFixtures {
    static let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("rules")

    static func shipped(_ name: String) throws -> RuleSet {
        try RuleSetParser().parse(String(contentsOf: rulesDirectory.appendingPathComponent(name), encoding: .utf8))
    }

    static let tree = UnitTree([
        UnitFacts(id: "P", parentID: nil, name: "Tỉnh", level: "province"),
        UnitFacts(id: "D", parentID: "P", name: "Huyện", level: "district"),
        UnitFacts(id: "X", parentID: "D", name: "Xã X", level: "grassroots", especiallyDifficult: true),
        UnitFacts(id: "X.C1", parentID: "X", name: "Chi bộ thôn 1", level: "cell", residential: true),
        UnitFacts(id: "X.C2", parentID: "X", name: "Chi bộ thôn 2", level: "cell", residential: true),
        UnitFacts(id: "X.C3", parentID: "X", name: "Chi bộ trường học", level: "cell"),
        UnitFacts(id: "Y", parentID: "D", name: "Xã Y", level: "grassroots"),
        UnitFacts(id: "Y.C1", parentID: "Y", name: "Chi bộ thôn Y", level: "cell", residential: true),
    ])

    static func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    static func official(_ id: String, memberID: String? = nil) throws -> Official {
        try Official(id: id, fullName: "Cán bộ \(id)", memberID: memberID)
    }

    static func position(_ official: String, _ committee: String, _ role: PositionRole, from: String = "01/01/2020", until: String? = nil)
        throws
        -> Position
    {
        Position(officialID: official, committeeID: committee, role: role, term: try DayRange(from: day(from), until: until.map(day)))
    }

    static func assignment(_ official: String, _ units: [String], from: String = "01/01/2020", until: String? = nil) throws -> Assignment {
        try Assignment(
            id: "PC-\(official)-\(from)", decisionNumber: "1-QĐ", decisionDate: day(from), officialID: official,
            unitIDs: units, valid: DayRange(from: day(from), until: until.map(day)))
    }

    /// A visit to `unit`'s meeting on `date`; committees meet as `party_committee`, cells as `regular`.
    static func visit(_ official: String, _ unit: String, _ date: String) -> VisitFacts {
        let kind: MeetingKind = tree[unit]?.level == "cell" ? .regular : .partyCommittee
        return VisitFacts(
            visitID: "V-\(official)-\(unit)-\(date)", officialID: official, meetingID: "M-\(unit)-\(date)",
            unitID: unit, date: day(date), meetingKind: kind)
    }
}
