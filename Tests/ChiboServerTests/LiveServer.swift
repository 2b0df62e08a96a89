import ChiboClient
import ChiboServer
import ChiboWire
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// `ChiboService` run in this process, in a `ServiceGroup`, on a fresh data directory with TCP on port 0 (the
/// shape of Hummingbird's live tests): `body` gets the bound endpoints, then the group shuts down gracefully
/// and the test waits for it.
struct LiveServer: Sendable {
    let unix: Endpoint
    let tcp: Endpoint
    let admin: SigningKey
    let daemonKey: KeyID

    static func run<R: Sendable>(
        limits: ProtocolLimits = ProtocolLimits(), _ body: @Sendable (LiveServer) async throws -> R
    ) async throws -> R {
        var template = Array((NSTemporaryDirectory() + "/chibo-live-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let root = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let admin = SigningKey.generate()
        let directory = try DataDirectory.initialise(at: root + "/data", admin: admin.publicKey, adminName: "Quản trị viên")
        let daemonKey = try directory.loadDaemonKey().id

        let ready = AsyncStream<(String, HostAndPort?)>.makeStream()
        var configuration = try ServerConfiguration(dataDirectory: directory, tcp: HostAndPort(host: "127.0.0.1", port: 0))
        configuration.limits = limits
        var logger = Logger(label: "chibod-test")
        logger.logLevel = .warning
        let service = ChiboService(configuration: configuration, logger: logger) { socket, tcp, _ in
            ready.continuation.yield((socket, tcp))
            ready.continuation.finish()
        }
        let group = ServiceGroup(configuration: .init(services: [service], logger: logger))
        return try await withThrowingTaskGroup(of: R?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            var iterator = ready.stream.makeAsyncIterator()
            guard let (socket, tcp) = await iterator.next(), let tcp else {
                await group.triggerGracefulShutdown()
                throw WireError(.internal, "the service did not become ready")
            }
            let server = LiveServer(unix: .unixSocket(socket), tcp: .tcp(tcp), admin: admin, daemonKey: daemonKey)
            let result: R
            do {
                result = try await body(server)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            for try await _ in tasks {}
            return result
        }
    }

    func connect<R: Sendable>(_ endpoint: Endpoint? = nil, key: SigningKey? = nil, _ body: (ChiboConnection) async throws -> R)
        async throws -> R
    {
        try await ChiboConnection.with(endpoint ?? unix, key: key ?? admin, trust: .expect(daemonKey), body)
    }
}
