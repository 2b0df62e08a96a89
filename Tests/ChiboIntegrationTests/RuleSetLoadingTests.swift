import ChiboClient
import ChiboWire
import Foundation
import Testing

/// Loading rule sets through the real daemon and `chibo rules`: malformed files are refused with their line
/// and reason, and the rule set in force stays exactly as it was.
@Suite(.timeLimit(.minutes(3))) struct RuleSetLoadingTests {
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules")

    func write(_ text: String, _ name: String, in daemon: TestDaemon) throws -> String {
        let path = daemon.root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func malformedFilesAreRefusedAndTheRuleSetInForceStays() async throws {
        try await withDaemon { daemon in
            let units = try write("id,parent_id,name,level,active_from\nHB,,Đảng bộ tỉnh,province,01/01/2010\n", "units.csv", in: daemon)
            #expect(try await daemon.chibo(["import", units, "--kind", "units"]).status == 0)
            let yenBai = Self.shipped.appendingPathComponent("yen-bai-18-2019.rules").path
            let loaded = try await daemon.chibo(["rules", "load", yenBai, "--unit", "HB"])
            #expect(loaded.status == 0, "\(loaded.stderr)")
            let before = try await daemon.chibo(["rules", "list", "--format", "json"]).stdout
            #expect(before.contains("\"id\" : \"yen-bai-18\""))

            let original = try String(contentsOfFile: yenBai, encoding: .utf8)
            // The same rule set id with one bad line each: nothing of it may replace what is loaded.
            let cases: [(String, String, String)] = [
                ("uv_bch lanh_dao_so_nganh at province", "uv_bch pho_chu_tich at province", "line 17: unknown position \"pho_chu_tich\""),
                ("  period month", "  period fortnight", "line 33: unknown period \"fortnight\""),
                ("require 1 of residential cell\n", "require -2 of residential cell\n", "line 28: count -2 must be at least 1"),
                (
                    "version 16/04/2019\n", "version 16/04/2019\n\nversion 01/01/2023 until 31/12/2023\n",
                    "line 9: version from 01/01/2023 until 31/12/2023 overlaps the version on line 7"
                ),
            ]
            for (index, (from, to, reason)) in cases.enumerated() {
                let broken = try #require(original.range(of: from).map { original.replacingCharacters(in: $0, with: to) })
                let path = try write(broken, "broken-\(index).rules", in: daemon)
                let refused = try await daemon.chibo(["rules", "load", path, "--unit", "HB"])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("[invalid_argument]") && refused.stderr.contains(reason), "\(refused.stderr)")
                let local = try await daemon.chibo(["rules", "check", path])
                #expect(local.status == 1 && local.stderr.contains(reason), "\(local.stderr)")
            }
            #expect(try await daemon.chibo(["rules", "list", "--format", "json"]).stdout == before)
            #expect(try await daemon.chibo(["rules", "show", "yen-bai-18"]).stdout == original)

            // A unit that does not exist, and a key that is not an admin's, change nothing either.
            let unknown = try await daemon.chibo(["rules", "load", yenBai, "--unit", "NOPE"])
            #expect(unknown.status == 1 && unknown.stderr.contains("[not_found]"))
            let clerk = SigningKey.generate()
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                _ = try await $0.enrol(
                    .with {
                        $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Văn thư"
                    })
            }
            let clerkPath = daemon.root.appendingPathComponent("clerk.key").path
            try KeyFile.writePrivately(KeyFile.secretText(clerk), to: clerkPath)
            let konTum = Self.shipped.appendingPathComponent("kon-tum-776-2023.rules").path
            let forbidden = try await daemon.chibo(["rules", "load", konTum, "--unit", "HB"], key: clerkPath)
            #expect(forbidden.status == 1 && forbidden.stderr.contains("[forbidden]"))
            // A dry run checks against the daemon and stores nothing; a missing file or rule set is named.
            let dryRun = try await daemon.chibo(["rules", "load", konTum, "--unit", "HB", "--dry-run"])
            #expect(dryRun.status == 0 && dryRun.stderr.contains("kon-tum-776"), "\(dryRun.stderr)")
            let missing = try await daemon.chibo(["rules", "load", daemon.root.appendingPathComponent("none.rules").path])
            #expect(missing.status == 1 && missing.stderr.contains("cannot read"))
            let unknownSet = try await daemon.chibo(["rules", "show", "kon-tum-776"])
            #expect(unknownSet.status == 1 && unknownSet.stderr.contains("[not_found]"))
            #expect(try await daemon.chibo(["rules", "list", "--format", "json"]).stdout == before)
        }
    }

    /// Figures shaped like Hòa Bình 2021 (3.174 cells rated 604 / 2.364 / 201 / 5) print in the seeds' form,
    /// and against the board's 90% target "tốt trở lên" is (604+2.364)/3.174 = 93,51%, met.
    @Test func ratingsReportPrintsTheSeedsFigures() async throws {
        try await withDaemon { daemon in
            var units = "id,parent_id,name,level,active_from\nHB,,Đảng bộ tỉnh Hòa Bình,province,01/01/2010\n"
            units += "HB.X,HB,Đảng bộ xã,grassroots,01/01/2010\n"
            var ratings = "year,unit_id,member_id,grade,decided_by\n"
            var cell = 0
            for (grade, count) in [("hoan_thanh_xuat_sac", 604), ("hoan_thanh_tot", 2364), ("hoan_thanh", 201), ("khong_hoan_thanh", 5)] {
                for _ in 0..<count {
                    cell += 1
                    let id = String(format: "HB.X.C%04d", cell)
                    units += "\(id),HB.X,Chi bộ \(cell),cell,01/01/2010\n"
                    ratings += "2021,\(id),,\(grade),HB.X\n"
                }
            }
            for (kind, text) in [("units", units), ("ratings", ratings)] {
                let imported = try await daemon.chibo(["import", try write(text, "\(kind).csv", in: daemon), "--kind", kind])
                #expect(imported.status == 0, "\(imported.stderr)")
            }
            let report = try await daemon.chibo(["report", "ratings", "--period", "2021"])
            #expect(report.status == 0, "\(report.stderr)")
            for share in ["604/3.174 = 19,03%", "2.364/3.174 = 74,48%", "201/3.174 = 6,33%", "5/3.174 = 0,16%"] {
                #expect(report.stdout.contains(share), "\(report.stdout)")
            }
            #expect(!report.stdout.contains("Đạt chỉ tiêu"), "no target is loaded yet")
            let targets = "ruleset hoa-binh-muc-tieu\nversion 01/01/2020\ntarget cells-good-or-better 90%\n"
            let loaded = try await daemon.chibo(["rules", "load", try write(targets, "targets.rules", in: daemon), "--unit", "HB"])
            #expect(loaded.status == 0, "\(loaded.stderr)")
            let against = try await daemon.chibo(["report", "ratings", "--period", "2021"])
            #expect(against.stdout.contains("(604+2.364)/3.174 = 93,51%"), "\(against.stdout)")
            let line = try #require(against.stdout.split(separator: "\n").first { $0.contains("Chi bộ hoàn thành tốt nhiệm vụ trở lên") })
            #expect(line.contains("2.968/3.174 = 93,51%") && line.contains("90,00") && line.hasSuffix("có"), "\(line)")
            let english = try await daemon.chibo(["report", "ratings", "--period", "2021", "--lang", "en"])
            #expect(english.stdout.contains("2,364/3,174 = 74.48%"))
            let json = try await daemon.chibo(["report", "ratings", "--period", "2021", "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let tables = try #require(object["tables"] as? [[String: Any]])
            let good = try #require((tables.first?["rows"] as? [[String: Any]])?[1]["share"] as? [String: Any])
            #expect(good["part"] as? Int == 2364 && good["whole"] as? Int == 3174 && good["percent"] as? Double == 74.48)
            // A quarter is not a rating period.
            let quarter = try await daemon.chibo(["report", "ratings", "--period", "2021-Q1"])
            #expect(quarter.status == 1 && quarter.stderr.contains("ratings are yearly"))
        }
    }
}
