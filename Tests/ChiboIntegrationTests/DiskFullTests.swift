import ChiboClient
import ChiboWire
import Foundation
import Testing

/// A daemon whose disk fills: writes are refused with the documented retryable code, reads go on, and every
/// acknowledged write is still there. Needs to mount a small tmpfs (root, as scripts/test.sh runs in CI).
@Suite(.timeLimit(.minutes(2))) struct DiskFullTests {
    /// Whether this process may mount a tmpfs (root in a machine or a privileged container).
    static let canMount: Bool = {
        guard getuid() == 0, let probe = try? TemporaryDirectory(prefix: "chibo-mount-probe-") else { return false }
        defer { probe.remove() }
        guard mount("tmpfs", probe.path, "tmpfs", 0, "size=64k") == 0 else { return false }
        umount(probe.path)
        return true
    }()

    @Test(.enabled(if: canMount, "needs root to mount a tmpfs")) func aFullDiskIsTold() async throws {
        let work = try TemporaryDirectory(prefix: "chibo-diskfull-")
        defer { work.remove() }
        let disk = work.url.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        #expect(mount("tmpfs", disk, "tmpfs", 0, "size=1536k") == 0)
        defer { umount2(disk, Int32(MNT_DETACH)) }

        let keyPath = work.url.appendingPathComponent("admin.key").path
        #expect(
            try await Subprocess.run(Binaries.chibo, ["key", "new", "--out", keyPath, "--name", "admin"], directory: work.url).status == 0)
        let data = disk + "/data"
        let made = try await Subprocess.run(
            Binaries.chibod, ["init", "--data", data, "--admin-key", keyPath + ".pub"], directory: work.url)
        #expect(made.status == 0, "\(made.stderr)")
        let daemon = try await Subprocess.startDaemon(data: data)
        defer { daemon.terminate() }
        let key = try KeyFile.readSecret(at: keyPath)
        let socket = Endpoint.unixSocket(data + "/chibod.sock")

        let outcome = try await ChiboConnection.with(socket, key: key, trust: .pinned(.init(path: work.path + "/known"))) { connection in
            var acknowledged: [String] = []
            var refusal: WireError?
            let filler = String(repeating: "Nguyễn Thị Bảo Ngọc ", count: 10)
            for batch in 0..<200 where refusal == nil {
                let records: [Chibo_V1_Record] = (0..<50).map { i in
                    .with {
                        $0.member = .with {
                            $0.id = "F\(batch)-\(i)"; $0.fullName = "\(filler)\(batch) \(i)"
                        }
                    }
                }
                do {
                    _ = try await connection.put(records)
                    acknowledged += records.map(\.member.id)
                } catch let error as WireError {
                    refusal = error
                }
            }
            // Reads go on, and every acknowledged write is there.
            let listed = try await connection.listAll(
                .with {
                    $0.kind = "member"; $0.limit = 1000
                })
            return (acknowledged, refusal, Set(listed.map(\.member.id)), try await connection.status())
        }
        let (acknowledged, refusal, listed, status) = outcome
        #expect(!acknowledged.isEmpty)
        #expect(refusal?.code == .storageUnavailable, "\(String(describing: refusal))")
        #expect(refusal?.retryable == true)
        #expect(refusal?.message.contains("disk is full") == true, "\(refusal?.message ?? "")")
        #expect(status.callerName == "admin")
        #expect(acknowledged.allSatisfy(listed.contains))
        #expect(listed.count == acknowledged.count)
        daemon.terminate()
        for _ in 0..<100 where daemon.isRunning { try await Task.sleep(for: .milliseconds(25)) }
    }
}
