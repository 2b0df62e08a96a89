import ChiboClient
import ChiboWire
import Foundation
import Testing

/// An acknowledged write is on disk: chibod, watched by strace, syncs between receiving each write and
/// answering it. scripts/test.sh installs strace.
@Suite(.timeLimit(.minutes(2))) struct DurabilityTests {
    @Test func everyAcknowledgedWriteIsSyncedBeforeItsAnswer() async throws {
        let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let strace else {
            Issue.record("strace is not installed (scripts/test.sh installs it)")
            return
        }
        try await withDaemon { daemon in
            #expect(try await daemon.store().synchronousMode() == 2)
            let trace = daemon.root.appendingPathComponent("strace.txt")
            let log = daemon.root.appendingPathComponent("strace.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let tracer = Process()
            tracer.executableURL = URL(fileURLWithPath: strace)
            // -f with -p attaches every thread of the running daemon; -ttt stamps calls with Unix time.
            tracer.arguments = [
                "-f", "-ttt", "-e", "trace=fsync,fdatasync", "-o", trace.path,
                "-p", String(daemon.process.processIdentifier),
            ]
            tracer.standardError = try FileHandle(forWritingTo: log)
            tracer.standardOutput = FileHandle.nullDevice
            try tracer.run()
            defer { if tracer.isRunning { tracer.terminate() } }
            var attached = false
            for _ in 0..<100 where !attached {
                attached = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("attached")
                if !attached { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(attached, "strace did not attach: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")

            let windows: [(Double, Double)] = try await ChiboConnection.with(
                daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)
            ) { connection in
                _ = try await connection.status()
                var windows: [(Double, Double)] = []
                for i in 0..<20 {
                    let sent = Date().timeIntervalSince1970
                    let written = try await connection.put([
                        .with {
                            $0.member = .with {
                                $0.id = "D\(i)"; $0.fullName = "Lò Văn Bền \(i)"
                            }
                        }
                    ])
                    windows.append((sent, Date().timeIntervalSince1970))
                    #expect(written.inserted == 1)
                }
                return windows
            }
            // strace detaches from the daemon on SIGTERM and writes out its trace. (Polled rather than
            // waitUntilExit, which waits on a run loop that a test's cooperative thread never turns.)
            tracer.terminate()
            for _ in 0..<100 where tracer.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            let syncs = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").compactMap { line -> Double? in
                guard line.contains("fsync(") || line.contains("fdatasync(") else { return nil }
                return line.split(separator: " ").lazy.compactMap { Double($0) }.first { $0 > 1_000_000_000 }
            }
            #expect(!syncs.isEmpty)
            for (index, window) in windows.enumerated() {
                #expect(syncs.contains { $0 >= window.0 && $0 <= window.1 }, "write \(index) was answered without a sync")
            }
        }
    }
}
