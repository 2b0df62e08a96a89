import ChiboClient
import ChiboModel
import ChiboWire
import Foundation
import Testing

/// Reports on the small demo data set through the real daemon, with the CLI and the client library.
@Suite(.timeLimit(.minutes(4))) struct ReportsTests {
    func loadDemo(_ daemon: TestDaemon) async throws {
        let directory = daemon.root.appendingPathComponent("demo").path
        #expect(try await daemon.chibo(["demo", "generate", "--size", "small", "--out", directory]).status == 0)
        let loaded = try await daemon.chibo(["demo", "load", directory])
        #expect(loaded.status == 0, "\(loaded.stderr)")
    }

    func report(_ daemon: TestDaemon, _ configure: (inout Chibo_V1_ReportRequest) -> Void) async throws -> Report {
        var request = Chibo_V1_ReportRequest()
        configure(&request)
        return try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
            try await $0.report(request).report
        }
    }

    @Test func everyReportRunsAndBadRequestsAreRefused() async throws {
        try await withDaemon { daemon in
            try await loadDemo(daemon)
            let before = try await daemon.chibo(["report", "compliance", "--period", "2025-Q2"])
            #expect(before.status == 1 && before.stderr.contains("[failed_precondition]") && before.stderr.contains("chibo rules load"))
            let rules = RuleSetLoadingTests.shipped.appendingPathComponent("yen-bai-18-2019.rules").path
            #expect(try await daemon.chibo(["rules", "load", rules, "--unit", "HB"]).status == 0)

            for kind in ["compliance", "visits-by-level", "regularity", "participation", "quality", "recommendations", "coverage"] {
                for format in ["table", "json", "csv"] {
                    let result = try await daemon.chibo(["report", kind, "--period", "2025", "--format", format])
                    #expect(result.status == 0, "\(kind) \(format): \(result.stderr)")
                    #expect(!result.stdout.isEmpty)
                }
            }
            let due = try await daemon.chibo(["due", "--period", "2025-05"])
            #expect(due.status == 0 && due.stdout.contains("ngày 31/05/2025"), "\(due.stderr)")

            // Visits by level add up to every visit of the year.
            let visits = try await report(daemon) {
                $0.kind = "visits_by_level"; $0.period = "2025"
            }
            let rows = try #require(visits.table("by_level")?.rows)
            let total = try #require(rows.last)
            #expect(total[0].code == "total")
            let sum = rows.dropLast().reduce(0) { if case .integer(let n) = $1[1] { $0 + n } else { $0 } }
            #expect(total[1] == .integer(sum))
            let listed = try await daemon.chibo(["list", "visits", "--from", "01/01/2025", "--until", "31/12/2025", "--format", "csv"])
            #expect(sum == listed.stdout.split(separator: "\r\n").count - 1)

            // Compliance rows are consistent: short is what is required and not done.
            let compliance = try await report(daemon) {
                $0.kind = "compliance"; $0.period = "2025-Q2"
            }
            let officials = try #require(compliance.table("officials")?.rows)
            #expect(!officials.isEmpty)
            for row in officials {
                guard case .integer(let required) = row[7], case .integer(let done) = row[8], case .integer(let short) = row[9] else {
                    Issue.record("unexpected row \(row)"); continue
                }
                #expect(short == required - done)
            }

            // Bad inputs: usage errors before any request, typed errors from the daemon.
            let badPeriod = try await daemon.chibo(["report", "compliance", "--period", "2025-Q7"])
            #expect(badPeriod.status == 64 && badPeriod.stderr.contains("--period 2025-Q7"))
            let badKind = try await daemon.chibo(["report", "attendance"])
            #expect(badKind.status == 64)
            let badUnit = try await daemon.chibo(["report", "quality", "--unit", "NOPE"])
            #expect(badUnit.status == 1 && badUnit.stderr.contains("[not_found]"))
            let badOfficial = try await daemon.chibo(["report", "compliance", "--official", "CB99999"])
            #expect(badOfficial.status == 1 && badOfficial.stderr.contains("[not_found]"))
            let badDueOfficial = try await daemon.chibo(["due", "--official", "CB99999"])
            #expect(badDueOfficial.status == 1 && badDueOfficial.stderr.contains("[not_found]"))
            for usage in [
                ["quality", "--target", "0"], ["regularity", "--report-due-day", "31"], ["quality", "--official", "CB00001"],
                ["due"],
            ] {
                let refused = try await daemon.chibo(["report"] + usage)
                #expect(refused.status == 64, "\(usage): \(refused.stderr)")
            }
            await #expect(throws: WireError.self) {
                _ = try await report(daemon) {
                    $0.kind = "quality"; $0.language = "fr"
                }
            }
            await #expect(throws: WireError.self) {
                _ = try await report(daemon) {
                    $0.kind = "compliance"; $0.period = "Q9"
                }
            }
        }
    }

    /// A corrected visit is judged as its latest correction: moved to a unit the official does not follow, it
    /// stops counting, and the original is no longer listed.
    @Test func reportsUseTheLatestCorrection() async throws {
        try await withDaemon { daemon in
            try await loadDemo(daemon)
            let rules = RuleSetLoadingTests.shipped.appendingPathComponent("yen-bai-18-2019.rules").path
            #expect(try await daemon.chibo(["rules", "load", rules, "--unit", "HB"]).status == 0)
            let detailed = try await report(daemon) {
                $0.kind = "compliance"; $0.period = "2025"; $0.details = true
            }
            let visits = try #require(detailed.table("visits")?.rows)
            // A grassroots official's counted visit to a cell they follow.
            let grassrootsRule = ReportValue.text("co-so")
            let match = visits.first { (row: [ReportValue]) -> Bool in row[1] == grassrootsRule && row[7].code == "counted" }
            let counted = try #require(match)
            guard case .text(let official) = counted[0], case .text(let visitID) = counted[3], case .text(let unit) = counted[5],
                case .day(let day) = counted[6]
            else { Issue.record("unexpected row"); return }
            // A regular meeting of the same month in a cell of another commune.
            let commune = String(unit.prefix { $0 != "C" })
            var request = Chibo_V1_ListRecordsRequest()
            request.kind = "meeting"
            request.from = CalendarDay(year: day.year, month: day.month, day: 1)!.iso
            request.until = CalendarDay(year: day.year, month: day.month, day: 28)!.iso
            let meetings: [Chibo_V1_Record] = try await ChiboConnection.with(
                daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)
            ) { try await $0.listAll(request) }
            var elsewhere: String?
            for record in meetings {
                if case .meeting(let meeting)? = record.record, meeting.kind == "regular", !meeting.unitID.hasPrefix(commune) {
                    elsewhere = meeting.id
                    break
                }
            }
            let target = try #require(elsewhere)
            let correction = try Visit(
                id: visitID + "-SUA", meetingID: target, officialID: official, guidance: "Sửa: ghi nhầm kỳ họp",
                corrects: visitID)
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                _ = try await $0.put([try Chibo_V1_Record(correction)])
            }
            let after = try await report(daemon) {
                $0.kind = "compliance"; $0.period = "2025"; $0.officialID = official
            }
            let judged = try #require(after.table("visits")?.rows)
            #expect(!judged.contains { $0[3] == .text(visitID) })
            let moved = try #require(judged.first { $0[3] == .text(visitID + "-SUA") })
            #expect(moved[4] == .text(target))
            #expect(moved[7].code == "not_assigned")
        }
    }
}
