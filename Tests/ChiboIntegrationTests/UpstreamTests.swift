import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import Testing

/// Upward reporting with real daemons (docs/upward.md): two districts and a province, one district carried by
/// hand and one pushing over TCP through a province crash, checked against one daemon holding everything.
@Suite(.serialized, .timeLimit(.minutes(5))) struct UpstreamTests {
    static let writtenDuringTheOutage = 30
    static let reports = [
        "compliance", "visits-by-level", "ratings", "participation", "quality", "coverage", "regularity", "cadres", "exemptions",
    ]

    @Test func twoDistrictsReachTheProvinceWithTheFiguresOfOneDaemon() async throws {
        let work = try TemporaryDirectory(prefix: "chibo-upstream-")
        defer { work.remove() }
        let province = try await TestDaemon.start()
        let districtA = try await TestDaemon.start()
        let districtB = try await TestDaemon.start([
            "--upstream", province.tcp.description, "--upstream-daemon-key", province.daemonKeyID.hex, "--upstream-bundle-bytes", "1",
        ])
        let single = try await TestDaemon.start()
        var restarted: Process?
        defer {
            for daemon in [province, districtA, districtB, single] { daemon.remove() }
            if let restarted, restarted.isRunning { restarted.terminate() }
        }
        let demo = work.url.appendingPathComponent("demo").path
        let parts = demo + "/by-district"
        try await expectSuccess(
            province.chibo(["demo", "generate", "--size", "small", "--districts", "2", "--out", demo, "--by-district"]))

        // The province holds its tree down to the districts and its rules; each district's daemon is a reporter.
        try await expectSuccess(province.chibo(["import", parts + "/HB/units.csv", "--kind", "units"]))
        try await loadRules(province)
        for (district, unit, name) in [(districtA, "HB.D01", "Huyện ủy Lương Sơn"), (districtB, "HB.D02", "Huyện ủy Kim Bôi")] {
            try await expectSuccess(
                province.chibo(["key", "enrol", district.data + "/daemon.pub", "--role", "reporter", "--scope", unit, "--name", name]))
        }

        // District A by hand: export, verify offline, import twice (the second changes nothing).
        try await expectSuccess(districtA.chibo(["demo", "load", parts + "/HB.D01"]))
        let file = work.url.appendingPathComponent("luong-son.bundles").path
        try await expectSuccess(districtA.chibo(["upstream", "export", "--out", file, "--lang", "en"]))
        let verified = try await districtA.chibo(["bundle", "verify", file, "--trust", districtA.daemonKeyID.hex, "--format", "json"])
        #expect(verified.status == 0 && verified.stdout.contains("\"unit\" : \"HB.D01\""), "\(verified.stderr)")
        try await expectSuccess(province.chibo(["upstream", "import", file]))
        let again = try await province.chibo(["upstream", "import", file, "--lang", "en"])
        #expect(again.status == 0 && again.stdout.contains("nothing changed"), "\(again.stdout)\(again.stderr)")

        // District B pushes one entry per bundle while a clerk there goes on writing, one member at a time;
        // the province is killed (SIGKILL) in the middle and restarted on the same port.
        try await expectSuccess(districtB.chibo(["demo", "load", parts + "/HB.D02"]))
        let bKey = districtB.daemonKeyID.data
        let writer = Task {
            try await ChiboConnection.with(districtB.unix, key: districtB.adminKey, trust: .expect(districtB.daemonKeyID)) { clerk in
                for i in 1...Self.writtenDuringTheOutage {
                    _ = try await clerk.put([
                        .with {
                            $0.member = .with {
                                $0.id = "KB\(i)"; $0.fullName = "Bùi Văn Thêm \(i)"
                            }
                        }
                    ])
                    try await Task.sleep(for: .milliseconds(25))
                }
            }
        }
        try await waitUntil("the first pushed bundles") { try await accepted(province, bKey) >= 5 }
        kill(province.process.processIdentifier, SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        restarted = try await Subprocess.startDaemon(data: province.data, ["--listen", province.tcp.description])
        try await writer.value
        let bJournal = try await districtB.store().journalCount()
        try await waitUntil("district B's whole journal at the province") { try await accepted(province, bKey) == bJournal }
        #expect(districtB.logText.contains("upstream: cannot push, retrying"), "district B never saw the province go")

        // Nothing lost, nothing twice: the province re-verifies both districts' journals entry by entry.
        let audit = try await province.chibo(["audit", "verify", "--format", "json"])
        let aJournal = try await districtA.store().journalCount()
        #expect(audit.status == 0 && audit.stdout.contains("\"received_entries\" : \"\(aJournal + bJournal)\""), "\(audit.stdout)")
        let status = try await province.chibo(["upstream", "status", "--format", "json"])
        #expect(status.stdout.contains("\"behind\" : \"up_to_date\"") && !status.stdout.contains("\"behind\" : \"behind\""))

        // The province's own rows (its officials' visits to the districts' meetings) once the meetings are there.
        try await expectSuccess(province.chibo(["demo", "load", parts + "/HB"]))
        try await expectSuccess(single.chibo(["demo", "load", demo]))
        try await loadRules(single)
        for i in 1...Self.writtenDuringTheOutage {
            try await expectSuccess(single.chibo(["add", "members", "id=KB\(i)", "full_name=Bùi Văn Thêm \(i)"]))
        }
        for kind in Self.reports {
            let arguments = ["report", kind, "--unit", "HB", "--period", "2025", "--format", "json"]
            let atProvince = try await province.chibo(arguments)
            let atSingle = try await single.chibo(arguments)
            #expect(atProvince.status == 0 && atProvince.stdout == atSingle.stdout, "\(kind) differs:\n\(atProvince.stdout.prefix(400))")
        }
        let members = try await province.chibo(["list", "members", "--format", "csv"])
        let allMembers = try await single.chibo(["list", "members", "--format", "csv"])
        #expect(members.stdout == allMembers.stdout && members.stdout.contains("KB\(Self.writtenDuringTheOutage)"))

        // The province names the district clerk who signed a meeting, and the district it came from.
        let meeting = try firstID(parts + "/HB.D01/meetings.csv")
        let trail = try await province.chibo(["audit", "show", "meeting", meeting, "--format", "json"])
        #expect(trail.stdout.contains("\"origin_unit\" : \"HB.D01\""), "\(trail.stdout)")
        #expect(trail.stdout.contains("\"key_id\" : \"\(districtA.adminKey.id.hex)\""))
        #expect(trail.stdout.contains("\"origin_key_id\" : \"\(districtA.daemonKeyID.hex)\""))
        if let restarted { await province.stop(restarted) }
    }

    @Test func refusalsLeaveTheProvinceAsItWas() async throws {
        let work = try TemporaryDirectory(prefix: "chibo-upstream-")
        defer { work.remove() }
        let province = try await TestDaemon.start()
        let district = try await TestDaemon.start()
        let stranger = try await TestDaemon.start()
        defer { for daemon in [province, district, stranger] { daemon.remove() } }
        let demo = work.url.appendingPathComponent("demo").path
        try await expectSuccess(province.chibo(["demo", "generate", "--size", "small", "--out", demo, "--by-district"]))
        try await expectSuccess(province.chibo(["import", demo + "/by-district/HB/units.csv", "--kind", "units"]))
        try await expectSuccess(
            province.chibo(["key", "enrol", district.data + "/daemon.pub", "--role", "reporter", "--scope", "HB.D01", "--name", "Huyện ủy"])
        )
        for daemon in [district, stranger] { try await expectSuccess(daemon.chibo(["demo", "load", demo + "/by-district/HB.D01"])) }
        let good = work.url.appendingPathComponent("good.bundles").path
        let strange = work.url.appendingPathComponent("stranger.bundles").path
        try await expectSuccess(district.chibo(["upstream", "export", "--out", good]))
        try await expectSuccess(stranger.chibo(["upstream", "export", "--out", strange]))

        // One byte changed in the middle of an entry: found offline, named, and nothing sent.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        bytes[bytes.count / 2] ^= 0x04
        let tampered = work.url.appendingPathComponent("tampered.bundles").path
        try bytes.write(to: URL(fileURLWithPath: tampered))
        let verify = try await district.chibo(["bundle", "verify", tampered, "--trust", district.daemonKeyID.hex, "--lang", "en"])
        #expect(verify.status == 1 && verify.stderr.contains("bundle 1: entry "), "\(verify.stderr)")
        let imported = try await province.chibo(["upstream", "import", tampered])
        #expect(imported.status == 1 && imported.stderr.contains("[invalid_argument]") && imported.stderr.contains("entry "))
        // The example verifier in Python, written from PROTOCOL.md §7.9 alone, agrees on both files.
        let script = Binaries.repositoryRoot.appendingPathComponent("examples/python/verify_bundle.py").path
        let pythonGood = try await Subprocess.run(
            PythonClientTests.python, [script, good, "--trust", district.daemonKeyID.hex], directory: work.url)
        #expect(pythonGood.status == 0 && pythonGood.stdout.contains("\"unit\": \"HB.D01\""), "\(pythonGood.stderr)")
        let pythonBad = try await Subprocess.run(
            PythonClientTests.python, [script, tampered, "--trust", district.daemonKeyID.hex], directory: work.url)
        let firstBad = String(verify.stderr.components(separatedBy: "entry ").dropFirst().first?.prefix(while: \.isNumber) ?? "?")
        #expect(pythonBad.status == 1 && pythonBad.stderr.contains("bundle 1: entry \(firstBad):"), "\(pythonBad.stderr)")

        // The right file against the wrong trusted key.
        let wrongTrust = try await district.chibo(["bundle", "verify", good, "--trust", stranger.daemonKeyID.hex])
        #expect(wrongTrust.status == 1 && wrongTrust.stderr.contains("not the trusted"))

        // A daemon the province never enrolled.
        let unenrolled = try await province.chibo(["upstream", "import", strange])
        #expect(unenrolled.status == 1 && unenrolled.stderr.contains("[forbidden]") && unenrolled.stderr.contains("not enrolled here"))

        // A file that starts after entry 5, to a province that has nothing from this district: a gap.
        let late = work.url.appendingPathComponent("late.bundles").path
        try await expectSuccess(district.chibo(["upstream", "export", "--out", late, "--since", "5"]))
        let gap = try await province.chibo(["upstream", "import", late])
        #expect(gap.status == 1 && gap.stderr.contains("[failed_precondition]") && gap.stderr.contains("entries 1–5"), "\(gap.stderr)")

        // The stranger enrolled for the wrong unit: its bundle reports HB.D01, outside the scope it was given.
        try await expectSuccess(
            province.chibo(["key", "enrol", stranger.data + "/daemon.pub", "--role", "reporter", "--scope", "HB", "--name", "Lạ"]))
        let outside = try await province.chibo(["upstream", "import", strange])
        #expect(
            outside.status == 1 && outside.stderr.contains("[forbidden]") && outside.stderr.contains("enrolled here for HB"),
            "\(outside.stderr)")

        let nothing = try await province.chibo(["list", "members", "--format", "csv"])
        #expect(nothing.status == 0 && nothing.stdout.split(whereSeparator: \.isNewline).count == 1, "\(nothing.stdout)")
        let status = try await province.chibo(["upstream", "status", "--lang", "en"])
        #expect(status.stdout.contains("nothing received"))

        // And the good file still goes in whole afterwards.
        let applied = try await province.chibo(["upstream", "import", good, "--lang", "en"])
        #expect(applied.status == 0 && applied.stdout.hasPrefix("accepted "), "\(applied.stdout)\(applied.stderr)")
        let members = try await province.chibo(["list", "members", "--format", "csv"])
        #expect(members.stdout.split(whereSeparator: \.isNewline).count > 50, "\(members.stdout)\(members.stderr)")
    }

    @Test func aDistrictRebuiltFromAnOlderBackupGetsItsEntriesBackFromTheProvince() async throws {
        let work = try TemporaryDirectory(prefix: "chibo-upstream-")
        defer { work.remove() }
        let province = try await TestDaemon.start()
        let district = try await TestDaemon.start()
        var rebuilt: [Process] = []
        defer {
            for daemon in [province, district] { daemon.remove() }
            for process in rebuilt where process.isRunning { process.terminate() }
        }
        let demo = work.url.appendingPathComponent("demo").path
        try await expectSuccess(province.chibo(["demo", "generate", "--size", "small", "--out", demo, "--by-district"]))
        try await expectSuccess(province.chibo(["import", demo + "/by-district/HB/units.csv", "--kind", "units"]))
        try await expectSuccess(
            province.chibo(["key", "enrol", district.data + "/daemon.pub", "--role", "reporter", "--scope", "HB.D01", "--name", "Huyện ủy"])
        )
        try await expectSuccess(district.chibo(["demo", "load", demo + "/by-district/HB.D01"]))
        let backup = work.url.appendingPathComponent("district.backup").path
        try await expectSuccess(district.chibo(["backup", "--out", backup]))
        // After the backup: a new clerk, and a member that clerk writes; all of it reaches the province.
        let clerk = work.url.appendingPathComponent("clerk.key").path
        try await expectSuccess(district.chibo(["key", "new", "--out", clerk, "--name", "Văn thư"]))
        try await expectSuccess(district.chibo(["key", "enrol", clerk + ".pub", "--role", "clerk", "--name", "Văn thư"]))
        try await expectSuccess(district.chibo(["add", "members", "id=MAT1", "full_name=Đinh Văn Mất"], key: clerk))
        let shipped = work.url.appendingPathComponent("shipped.bundles").path
        try await expectSuccess(district.chibo(["upstream", "export", "--out", shipped]))
        try await expectSuccess(province.chibo(["upstream", "import", shipped]))
        let secret = district.data + "/daemon.key"
        try await district.stop()

        // A rebuilt server that writes before getting its entries back forks: the province refuses it.
        func restore(_ name: String) async throws -> (socket: String, process: Process) {
            let data = work.url.appendingPathComponent(name).path
            let restored = try await Subprocess.run(
                Binaries.chibod, ["restore", "--from", backup, "--data", data, "--daemon-key", secret], directory: work.url)
            try expectSuccess(restored)
            let process = try await Subprocess.startDaemon(data: data)
            rebuilt.append(process)
            return (data + "/chibod.sock", process)
        }
        let hasty = try await restore("hasty")
        try await expectSuccess(
            district.chibo(["add", "members", "id=VOI1", "full_name=Vũ Văn Vội"], environment: ["CHIBO_SOCKET": hasty.socket]))
        let forked = work.url.appendingPathComponent("forked.bundles").path
        try await expectSuccess(district.chibo(["upstream", "export", "--out", forked], environment: ["CHIBO_SOCKET": hasty.socket]))
        let refused = try await province.chibo(["upstream", "import", forked])
        #expect(refused.status == 1 && refused.stderr.contains("[conflict]") && refused.stderr.contains("FORK"), "\(refused.stderr)")
        let forkStatus = try await province.chibo(["upstream", "status", "--format", "json"])
        #expect(forkStatus.stdout.contains("\"fork\" : \"12\""), "\(forkStatus.stdout)")
        hasty.process.terminate()

        // The right way: restore, take the district's own entries back from the province, then write on.
        let careful = try await restore("careful")
        let env = ["CHIBO_SOCKET": careful.socket]
        let lost = try await district.chibo(["list", "members", "--search", "Mất", "--format", "csv"], environment: env)
        #expect(!lost.stdout.contains("MAT1"))
        let back = work.url.appendingPathComponent("back.bundles").path
        try await expectSuccess(
            province.chibo(["upstream", "export", "--out", back, "--reporter", district.daemonKeyID.hex, "--since", "11"]))
        let recovered = try await district.chibo(["upstream", "import", back, "--lang", "en"], environment: env)
        #expect(
            recovered.status == 0 && recovered.stdout.contains("put back 2 of this daemon's own journal entries"), "\(recovered.stderr)")
        let found = try await district.chibo(["list", "members", "--search", "Mất", "--format", "csv"], environment: env)
        #expect(found.stdout.contains("MAT1"))
        // The recovered clerk key signs again, and the next entries reach the province with no fork.
        try await expectSuccess(district.chibo(["add", "members", "id=MOI1", "full_name=Đinh Văn Mới"], key: clerk, environment: env))
        let next = work.url.appendingPathComponent("next.bundles").path
        try await expectSuccess(district.chibo(["upstream", "export", "--out", next, "--since", "13"], environment: env))
        let accepted = try await province.chibo(["upstream", "import", next, "--lang", "en"])
        #expect(accepted.status == 0 && accepted.stdout.contains("accepted 1 new journal entries (up to 14)"), "\(accepted.stderr)")
        let audit = try await district.chibo(["audit", "verify"], environment: env)
        #expect(audit.status == 0)
    }

    @Test func badInvocationsSayWhatIsWrongAndChangeNothing() async throws {
        try await withDaemon { daemon in
            let data = daemon.root.appendingPathComponent("never").path
            let flags: [([String], String)] = [
                (["--upstream", "nope"], "--upstream takes HOST:PORT"),
                (["--upstream", "127.0.0.1:1", "--upstream-daemon-key", "abc"], "32 hex characters"),
                (["--upstream-daemon-key", daemon.daemonKeyID.hex], "--upstream-daemon-key needs --upstream"),
                (["--max-commit-group", "0"], "--max-commit-group must be at least 1"),
                (["--upstream-bundle-bytes=-1"], "--upstream-bundle-bytes cannot be negative"),
            ]
            for (arguments, message) in flags {
                let run = try await Subprocess.run(Binaries.chibod, ["run", "--data", data] + arguments, directory: daemon.root)
                #expect(run.status == 64 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: data))

            let existing = daemon.root.appendingPathComponent("existing.bundles").path
            FileManager.default.createFile(atPath: existing, contents: Data("kept".utf8))
            let overwrite = try await daemon.chibo(["upstream", "export", "--out", existing])
            #expect(overwrite.status == 64 && overwrite.stderr.contains("already exists"))
            #expect(FileManager.default.contents(atPath: existing) == Data("kept".utf8))
            let fresh = daemon.root.appendingPathComponent("fresh.bundles").path
            let badReporter = try await daemon.chibo(["upstream", "export", "--out", fresh, "--reporter", "nonsense"])
            #expect(badReporter.status == 64 && badReporter.stderr.contains("--reporter takes a key id"))
            let nothing = try await daemon.chibo(["upstream", "export", "--out", fresh, "--since", "999", "--lang", "en"])
            #expect(nothing.status == 1 && nothing.stderr.contains("nothing after journal entry 999"), "\(nothing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: fresh) && !FileManager.default.fileExists(atPath: fresh + ".partial"))

            let badTrust = try await daemon.chibo(["bundle", "verify", existing, "--trust", "nonsense"])
            #expect(badTrust.status == 64 && badTrust.stderr.contains("--trust takes a key id"))
            let notABundle = try await daemon.chibo(["upstream", "import", existing])
            #expect(notABundle.status == 1 && notABundle.stderr.contains("not a chibo bundle file"), "\(notABundle.stderr)")
            let missing = try await daemon.chibo(["upstream", "import", existing + ".missing"])
            #expect(missing.status == 1 && missing.stderr.contains("[not_found]") && missing.stderr.contains("cannot read"))
            let noPublicKey = try await daemon.chibo(["key", "show", existing + ".missing"])
            #expect(noPublicKey.status == 1 && noPublicKey.stderr.contains("cannot read key file"))

            let keys = daemon.root.appendingPathComponent("reporter.key").path
            try expectSuccess(try await daemon.chibo(["key", "new", "--out", keys]))
            let unscoped = try await daemon.chibo(["key", "enrol", keys + ".pub", "--role", "reporter", "--name", "Huyện"])
            #expect(unscoped.status == 1 && unscoped.stderr.contains("a reporter key needs a scope"), "\(unscoped.stderr)")
            let listed = try await daemon.chibo(["key", "list", "--format", "csv"])
            #expect(!listed.stdout.contains("reporter"))
        }
    }

    private func loadRules(_ daemon: TestDaemon) async throws {
        for file in ["yen-bai-18-2019.rules", "hoa-binh-muc-tieu-2020.rules"] {
            try await expectSuccess(
                daemon.chibo(["rules", "load", RuleSetLoadingTests.shipped.appendingPathComponent(file).path, "--unit", "HB"]))
        }
    }

    /// The last entry of the lower daemon with this key the province holds, read with the client library.
    private func accepted(_ province: TestDaemon, _ key: Data) async throws -> Int {
        let peers = try await ChiboConnection.with(province.unix, key: province.adminKey, trust: .expect(province.daemonKeyID)) {
            try await $0.upstreamStatus()
        }
        return Int(peers.first { $0.keyID == key }?.acceptedSeq ?? 0)
    }

    private func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<1200 {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what)")
        throw WireError(.timeout, "timed out waiting for \(what)")
    }

    private func expectSuccess(_ result: Subprocess.Result, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
        if result.status != 0 { throw WireError(.internal, result.stderr) }
    }

    private func firstID(_ csv: String) throws -> String {
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        return String(text.split(separator: "\n")[1].split(separator: ",")[0])
    }
}
