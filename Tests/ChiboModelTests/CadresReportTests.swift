import ChiboModel
import Testing

/// Đề án 13 shares, hand-computed over four cadres, one of them stated twice.
@Suite struct CadresReportTests {
    let today = CalendarDay("23/11/2026")!

    func statement(
        _ id: String, _ member: String, _ asOf: String, _ post: Qualification.Post, _ education: Qualification.GeneralEducation,
        _ professional: Qualification.ProfessionalLevel, _ theory: Qualification.PoliticalTheory, trained: String? = nil
    ) throws -> Qualification {
        try Qualification(
            id: id, memberID: member, asOf: CalendarDay(asOf)!, post: post, generalEducation: education, professionalLevel: professional,
            politicalTheory: theory, partyWorkTrainedOn: trained.map { CalendarDay($0)! }, today: today)
    }

    /// DV1 (bí thư): THPT, đại học, trung cấp LLCT, trained. DV2 (chi ủy viên): THPT, trung cấp, sơ cấp; first
    /// stated untrained in 2024, then trained in 2025. DV3 (tổ trưởng): THCS, none, none. DV4 (tổ trưởng):
    /// THPT, sơ cấp, sơ cấp, stated after the period and so not counted.
    /// Over DV1–DV3: THPT 2/3, professional ≥ trung cấp 2/3, theory ≥ sơ cấp 2/3, ≥ trung cấp 1/3, trained 2/3.
    @Test func sharesAgainstTheTargets() throws {
        let statements = [
            try statement("Q1", "DV1", "10/01/2025", .cellSecretary, .upperSecondary, .university, .intermediate, trained: "05/01/2025"),
            try statement("Q2a", "DV2", "10/01/2024", .cellCommitteeMember, .upperSecondary, .intermediate, .elementary),
            try statement(
                "Q2b", "DV2", "10/03/2025", .cellCommitteeMember, .upperSecondary, .intermediate, .elementary, trained: "01/03/2025"),
            try statement("Q3", "DV3", "10/01/2025", .groupLeader, .lowerSecondary, .none, .none),
            try statement("Q4", "DV4", "10/01/2026", .groupLeader, .upperSecondary, .elementary, .elementary),
        ]
        let targets = [Target(.cadreUpperSecondary, hundredths: 10_000), Target(.cadreTheoryIntermediate, hundredths: 3000)]
        let report = CadresReport.build(statements, period: Period("2025")!, targets: targets, language: .vi)
        let shares = try #require(report.table("shares")).rows
        #expect(shares.map { $0[2] } == [2, 2, 2, 1, 2].map { ReportValue.ratio(part: $0, whole: 3) })
        #expect(shares[0][2].formatted(.vi) == "2/3 = 66,67%")
        let checks = try #require(report.table("targets")).rows
        #expect(checks.map { $0[0].code } == ["cadre-upper-secondary", "cadre-theory-intermediate"])
        #expect(checks.map { $0[3] } == [.flag(false), .flag(true)])
        let byPost = try #require(report.table("by_post")).rows
        #expect(byPost.map { $0[1] } == [.integer(1), .integer(0), .integer(1), .integer(1)])
        #expect(byPost[3][2] == .ratio(part: 0, whole: 1))
        // As of 2024 only DV2's first statement counts: untrained.
        let earlier = CadresReport.build(statements, period: Period("2024")!, targets: [], language: .vi)
        #expect(try #require(earlier.table("shares")).rows[4][2] == .ratio(part: 0, whole: 1))
    }
}
