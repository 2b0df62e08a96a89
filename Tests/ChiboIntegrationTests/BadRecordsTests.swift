import ChiboClient
import ChiboWire
import Foundation
import Testing

@Suite(.timeLimit(.minutes(3))) struct BadRecordsTests {
    static let kinds = [
        "unit", "member", "membership", "member_status", "official", "position", "assignment", "meeting",
        "visit", "recommendation", "monthly_report", "rating",
    ]

    func counts(_ daemon: TestDaemon) async throws -> [String: Int] {
        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { connection in
            var counts: [String: Int] = [:]
            for kind in Self.kinds {
                counts[kind] = Int(
                    try await connection.list(
                        .with {
                            $0.kind = kind; $0.limit = 1
                        }
                    ).total)
            }
            return counts
        }
    }

    /// Runs chibo with `arguments`, expects it to fail with `message` on stderr, and nothing to have changed.
    func refused(_ daemon: TestDaemon, _ arguments: [String], _ message: String, key: String? = nil) async throws {
        let before = try await counts(daemon)
        let result = try await daemon.chibo(arguments, key: key)
        #expect(result.status == 1, "\(arguments): \(result.stdout)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(try await counts(daemon) == before)
    }

    func file(_ daemon: TestDaemon, _ name: String, _ text: String) throws -> String {
        let path = daemon.root.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func recordsThatBreakTheRulesAreRefusedAndNothingIsWritten() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            try await refused(
                daemon, ["add", "members", "id=M9", "full_name=Lò Văn Khánh", "cell_id=NOPE", "from=01/01/2020"],
                "no unit NOPE")
            try await refused(
                daemon, ["add", "meetings", "id=H9", "unit_id=HB.LS.CY.T02", "date=03/08/2025", "kind=regular"],
                "unit HB.LS.CY.T02 is not active on 03/08/2025")
            try await refused(
                daemon,
                [
                    "add", "members", "id=M1", "full_name=Bùi Văn Tâm", "birth_year=1960", "cell_id=HB.LS.CY.T02", "from=01/01/2020",
                    "until=31/12/2020",
                ],
                "member M1 already belongs to cell HB.LS.CY.T01")
            try await refused(
                daemon,
                [
                    "add", "assignments", "id=A9", "decision_number=1", "decision_date=01/02/2026", "official_id=O1",
                    "unit_ids=HB.LS.CY.T01", "valid_from=01/02/2026", "valid_until=31/01/2026",
                ],
                "before it starts")
            try await refused(
                daemon, ["add", "meetings", "id=H9", "unit_id=HB.LS.CY.T01", "date=03/01/2099", "kind=regular"],
                "after today")
            try await refused(
                daemon, ["add", "meetings", "id=H9", "unit_id=HB.LS.CY.T01", "date=31/02/2026", "kind=regular"],
                "date \"31/02/2026\" is not a date")
            try await refused(
                daemon, ["add", "meetings", "id=H9", "unit_id=HB.LS.CY.T01", "date=03/10/2026", "kind=regular", "present=M2;M3"],
                "member M3 is not in cell HB.LS.CY.T01 on 03/10/2026")
        }
    }

    @Test func visitByAnOfficialWithNoPositionIsRefused() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            #expect(try await daemon.chibo(["add", "officials", "id=O3", "full_name=Lê Văn Cường"]).status == 0)
            try await refused(
                daemon, ["add", "visits", "id=V9", "meeting_id=H1", "official_id=O3"], "official O3 held no position on 03/11/2026")
        }
    }

    @Test func badCSVFilesAreReportedLineByLineAndNothingIsSent() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let noFrom = try file(daemon, "nofrom.csv", "id,full_name,cell_id\nM7,Vi Văn Tú,HB.LS.CY.T01\n")
            try await refused(daemon, ["import", noFrom, "--kind", "members"], "nofrom.csv:line 2: from is empty")
            let noColumn = try file(daemon, "nocolumn.csv", "id,name,level\nX1,Chi bộ,cell\n")
            try await refused(daemon, ["import", noColumn, "--kind", "units"], "line 1: missing column: active_from")

            var broken = Array("id,full_name\nM7,Vi Văn Tú\nM8,".utf8)
            broken += [0xFF, 0xFE]
            broken += Array("\n".utf8)
            let brokenPath = daemon.root.appendingPathComponent("broken.csv").path
            FileManager.default.createFile(atPath: brokenPath, contents: Data(broken))
            try await refused(daemon, ["import", brokenPath, "--kind", "members"], "broken.csv:line 3: not valid UTF-8 text")

            let repeated = try file(daemon, "repeated.csv", "id,full_name\nM7,Vi Văn Tú\nM8,Lường Thị Mai\nM7,Vi Văn Tú\n")
            try await refused(daemon, ["import", repeated, "--kind", "members"], "repeated.csv:line 4: repeats line 2 (M7)")
        }
    }

    @Test func aRowRefusedByTheDaemonRefusesTheWholeFile() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let path = try file(
                daemon, "late.csv",
                """
                id,full_name,cell_id,from
                M7,Vi Văn Tú,HB.LS.CY.T01,01/01/2024
                M8,Lường Thị Mai,HB.LS.CY.T02,01/01/2026
                """)
            try await refused(daemon, ["import", path, "--kind", "members"], "line 3: cell HB.LS.CY.T02 is not active on 01/01/2026")
            let dry = try await daemon.chibo([
                "import", daemon.root.appendingPathComponent("members.csv").path, "--kind", "members", "--dry-run",
            ])
            #expect(dry.status == 0)
        }
    }

    @Test func viewersCannotWriteAndScopedClerksOnlyWriteInTheirSubtree() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let viewer = SigningKey.generate()
            let clerk = SigningKey.generate()
            try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                _ = try await $0.enrol(
                    .with {
                        $0.publicKey = Data(viewer.publicKey.bytes); $0.role = .viewer; $0.name = "Xem"
                    })
                _ = try await $0.enrol(
                    .with {
                        $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Văn thư xã"; $0.scopeUnit = "HB.LS.CY.T01"
                    })
            }
            let viewerPath = daemon.root.appendingPathComponent("viewer.key").path
            let clerkPath = daemon.root.appendingPathComponent("clerk.key").path
            try KeyFile.writePrivately(KeyFile.secretText(viewer), to: viewerPath)
            try KeyFile.writePrivately(KeyFile.secretText(clerk), to: clerkPath)

            try await refused(daemon, ["add", "officials", "id=O9", "full_name=Hà Văn Nam"], "error [forbidden]", key: viewerPath)
            #expect(try await daemon.chibo(["list", "units"], key: viewerPath).status == 0)

            try await refused(
                daemon, ["add", "meetings", "id=H8", "unit_id=HB.LS.CY", "date=03/10/2026", "kind=party_committee"],
                "may only write records of units under HB.LS.CY.T01", key: clerkPath)
            #expect(
                try await daemon.chibo(
                    ["add", "meetings", "id=H8", "unit_id=HB.LS.CY.T01", "date=03/10/2026", "kind=thematic"], key: clerkPath
                ).status == 0)
            let seen = try await daemon.chibo(["list", "units", "--format", "csv"], key: clerkPath)
            #expect(seen.stdout.split(separator: "\r\n").count == 2)  // header and the clerk's own cell
            let outside = try await daemon.chibo(["list", "units", "--unit", "HB.LS"], key: clerkPath)
            #expect(outside.status == 1 && outside.stderr.contains("outside your scope"))
        }
    }

    @Test func clientLibraryGetsTheFailingRecordIndex() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let good = Chibo_V1_Record.with {
                $0.member = .with {
                    $0.id = "M20"; $0.fullName = "Tòng Văn Pọm"
                }
            }
            let bad = Chibo_V1_Record.with {
                $0.membership = .with {
                    $0.memberID = "M20"; $0.cellID = "NOPE"; $0.from = "2026-01-01"
                }
            }
            let error = await #expect(throws: WireError.self) {
                try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                    _ = try await $0.put([good, bad])
                }
            }
            #expect(error?.code == .notFound)
            #expect(error?.recordIndex == 1)
            #expect(try await counts(daemon)["member"] == 3)
        }
    }
}
