import ChiboWire
import Foundation
import Testing

/// The example client in examples/python, written from Proto/PROTOCOL.md alone, against a real daemon.
/// scripts/test.sh sets CHIBO_PYTHON to a virtual environment with the pinned protobuf and PyNaCl.
@Suite(.timeLimit(.minutes(2))) struct PythonClientTests {
    /// CHIBO_PYTHON, else the virtual environment scripts/test.sh makes, else the system's python3.
    static let python: String = {
        if let python = ProcessInfo.processInfo.environment["CHIBO_PYTHON"], !python.isEmpty { return python }
        let venv = Binaries.repositoryRoot.appendingPathComponent(".build/python-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }()
    var python: String { Self.python }
    let script = Binaries.repositoryRoot.appendingPathComponent("examples/python/chibo_client.py").path

    func run(_ daemon: TestDaemon, _ arguments: [String]) async throws -> Subprocess.Result {
        try await Subprocess.run(python, [script] + arguments, directory: daemon.root)
    }

    func json(_ result: Subprocess.Result) throws -> [String: Any]? {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    @Test func signedStatusOverUnixSocketAndSealedTCP() async throws {
        try await withDaemon { daemon in
            for transport in [["--socket", daemon.socket], ["--connect", daemon.tcp.description]] {
                let result = try await run(daemon, transport + ["--key", daemon.adminKeyPath, "--daemon-key", daemon.daemonKeyID.hex])
                #expect(result.status == 0, "\(result.stderr)")
                let status = try json(result)
                #expect(status?["daemon_key_id"] as? String == daemon.daemonKeyID.hex)
                #expect(status?["caller_role"] as? String == "admin")
                #expect(status?["caller_name"] as? String == "Quản trị viên")
                #expect(status?["protocol_version"] as? String == "1.2")
                #expect(status?["transport"] as? String == "sealed")
            }
        }
    }

    @Test func plaintextClientIsRefusedOnTCPAndServedOnTheSocket() async throws {
        try await withDaemon { daemon in
            let tcp = try await run(daemon, ["--connect", daemon.tcp.description, "--key", daemon.adminKeyPath, "--plaintext"])
            #expect(tcp.status == 1)
            #expect(tcp.stderr.contains("encryption_required"), "\(tcp.stderr)")
            let unix = try await run(daemon, ["--socket", daemon.socket, "--key", daemon.adminKeyPath, "--plaintext"])
            #expect(unix.status == 0, "\(unix.stderr)")
            #expect(try json(unix)?["protocol_version"] as? String == "1.0")
            #expect(try json(unix)?["transport"] as? String == "plaintext")
        }
    }

    @Test func idempotentWriteOverSealedTCPIsDoneOnce() async throws {
        try await withDaemon { daemon in
            let tcp = ["--connect", daemon.tcp.description, "--key", daemon.adminKeyPath, "--daemon-key", daemon.daemonKeyID.hex]
            let key = Sodium.randomBytes(16).map { String(format: "%02x", $0) }.joined()
            let put = ["put-member", "--id", "PY1", "--name", "Lò Văn Bốn", "--idempotency-key", key]
            let first = try await run(daemon, tcp + put)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(try json(first)?["inserted"] as? Int == 1)
            #expect(try json(first)?["replayed"] as? Bool == false)
            // The same write again, on a new connection: the first answer, and nothing written.
            let retry = try await run(daemon, tcp + put)
            #expect(retry.status == 0, "\(retry.stderr)")
            #expect(try json(retry)?["inserted"] as? Int == 1)
            #expect(try json(retry)?["replayed"] as? Bool == true)
            // The same key with another body is a conflict.
            let other = try await run(daemon, tcp + ["put-member", "--id", "PY2", "--name", "Lò Thị Năm", "--idempotency-key", key])
            #expect(other.status == 1)
            #expect(other.stderr.contains("conflict"), "\(other.stderr)")
            let listed = try await run(daemon, tcp + ["list-members", "--search", "lo van bon"])
            #expect(try json(listed)?["total"] as? Int == 1, "\(listed.stdout)\(listed.stderr)")
            #expect(try await daemon.store().journal().filter { $0.operation == "put_records" }.count == 1)
        }
    }

    @Test func pythonClientSeesTypedRefusals() async throws {
        try await withDaemon { daemon in
            let stranger = daemon.root.appendingPathComponent("stranger.key").path
            try KeyFile.writePrivately(KeyFile.secretText(SigningKey.generate()), to: stranger)
            let unknown = try await run(daemon, ["--socket", daemon.socket, "--key", stranger])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("authentication_failed"))
            let impostor = try await run(
                daemon, ["--socket", daemon.socket, "--key", daemon.adminKeyPath, "--daemon-key", SigningKey.generate().id.hex])
            #expect(impostor.status == 1)
            #expect(impostor.stderr.contains("daemon_key_changed"))
            // A record the model refuses: the code, and the model's own reason.
            let nameless = try await run(
                daemon, ["--socket", daemon.socket, "--key", daemon.adminKeyPath, "put-member", "--id", "PY9", "--name", " "])
            #expect(nameless.status == 1)
            #expect(nameless.stderr.contains("invalid_argument") && nameless.stderr.contains("reason: empty_field"), "\(nameless.stderr)")
        }
    }
}
