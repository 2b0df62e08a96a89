import ChiboClient
import ChiboDemo
import ChiboWire
import Foundation
import Testing

/// The province-sized data set (about 3.200 cells, 63.000 members, 85.000 meetings with their presence lists)
/// imported through the real daemon by the real chibo, every count checked against the CSV files.
@Suite(.timeLimit(.minutes(15))) struct ProvinceImportTests {
    @Test func provinceDataSetImportsWithEveryCountMatching() async throws {
        try await withDaemon { daemon in
            let directory = daemon.root.appendingPathComponent("province")
            let generated = try await Subprocess.run(
                Binaries.chibo, ["demo", "generate", "--size", "province", "--seed", "7", "--out", directory.path], directory: daemon.root)
            #expect(generated.status == 0, "\(generated.stderr)")
            let loaded = try await daemon.chibo(["demo", "load", directory.path, "--format", "csv"])
            #expect(loaded.status == 0, "\(loaded.stderr)")

            let set = DemoGenerator.generate(size: .province, seed: 7, year: 2025)
            let rows = Dictionary(uniqueKeysWithValues: set.files.map { ($0.kind, $0.rows) })
            #expect(rows["units"]! > 3_200 && rows["members"]! > 60_000)
            let summary = loaded.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            #expect(summary.map { $0[0] } == set.files.map(\.kind))
            for line in summary { #expect(Int(line[1]) == rows[line[0]], "\(line)") }

            let totals = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { c in
                var totals: [String: Int] = [:]
                for kind in [
                    "unit", "member", "membership", "member_status", "official", "position", "assignment", "meeting",
                    "visit", "recommendation", "rating", "monthly_report", "qualification",
                ] {
                    totals[kind] = Int(
                        try await c.list(
                            .with {
                                $0.kind = kind; $0.limit = 1
                            }
                        ).total)
                }
                return totals
            }
            #expect(totals["unit"] == rows["units"])
            #expect(totals["member"] == rows["members"])
            #expect(totals["membership"] == rows["members"])  // every generated member has a cell
            #expect(totals["member_status"] == rows["member-statuses"])
            #expect(totals["official"] == rows["officials"])
            #expect(totals["position"] == rows["officials"])
            #expect(totals["assignment"] == rows["assignments"])
            #expect(totals["meeting"] == rows["meetings"])
            #expect(totals["visit"] == rows["visits"])
            #expect(totals["recommendation"] == rows["recommendations"])
            #expect(totals["rating"] == rows["ratings"])
            #expect(totals["monthly_report"] == rows["reports"])
            #expect(totals["qualification"] == rows["qualifications"])
        }
    }
}
