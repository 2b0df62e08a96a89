import ChiboModel
import Testing

@testable import ChiboStore

/// The report readers that gather records from more than one table.
@Suite struct ReportReaderTests {
    /// The recommendations report reads each recommendation received in the period once, with all its steps in
    /// their order, and the unit of its meeting.
    @Test func recommendationsAreReadWithTheirStepsInOrder() async throws {
        let f = try await Fixture()
        _ = try await f.put(try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/09/2026"), kind: .regular, today: f.today))
        func step(_ status: Recommendation.Status, _ day: String) -> Recommendation.Step {
            Recommendation.Step(status: status, day: f.day(day), note: "ghi chú \(status)")
        }
        let written = [
            try Recommendation(
                id: "R2", meetingID: "H1", text: "Sửa đường", receivedBy: "O1",
                steps: [step(.received, "03/09/2026"), step(.forwarded, "05/09/2026"), step(.answered, "02/10/2026")]),
            try Recommendation(id: "R1", meetingID: "H1", text: "Đèn đường", receivedBy: "O1", steps: [step(.received, "04/09/2026")]),
            try Recommendation(
                id: "R3", meetingID: "H1", text: "Cầu tràn", receivedBy: "O1",
                steps: [step(.received, "03/09/2026"), step(.forwarded, "04/09/2026")]),
        ]
        _ = try await f.put(written)
        let (september, october) = (Period("2026-09")!, Period("2026-10")!)
        let (read, later) = try await f.store.pool.read { db in
            (
                try ReportReader.recommendations(from: september.first, until: september.last, scope: "HB.LS", db),
                try ReportReader.recommendations(from: october.first, until: october.last, scope: nil, db)
            )
        }
        #expect(read.items.sorted { $0.id < $1.id } == written.sorted { $0.id < $1.id })
        #expect(read.unitOfMeeting == ["H1": "HB.LS.CY.T01"])
        #expect(later.items.isEmpty)
    }

    /// The exemptions report sorts people by the key each member keeps (`member.sortKey`), in the order the
    /// model gives when it works the keys out from the names itself: by given name, then the rest of the name
    /// from the start (Đỗ before Lê).
    @Test func exemptionsAreInTheOrderOfTheNamesThemselves() async throws {
        let f = try await Fixture()
        let since = try DayRange(from: f.day("01/01/2020"))
        for (id, name) in [
            ("M2", "Trần Minh Đức"), ("M3", "Đỗ Văn Bình"), ("M4", "Nguyễn Thị Ánh"), ("M5", "Vũ Văn Anh"), ("M6", "Lê Văn Bình"),
        ] {
            _ = try await f.put([try Member(id: id, fullName: name), Membership(memberID: id, cellID: "HB.LS.CY.T01", days: since)])
            _ = try await f.put(
                try MemberStatusPeriod(memberID: id, status: .exempt, reason: "Tuổi cao", days: DayRange(from: f.day("01/03/2026"))))
        }
        let options = ReportOptions(
            kind: .exemptions, period: Period("2026")!, today: f.today, scope: nil, officialID: nil, details: false, targetPercent: nil,
            reportDueDay: 5, language: .vi)
        let report = try await f.store.report(options)
        let (year, facts, tree) = try await f.store.pool.read { db in
            let year = Period("2026")!
            return (year, try ReportReader.exemptions(from: year.first, until: year.last, scope: nil, db), try ReportReader.tree(db))
        }
        #expect(facts.allSatisfy { $0.sortKey == VietnameseCollation.personSortKey($0.fullName) })
        let named = facts.map {
            ExemptionFacts(
                memberID: $0.memberID, fullName: $0.fullName, birthYear: $0.birthYear, cellID: $0.cellID, reason: $0.reason, days: $0.days)
        }
        #expect(report == ExemptionsReport.build(named.reversed(), criteria: nil, period: year, tree: tree, language: .vi))
        #expect(report.table("exemptions")!.rows.map { $0[0] } == ["M5", "M4", "M3", "M6", "M2"].map(ReportValue.text))
    }

    /// The ratings report counts the year's ratings in SQL: by grade for cells and members, and for the members who
    /// held a position in a committee that year, within a scope too; the same counts as the model's of the records.
    @Test func ratingsAreCountedAsTheModelCountsTheRecords() async throws {
        let f = try await Fixture()
        let since = try DayRange(from: f.day("01/01/2020"))
        _ = try await f.put([
            try Member(id: "M2", fullName: "Hà Thị Lan"), Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: since),
            try Member(id: "M3", fullName: "Đinh Văn Hùng"), Membership(memberID: "M3", cellID: "HB.LS.CY.T01", days: since),
            try Official(id: "O2", fullName: "Hà Thị Lan", memberID: "M2"),
            Position(officialID: "O2", committeeID: "HB.LS.CY", role: .standingMember, term: since),
        ])
        let ratings = [
            try Rating(year: 2025, subject: .unit("HB.LS.CY.T01"), grade: .good, decidedBy: "HB.LS.CY", today: f.today),
            try Rating(year: 2025, subject: .member("M1"), grade: .excellent, decidedBy: "HB.LS.CY.T01", today: f.today),
            try Rating(year: 2025, subject: .member("M2"), grade: .excellent, decidedBy: "HB.LS.CY", today: f.today),
            try Rating(year: 2025, subject: .member("M3"), grade: .notCompleted, decidedBy: "HB.LS.CY.T01", today: f.today),
            try Rating(year: 2024, subject: .member("M1"), grade: .good, decidedBy: "HB.LS.CY.T01", today: f.today),
        ]
        _ = try await f.put(ratings)
        let results = try await f.store.pool.read { db in
            try [nil, "HB.LS.CY", "HB.LS.CY.T01.X"].map { scope in
                (
                    counted: try ReportReader.ratingCounts(year: 2025, scope: scope, db),
                    records: RatingsReport.Counts(
                        try ReportReader.ratings(year: 2025, scope: scope, db), year: 2025,
                        committeeMembers: try ReportReader.committeeMembers(year: 2025, db))
                )
            }
        }
        for (counted, records) in results { #expect(counted == records) }
        #expect(
            results[0].counted
                == RatingsReport.Counts(cells: [.good: 1], members: [.excellent: 2, .notCompleted: 1], committeeMembers: [.excellent: 1]))
        #expect(results[1].counted == results[0].counted)
        #expect(results[2].counted == RatingsReport.Counts())
    }
}
