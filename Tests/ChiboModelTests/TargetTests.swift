import ChiboModel
import Testing

/// Targets as rule-set data, the cumulative "hoàn thành tốt nhiệm vụ trở lên", and grade scales by year.
@Suite struct TargetTests {
    let today = CalendarDay("23/11/2026")!

    func ratings(_ year: Int, _ counts: [(RatingGrade, Int)], member: Bool = false) throws -> [Rating] {
        try counts.flatMap { grade, count in
            try (0..<count).map { index in
                let id = "\(grade.rawValue)-\(index)"
                return try Rating(year: year, subject: member ? .member(id) : .unit(id), grade: grade, decidedBy: "HB", today: today)
            }
        }
    }

    /// Seed 004, Hòa Bình 2021: 604 xuất sắc + 2.364 tốt of 3.174 cells = 93,51%, against a 90% target: met.
    @Test func goodOrBetterAgainstANinetyPercentTarget() throws {
        let set = try RuleSetParser().parse(
            """
            ruleset hoa-binh-muc-tieu
            version 01/01/2021
            target cells-good-or-better 90%
            target members-good-or-better 92,5%
            """)
        let targets = try #require(set.version(for: Period("2021")!)).targets
        #expect(targets == [Target(.cellsGoodOrBetter, hundredths: 9000), Target(.membersGoodOrBetter, hundredths: 9250)])
        let all =
            try ratings(2021, [(.excellent, 604), (.good, 2364), (.completed, 201), (.notCompleted, 5)])
            + ratings(2021, [(.excellent, 10), (.good, 80), (.completed, 10)], member: true)
        let report = RatingsReport.build(all, year: 2021, committeeMembers: ["hoan_thanh_xuat_sac-0"], targets: targets, language: .vi)
        let cumulative = try #require(report.table("good_or_better")).rows
        #expect(cumulative[0][0].code == "cells")
        #expect(cumulative[0][3] == .coded(code: "604+2364/3174", label: "(604+2.364)/3.174 = 93,51%"))
        #expect(cumulative[0][2].formatted(.vi) == "2.968/3.174 = 93,51%")
        #expect(cumulative[1][3].formatted(.vi) == "(10+80)/100 = 90,00%")
        #expect(cumulative[2][0].code == "committee_members")
        #expect(cumulative[2][3].formatted(.vi) == "(1+0)/1 = 100,00%")
        let checks = try #require(report.table("targets")).rows
        #expect(checks.map { $0[0].code } == ["cells-good-or-better", "members-good-or-better"])
        #expect(checks.map { $0[2].formatted(.vi) } == ["90,00", "92,50"])
        #expect(checks.map { $0[3] } == [.flag(true), .flag(false)])
    }

    /// Seed 001's 2014 figures are on the old scale: "trong sạch vững mạnh" and "hoàn thành tốt" make up
    /// "tốt trở lên"; a 2014 cell cannot be rated "hoàn thành xuất sắc", nor a 2018 one "yếu kém".
    @Test func oldYearsUseTheOldScale() throws {
        let old = try ratings(2014, [(.cleanAndStrong, 30), (.good, 50), (.completed, 15), (.weak, 5)])
        let report = RatingsReport.build(old, year: 2014, committeeMembers: [], targets: [], language: .vi)
        #expect(
            try #require(report.table("cells")).rows.map { $0[0].code } == [
                "trong_sach_vung_manh", "hoan_thanh_tot", "hoan_thanh", "yeu_kem",
            ])
        #expect(try #require(report.table("good_or_better")).rows[0][3].formatted(.vi) == "(30+50)/100 = 80,00%")
        #expect(throws: ModelError.self) { try Rating(year: 2014, subject: .unit("C"), grade: .excellent, decidedBy: "HB", today: today) }
        do {
            _ = try Rating(year: 2018, subject: .unit("C"), grade: .weak, decidedBy: "HB", today: today)
            Issue.record("a 2018 cell rated yeu_kem was accepted")
        } catch let error as ModelError {
            #expect(error.code == .gradeNotOnScale)
            #expect(error.message.contains("hoan_thanh_xuat_sac, hoan_thanh_tot, hoan_thanh, khong_hoan_thanh"))
        }
    }

    @Test func badTargetLinesAreRefusedWithTheirLine() throws {
        func refusal(_ line: String) -> String? {
            do {
                _ = try RuleSetParser().parse("ruleset x\nversion 01/01/2021\n" + line)
                return nil
            } catch let error as ModelError { return error.description } catch { return "\(error)" }
        }
        #expect(refusal("target cells-good 90%")?.hasPrefix("line 3: unknown measure \"cells-good\"") == true)
        #expect(refusal("target participation 120%") == "line 3: target 120% must be above 0% and at most 100%")
        #expect(refusal("target participation 9x%")?.contains("is not a percentage") == true)
        #expect(
            refusal("target participation 90%\ntarget participation 85%")
                == "line 4: target \"participation\" appears twice in this version")
        #expect(refusal("exemption tuoi-cao age old")?.hasPrefix("line 3: age \"old\" is not a number of years") == true)
        #expect(refusal("exemption tuoi-cao 70")?.contains("write \"exemption <keyword> [age <years>]\"") == true)
        #expect(refusal("opinions-minimum 0")?.hasPrefix("line 3: write \"opinions-minimum <count>\"") == true)
        #expect(refusal("opinions-minimum 8\nopinions-minimum 9") == "line 4: \"opinions-minimum\" appears twice in this version")
        #expect(refusal("") == "line 2: version from 01/01/2021, open-ended has no rule, target or exemption")
    }
}
