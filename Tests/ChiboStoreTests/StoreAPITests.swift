import ChiboModel
import Foundation
import Testing

@testable import ChiboStore

/// The store as the server sees it: an API over a private database, here in memory.
@Suite struct StoreAPITests {
    @Test func everyRegisteredKindAndReportIsWired() {
        #expect(StoredKinds.missing.isEmpty, "kinds without a table: \(StoredKinds.missing)")
        #expect(ReportBuilders.missing.isEmpty, "reports without a builder: \(ReportBuilders.missing)")
        #expect(StoredKinds.all.count == RecordKinds.all.count)
        for kind in StoredKinds.all { #expect((kind.idColumn != nil) == kind.hasCode, "\(kind.kind): show by code") }
    }

    @Test func countsCoverEveryKindsTables() async throws {
        let f = try await Fixture()
        let counts = try await f.store.counts()
        for kind in StoredKinds.all { for table in kind.tables { #expect(counts[table] != nil, "\(table)") } }
        #expect(counts["member"] == 1 && counts["unit"] == 5)
    }

    @Test func theWriterKeepsTheWALSmallAfterACheckpoint() async throws {
        let f = try await Fixture()
        #expect(try await f.store.journalSizeLimit() == Store.walSizeLimit)
        #expect(try await f.store.synchronousMode() == 2)
    }

    @Test func peopleArePagedByGivenNameInVietnameseOrder() async throws {
        let f = try await Fixture()
        let names = ["Nguyễn Văn Ánh", "Trần Thị Anh", "Lê Văn Bình", "Đỗ Thị Ấn", "Hoàng Đức Anh", "Phạm Văn Đức", "Vũ Thị Dung"]
        _ = try await f.put(try names.enumerated().map { try Member(id: "P\($0.offset)", fullName: $0.element) })
        var paged: [String] = []
        for offset in stride(from: 0, to: 8, by: 3) {
            paged += try await f.store.list(RecordFilter(kind: .member, limit: 3, offset: offset)).records.compactMap {
                ($0 as? Member)?.fullName
            }
        }
        let expected = (names + ["Bùi Văn Tâm"]).sorted(by: VietnameseCollation.personPrecedes)
        #expect(paged == expected)
    }

    @Test func filtersAKindLacksAreRefusedNotIgnored() async throws {
        let f = try await Fixture()
        await #expect { _ = try await f.store.list(RecordFilter(kind: .level, search: "x")) } throws: {
            ($0 as? StoreError)?.code == .invalidArgument && "\($0)".contains("they take: id only")
        }
        await #expect { _ = try await f.store.list(RecordFilter(kind: .member, search: String(repeating: "a", count: 201))) } throws: {
            ($0 as? StoreError)?.code == .invalidArgument
        }
        await #expect { _ = try await f.store.list(RecordFilter(kind: RecordKind(rawValue: "nope"))) } throws: {
            ($0 as? StoreError)?.code == .invalidArgument && "\($0)".contains("level, unit")
        }
        await #expect { _ = try await f.store.list(RecordFilter(kind: .membership, id: "x")) } throws: {
            ($0 as? StoreError)?.code == .notFound
        }
    }

    @Test func aScopedKeyMayWriteOnlyInsideItsSubtree() async throws {
        let f = try await Fixture()
        let inside = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        let level = Level(code: "x", nameVi: "X", nameEn: "X", holdsMembers: false)
        let member = try Member(id: "M7", fullName: "Lò Thị Hoa")
        #expect(try await f.store.firstOutOfScope([inside, member], scope: "HB.LS.CY") == nil)
        #expect(try await f.store.firstOutOfScope([member, inside, level], scope: "HB.LS.CY") == 2)
        #expect(try await f.store.firstOutOfScope([inside], scope: "HB.LS.CY.T02") == 0)
    }

    @Test func aDryRunChecksEverythingAndWritesNothing() async throws {
        let f = try await Fixture()
        let before = try await f.store.counts()
        let counts = try await f.store.writeRecords(
            dryRun: true, journal: [f.journal()], idempotency: nil,
            feed: { try $0.insert(try Member(id: "M8", fullName: "Hà Văn Nam")) }, result: { $0 })
        #expect(counts.inserted == 1)
        #expect(try await f.store.counts() == before)
        #expect(try await f.store.journalCount() == 0)
    }

    @Test func aReportOfAnUnknownScopeIsNotFound() async throws {
        let f = try await Fixture()
        let options = ReportOptions(
            kind: .visitsByLevel, period: Period("2026")!, today: f.today, scope: "NOPE", officialID: nil, details: false,
            targetPercent: nil, reportDueDay: 5, language: .vi)
        await #expect { _ = try await f.store.report(options) } throws: { ($0 as? StoreError)?.code == .notFound }
        var known = options
        known.scope = "HB"
        #expect(try await f.store.report(known).kind == .visitsByLevel)
    }

    /// A board's targets-only rule set points at HB beside the quota rule set, which keeps governing; the
    /// district's own targets win over the province's for a report scoped to the district.
    @Test func targetSetsLoadBesideTheQuotaRuleSet() async throws {
        let f = try await Fixture()
        let parser = try await f.store.ruleSetParser()
        func load(_ text: String, _ unit: String) async throws {
            let set = try parser.parse(text)
            _ = try await f.store.putRuleSet(
                set, source: text, unitIDs: [unit], keyID: Fixture.keyID, at: 0, journal: f.journal(), idempotency: nil, result: { $0 })
        }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let quotas = try String(contentsOf: repository.appendingPathComponent("rules/yen-bai-18-2019.rules"), encoding: .utf8)
        try await load(quotas, "HB")
        try await load("ruleset hb-muc-tieu\nversion 01/01/2021\ntarget participation 90%\n", "HB")
        try await load("ruleset ls-muc-tieu\nversion 01/01/2021\ntarget participation 95%\n", "HB.LS")
        let sets = try await f.store.ruleSets()
        #expect(sets.map(\.id) == ["hb-muc-tieu", "ls-muc-tieu", "yen-bai-18"])
        #expect(sets.map(\.unitIDs) == [["HB"], ["HB.LS"], ["HB"]])
        func target(_ scope: String) async throws -> ReportValue? {
            let options = ReportOptions(
                kind: .participation, period: Period("2026")!, today: f.today, scope: scope, officialID: nil, details: false,
                targetPercent: nil, reportDueDay: 5, language: .vi)
            return try await f.store.report(options).table("targets")?.rows.first?[2]
        }
        #expect(try await target("HB") == .hundredths(9000))
        #expect(try await target("HB.LS.CY") == .hundredths(9500))
        // A new text of the district's set with a quota rule makes it the district's quota rule set, and back:
        // its unit follows it rather than pointing at it twice.
        let withRule =
            "ruleset ls-muc-tieu\nversion 01/01/2021\ntarget participation 95%\nrule r\nofficials bi_thu at district\nperiod year\nrequire 1 of cell\n"
        try await load(withRule, "HB.LS")
        #expect(try await f.store.ruleSets().first { $0.id == "ls-muc-tieu" }?.unitIDs == ["HB.LS"])
        #expect(try await target("HB.LS.CY") == .hundredths(9500))
        try await load("ruleset ls-muc-tieu\nversion 01/01/2021\ntarget participation 95%\n", "HB.LS")
        #expect(try await f.store.ruleSets().first { $0.id == "ls-muc-tieu" }?.unitIDs == ["HB.LS"])
        // The quota rule set still governs: compliance runs.
        let compliance = ReportOptions(
            kind: .compliance, period: Period("2026")!, today: f.today, scope: nil, officialID: nil, details: false,
            targetPercent: nil, reportDueDay: 5, language: .vi)
        #expect(try await f.store.report(compliance).kind == .compliance)
    }

    @Test func integrityCheckOfAFreshDatabase() async throws {
        #expect(try await Fixture().store.integrityCheck() == ["ok"])
    }
}
