import ChiboClient
import ChiboStore
import ChiboWire
import Foundation
import Testing

/// A real chibod on a fresh data directory, with a temporary Unix socket and a TCP port chosen by the
/// system, and a config home for the chibo CLI so tests never touch the user's files.
final class TestDaemon: @unchecked Sendable {
    // @unchecked: every stored property is set once in init and only read afterwards, except `process`,
    // whose own methods are thread-safe.
    let root: URL
    let data: String
    let configHome: String
    let adminKeyPath: String
    let adminKey: SigningKey
    let socket: String
    let tcp: HostAndPort
    let daemonKeyID: KeyID
    /// Where `GET /metrics` is served, when started with `--metrics`.
    let metrics: HostAndPort?
    let process: Process
    let log: URL

    var unix: Endpoint { .unixSocket(socket) }
    var tcpEndpoint: Endpoint { .tcp(tcp) }

    /// Starts a daemon; `arguments` are added to `chibod run` (timeouts, limits).
    static func start(_ arguments: [String] = []) async throws -> TestDaemon {
        try await TestDaemon(arguments)
    }

    private init(_ arguments: [String]) async throws {
        root = try TemporaryDirectory(prefix: "chibo-test-").url
        data = root.appendingPathComponent("data").path
        configHome = root.appendingPathComponent("config").path
        adminKeyPath = root.appendingPathComponent("admin.key").path
        let made = try await Subprocess.run(
            Binaries.chibo, ["key", "new", "--out", adminKeyPath, "--name", "Quản trị viên"], directory: root)
        #expect(made.status == 0, "\(made.stderr)")
        adminKey = try KeyFile.readSecret(at: adminKeyPath)
        let initialised = try await Subprocess.run(
            Binaries.chibod, ["init", "--data", data, "--admin-key", adminKeyPath + ".pub"], directory: root)
        guard initialised.status == 0 else { throw WireError(.internal, "chibod init failed: \(initialised.stderr)") }

        log = root.appendingPathComponent("chibod.log")
        let out = root.appendingPathComponent("chibod.out")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.chibod)
        process.arguments = ["run", "--data", data, "--listen", "127.0.0.1:0", "--log-level", "debug"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()

        // Wait for the ready line: "chibod ready socket=PATH tcp=HOST:PORT daemon-key=ID".
        var ready: [String: String]?
        for _ in 0..<200 where ready == nil {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("chibod ready ") }) {
                ready = Dictionary(
                    uniqueKeysWithValues: line.split(separator: " ").dropFirst(2).compactMap { part in
                        part.firstIndex(of: "=").map { (String(part[..<$0]), String(part[part.index(after: $0)...])) }
                    })
            } else if !process.isRunning {
                break
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        guard let ready, let socket = ready["socket"], let tcp = ready["tcp"].flatMap(HostAndPort.init),
            let key = ready["daemon-key"].flatMap(KeyID.init(hex:))
        else {
            process.terminate()
            throw WireError(.internal, "chibod did not become ready: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        self.socket = socket
        self.tcp = tcp
        self.daemonKeyID = key
        self.metrics = ready["metrics"].flatMap(HostAndPort.init)
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func stop() async throws -> Int32 {
        if process.isRunning { process.terminate() }
        for _ in 0..<200 where process.isRunning { try await Task.sleep(for: .milliseconds(25)) }
        return process.isRunning ? -1 : process.terminationStatus
    }

    /// Starts a second chibod process on this data directory (after a stop, a crash or a key rotation) and
    /// waits until its socket exists. The caller terminates it.
    func startAgain() async throws -> Process {
        try await Subprocess.startDaemon(data: data)
    }

    /// SIGTERM to a daemon started by `startAgain`, then waits for it to exit (polled: `waitUntilExit` waits on
    /// a run loop that a test's cooperative thread never turns).
    func stop(_ restarted: Process) async {
        if restarted.isRunning { restarted.terminate() }
        for _ in 0..<400 where restarted.isRunning { try? await Task.sleep(for: .milliseconds(25)) }
    }

    func remove() {
        if process.isRunning { process.interrupt(); process.terminate() }
        try? FileManager.default.removeItem(at: root)
    }

    /// The daemon's database opened beside it (WAL lets a reader in while the daemon writes), to check what a
    /// test's requests left there.
    func store() throws -> Store {
        try Store.open(at: data + "/chibo.sqlite", hash: { Data(Sodium.sha256($0)) })
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Runs the real chibo binary against this daemon's socket with the admin key unless told otherwise.
    func chibo(_ arguments: [String], key: String? = nil, environment: [String: String] = [:]) async throws
        -> Subprocess.Result
    {
        try await Subprocess.run(
            Binaries.chibo, arguments,
            environment: ["XDG_CONFIG_HOME": configHome, "CHIBO_SOCKET": socket, "CHIBO_KEY": key ?? adminKeyPath]
                .merging(environment) { $1 },
            directory: root)
    }

    /// The small demo data set with the Yên Bái quotas and the example targets loaded for its province.
    func loadDemoWithTheBoardsRules() async throws {
        let directory = root.appendingPathComponent("demo").path
        #expect(try await chibo(["demo", "generate", "--size", "small", "--out", directory]).status == 0)
        #expect(try await chibo(["demo", "load", directory]).status == 0)
        for file in ["yen-bai-18-2019.rules", "hoa-binh-muc-tieu-2020.rules"] {
            let rules = RuleSetLoadingTests.shipped.appendingPathComponent(file).path
            #expect(try await chibo(["rules", "load", rules, "--unit", "HB"]).status == 0)
        }
    }

    /// A signed status round trip with the client library: proof the daemon still serves.
    func statusWorks(over endpoint: Endpoint? = nil, key: SigningKey? = nil) async throws -> Chibo_V1_StatusResponse {
        try await ChiboConnection.with(endpoint ?? unix, key: key ?? adminKey, trust: .expect(daemonKeyID)) {
            try await $0.status()
        }
    }
}

/// Starts a daemon for the body and always stops and removes it afterwards.
func withDaemon<R: Sendable>(_ arguments: [String] = [], _ body: (TestDaemon) async throws -> R) async throws -> R {
    let daemon = try await TestDaemon.start(arguments)
    do {
        let result = try await body(daemon)
        try await daemon.stop()
        daemon.remove()
        return result
    } catch {
        try? await daemon.stop()
        Issue.record("daemon log:\n\(daemon.logText.suffix(3000))")
        daemon.remove()
        throw error
    }
}
