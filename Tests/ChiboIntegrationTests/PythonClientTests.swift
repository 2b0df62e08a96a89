import ChiboWire
import Foundation
import Testing

/// The example client in examples/python, written from Proto/PROTOCOL.md alone, against a real daemon.
/// scripts/test.sh sets CHIBO_PYTHON to a virtual environment with the pinned protobuf and PyNaCl.
@Suite(.timeLimit(.minutes(2))) struct PythonClientTests {
    /// CHIBO_PYTHON, else the virtual environment scripts/test.sh makes, else the system's python3.
    let python: String = {
        if let python = ProcessInfo.processInfo.environment["CHIBO_PYTHON"], !python.isEmpty { return python }
        let venv = Binaries.repositoryRoot.appendingPathComponent(".build/python-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }()
    let script = Binaries.repositoryRoot.appendingPathComponent("examples/python/chibo_client.py").path

    func run(_ daemon: TestDaemon, _ arguments: [String]) async throws -> Subprocess.Result {
        try await Subprocess.run(python, [script] + arguments, directory: daemon.root)
    }

    @Test func signedStatusOverUnixSocketAndTCP() async throws {
        try await withDaemon { daemon in
            for transport in [["--socket", daemon.socket], ["--connect", daemon.tcp.description]] {
                let result = try await run(daemon, transport + ["--key", daemon.adminKeyPath, "--daemon-key", daemon.daemonKeyID.hex])
                #expect(result.status == 0, "\(result.stderr)")
                let status = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                #expect(status?["daemon_key_id"] as? String == daemon.daemonKeyID.hex)
                #expect(status?["caller_role"] as? String == "admin")
                #expect(status?["caller_name"] as? String == "Quản trị viên")
                #expect(status?["protocol_version"] as? String == "1.0")
            }
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
        }
    }
}
