import ChiboModel
import Testing

@Suite struct RuleSetParserTests {
    func refusal(_ text: String) -> ModelError? {
        do { _ = try RuleSetParser().parse(text); return nil } catch let error as ModelError { return error } catch { return nil }
    }

    let header = "ruleset test\ntitle Thử\nversion 01/01/2024\nrule r1\n"

    @Test func shippedRuleSetsLoad() throws {
        let yenBai = try RuleSetFixtures.shipped("yen-bai-18-2019.rules")
        #expect(yenBai.id == "yen-bai-18")
        #expect(yenBai.versions.count == 1)
        #expect(yenBai.versions[0].effective.start == CalendarDay("16/04/2019"))
        #expect(yenBai.versions[0].rules.map(\.id) == ["tinh-btv", "tinh-bch-xa-dbkk", "huyen", "co-so"])
        #expect(yenBai.versions[0].rules[1].onlyEspeciallyDifficult)
        let konTum = try RuleSetFixtures.shipped("kon-tum-776-2023.rules")
        #expect(konTum.versions[0].rules.allSatisfy { $0.period == .year && !$0.ownCellCounts })
        #expect(konTum.versions[0].rules.map { $0.requirements[0].count } == [2, 6, 6])
    }

    @Test func unknownPositionIsRefusedWithItsLine() throws {
        let error = try #require(refusal(header + "  officials uv_xyz at district\n  period month\n  require 1 of cell\n"))
        #expect(error.code == .badRuleSet)
        #expect(error.line == 5)
        #expect(error.message.contains("unknown position \"uv_xyz\""))
        #expect(error.description.hasPrefix("line 5: "))
    }

    @Test func unknownPeriodIsRefusedWithItsLine() throws {
        let error = try #require(refusal(header + "  officials uv_bch at district\n  period fortnight\n  require 1 of cell\n"))
        #expect(error.line == 6)
        #expect(error.message.contains("unknown period \"fortnight\""))
    }

    @Test func negativeCountIsRefusedWithItsLine() throws {
        let error = try #require(refusal(header + "  officials uv_bch at district\n  period month\n  require -1 of cell\n"))
        #expect(error.line == 7)
        #expect(error.message.contains("count -1 must be at least 1"))
    }

    @Test func overlappingVersionsAreRefusedWithTheirLines() throws {
        let rule = "rule r\n officials uv_bch at district\n period year\n require 1 of cell\n"
        let text = "ruleset t\nversion 01/01/2019\n" + rule + "version 01/01/2023 until 31/12/2024\n" + rule
        let error = try #require(refusal(text))
        #expect(error.line == 7)
        #expect(error.message.contains("overlaps the version on line 2"))
        // Closing the first version the day before makes the same file valid.
        let fixed = "ruleset t\nversion 01/01/2019 until 31/12/2022\n" + rule + "version 01/01/2023 until 31/12/2024\n" + rule
        #expect(try RuleSetParser().parse(fixed).versions.count == 2)
    }

    @Test func otherMistakesNameTheLine() throws {
        #expect(refusal("title x\n")?.line == 1)
        #expect(refusal(header + "  officials uv_bch at county\n")?.message.contains("unknown level \"county\"") == true)
        #expect(refusal(header + "  period month\n  require 1 of cell\n")?.message == "rule r1 has no \"officials\" line")
        #expect(refusal(header + "  frequency 2\n")?.line == 5)
        #expect(refusal(header + "  officials uv_bch at district\n  period month\n  require two of cell\n")?.line == 7)
        #expect(refusal("ruleset t\nversion 31/02/2024\n")?.message.contains("is not a day") == true)
    }

    @Test func versionInForceAtThePeriodsEndGovernsIt() throws {
        let rule = "rule r\n officials uv_bch at district\n period quarter\n require 1 of cell\n"
        let set = try RuleSetParser().parse(
            "ruleset t\nversion 01/01/2019 until 14/05/2025\n" + rule + "version 15/05/2025\n"
                + rule.replacingOccurrences(of: "1 of", with: "3 of"))
        #expect(set.version(for: Period("2025-Q2")!)?.rules[0].requirements[0].count == 3)
        #expect(set.version(for: Period("2025-Q1")!)?.rules[0].requirements[0].count == 1)
        #expect(set.version(for: Period("2018")!) == nil)
    }
}
