import ChiboServer
import ChiboWire
import Testing

/// Settings are checked where they are built, so the daemon and a test harness refuse the same nonsense.
@Suite struct ServerConfigurationTests {
    let directory = DataDirectory(path: "/nonexistent/chibo")

    func refusal(_ change: (inout ProtocolLimits) -> Void, tcp: HostAndPort? = nil, plaintext: Bool = false) -> String? {
        var limits = ProtocolLimits()
        change(&limits)
        do {
            _ = try ServerConfiguration(dataDirectory: directory, tcp: tcp, limits: limits, allowPlaintextTCP: plaintext)
        } catch let error as ServerError {
            return error.code == .invalidConfiguration ? error.message : "wrong code \(error.code)"
        } catch {
            return "\(error)"
        }
        return nil
    }

    @Test func defaultsAreValid() {
        #expect(refusal { _ in } == nil)
        #expect(throws: Never.self) { try ProtocolLimits().validated() }
    }

    @Test func nonsenseIsRefusedNamingTheFlag() {
        #expect(refusal { $0.maxConnections = 0 } == "limits must be positive")
        #expect(refusal { $0.idleTimeout = .zero } == "--idle-timeout must be positive")
        #expect(refusal { $0.importChunkWait = .seconds(-1) }?.contains("--import-chunk-wait not negative") == true)
        #expect(refusal { $0.importChunkWait = .zero } == nil)
        #expect(refusal { $0.reservedUnixConnections = 300 }?.contains("--reserved-unix-connections") == true)
        #expect(refusal { $0.maxFrameBytesBeforeAuth = 100 }?.contains("--max-frame-bytes-before-auth") == true)
        #expect(refusal({ _ in }, plaintext: true) == "--allow-plaintext-tcp needs --listen")
        #expect(
            refusal({ _ in }, tcp: HostAndPort(host: "10.0.0.5", port: 7433), plaintext: true)?.contains("loopback addresses only") == true)
        #expect(refusal({ _ in }, tcp: HostAndPort(host: "127.0.0.1", port: 7433), plaintext: true) == nil)
    }
}
