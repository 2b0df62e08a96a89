import ChiboModel
import Testing

/// Exemptions against a board's criteria: "tuổi cao" from 70, "sức khỏe" and "lưu động" at any age.
@Suite struct ExemptionsReportTests {
    let tree = UnitTree([
        UnitFacts(id: "X", parentID: nil, name: "Xã X", level: "grassroots"),
        UnitFacts(id: "X.C1", parentID: "X", name: "Chi bộ thôn 1", level: "cell"),
    ])

    func exemption(_ id: String, _ name: String, born: Int?, _ reason: String, from: String, until: String? = nil) throws -> ExemptionFacts
    {
        ExemptionFacts(
            memberID: id, fullName: name, birthYear: born, cellID: "X.C1", reason: reason,
            days: try DayRange(from: CalendarDay(from)!, until: until.map { CalendarDay($0)! }))
    }

    /// In 2025: Ánh (born 1950, 75) for "Tuổi cao" meets it; Bình (born 1960, 65) for "tuổi cao, sức yếu" is
    /// under 70; Cường (no birth year) for "Tuổi cao" cannot be checked; Dung for "Sức khỏe yếu" at 40 meets it;
    /// Giang for "Đi làm ăn xa" is not a reason the board accepts; Hà's exemption ended in 2024 and is not listed.
    @Test func exemptionsThatDoNotMeetTheCriteria() throws {
        let set = try RuleSetParser().parse(
            """
            ruleset x
            version 01/01/2021
            exemption tuoi-cao age 70
            exemption Sức-khỏe
            exemption luu-dong
            """)
        let criteria = try #require(set.version(for: Period("2025")!)?.exemptions)
        let exemptions = [
            try exemption("M1", "Nguyễn Văn Ánh", born: 1950, "Tuổi cao", from: "01/03/2020"),
            try exemption("M2", "Trần Văn Bình", born: 1960, "tuổi cao, sức yếu", from: "01/06/2025"),
            try exemption("M3", "Lê Văn Cường", born: nil, "Tuổi cao", from: "01/01/2025"),
            try exemption("M4", "Phạm Thị Dung", born: 1985, "Sức khỏe yếu", from: "10/02/2025", until: "10/08/2025"),
            try exemption("M5", "Hoàng Văn Giang", born: 1990, "Đi làm ăn xa", from: "01/01/2025"),
            try exemption("M6", "Vũ Thị Hà", born: 1940, "Tuổi cao", from: "01/01/2023", until: "31/12/2024"),
        ]
        let report = ExemptionsReport.build(exemptions, criteria: criteria, period: Period("2025")!, tree: tree, language: .vi)
        let all = try #require(report.table("exemptions")).rows
        // By given name in Vietnamese order: Ánh, Bình, Cường, Dung, Giang.
        #expect(all.map { $0[0] } == ["M1", "M2", "M3", "M4", "M5"].map(ReportValue.text))
        #expect(all.map { $0[7] } == [.integer(75), .integer(65), .none, .integer(40), .integer(35)])
        #expect(all.map { $0[8] } == [.flag(true), .flag(false), .flag(false), .flag(true), .flag(false)])
        #expect(all[0][3] == .text("Chi bộ thôn 1") && all[3][5] == .day(CalendarDay("10/08/2025")!))
        let failing = try #require(report.table("not_meeting_criteria")).rows
        #expect(
            failing.map { [$0[0], .text($0[8].code ?? "")] } == [
                [.text("M2"), .text("under_age")], [.text("M3"), .text("age_unknown")], [.text("M5"), .text("reason_not_accepted")],
            ])
        // Without criteria the exemptions are listed and none is judged.
        let unjudged = ExemptionsReport.build(exemptions, criteria: nil, period: Period("2025")!, tree: tree, language: .vi)
        #expect(try #require(unjudged.table("exemptions")).rows.allSatisfy { $0[8] == .none })
        #expect(try #require(unjudged.table("not_meeting_criteria")).rows.isEmpty)
    }

    /// By cell, then by given name in Vietnamese order (Anh before Ánh before Bình before Đức), then by member
    /// ID for two members of one name, whatever order the exemptions come in.
    @Test func exemptionsAreListedByCellThenGivenNameThenMember() throws {
        func exemption(_ id: String, _ name: String, cell: String) throws -> ExemptionFacts {
            ExemptionFacts(
                memberID: id, fullName: name, birthYear: 1950, cellID: cell, reason: "Tuổi cao",
                days: try DayRange(from: CalendarDay("01/01/2025")!))
        }
        let exemptions = [
            try exemption("M1", "Trần Minh Đức", cell: "X.C1"), try exemption("M2", "Lê Thị Ánh", cell: "X.C2"),
            try exemption("M9", "Đỗ Văn Bình", cell: "X.C1"), try exemption("M3", "Nguyễn Thị Ánh", cell: "X.C1"),
            try exemption("M4", "Vũ Văn Anh", cell: "X.C1"), try exemption("M0", "Đỗ Văn Bình", cell: "X.C1"),
        ]
        let report = ExemptionsReport.build(exemptions, criteria: nil, period: Period("2025")!, tree: tree, language: .vi)
        #expect(try #require(report.table("exemptions")).rows.map { $0[0] } == ["M4", "M3", "M0", "M9", "M1", "M2"].map(ReportValue.text))
    }
}
