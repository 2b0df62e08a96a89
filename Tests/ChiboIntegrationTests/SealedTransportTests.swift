import ChiboClient
import ChiboWire
import Foundation
import NIOCore
import Testing

/// What crosses TCP: recorded by a relay in the middle, tampered with in flight, and refused in clear.
@Suite(.timeLimit(.minutes(2))) struct SealedTransportTests {
    static let memberName = "Vàng Thị Xuân Mai"

    func connect<R: Sendable>(_ daemon: TestDaemon, via relay: Relay, _ body: (ChiboConnection) async throws -> R) async throws -> R {
        try await ChiboConnection.with(.tcp(relay.address), key: daemon.adminKey, trust: .expect(daemon.daemonKeyID), body)
    }

    static func contains(_ haystack: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }

    @Test func namesDoNotCrossTCPInClear() async throws {
        try await withDaemon { daemon in
            let relay = try await Relay.start(to: daemon.tcp)
            let listed = try await connect(daemon, via: relay) { connection in
                #expect(connection.daemon.transport != nil)
                let status = try await connection.status()
                #expect(status.callerName == "Quản trị viên")
                let written = try await connection.put([
                    .with {
                        $0.member = .with {
                            $0.id = "MX1"; $0.fullName = Self.memberName
                        }
                    }
                ])
                #expect(written.inserted == 1)
                return try await connection.listAll(
                    .with {
                        $0.kind = "member"; $0.search = "xuan mai"
                    })
            }
            await relay.close()
            #expect(listed.map(\.member.fullName) == [Self.memberName])
            let recorded = relay.bytes
            #expect(recorded.count > 500)
            // The member's name went out in the write and came back in the listing; the key's name in the status.
            for secret in [Self.memberName, "Xuân Mai", "Quản trị viên", "MX1", "xuan mai"] {
                #expect(!Self.contains(recorded, secret), "\(secret) crossed the relay in clear")
            }
        }
    }

    @Test func withoutSealingTheSameTrafficShowsTheName() async throws {
        // The check above can fail: over a plaintext connection the recording does show the name.
        try await withDaemon(["--allow-plaintext-tcp"]) { daemon in
            let relay = try await Relay.start(to: daemon.tcp)
            try await ChiboConnection.with(
                .tcp(relay.address), key: daemon.adminKey, trust: .expect(daemon.daemonKeyID),
                sealing: false
            ) { connection in
                #expect(connection.daemon.transport == nil)
                _ = try await connection.put([
                    .with {
                        $0.member = .with {
                            $0.id = "MX1"; $0.fullName = Self.memberName
                        }
                    }
                ])
            }
            await relay.close()
            #expect(Self.contains(relay.bytes, Self.memberName))
        }
    }

    @Test(arguments: [Relay.Direction.toDaemon, .toClient])
    func aFlippedByteClosesTheConnection(_ direction: Relay.Direction) async throws {
        try await withDaemon { daemon in
            // Frame 1 is the first sealed frame each way: the first request, or its response.
            let relay = try await Relay.start(to: daemon.tcp, tamper: .init(direction: direction, frame: 1, action: .flip))
            let outcome: WireError.Code? = try await connect(daemon, via: relay) { connection in
                do {
                    _ = try await connection.status()
                    return nil
                } catch let error as WireError {
                    return error.code
                }
            }
            // The daemon closes on a frame that does not open (its error frame, sealed, may or may not arrive
            // before the close); the client refuses a response that does not open.
            #expect(outcome == (direction == .toDaemon ? .connectionClosed : .protocolError) || outcome == .protocolError)
            if direction == .toDaemon {
                var logged = false
                for _ in 0..<40 where !logged {
                    logged = daemon.logText.contains("does not open")
                    if !logged { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(logged)
            }
            await relay.close()
            // Another client is served, through a clean relay and directly.
            let clean = try await Relay.start(to: daemon.tcp)
            #expect(try await connect(daemon, via: clean) { try await $0.status() }.callerName == "Quản trị viên")
            await clean.close()
            #expect(try await daemon.statusWorks(over: daemon.tcpEndpoint).callerName == "Quản trị viên")
        }
    }

    @Test func aSealedFrameCutOffMidwayClosesTheConnection() async throws {
        try await withDaemon { daemon in
            let relay = try await Relay.start(to: daemon.tcp, tamper: .init(direction: .toDaemon, frame: 1, action: .cut))
            await #expect(throws: WireError.self) {
                try await connect(daemon, via: relay) { _ = try await $0.status() }
            }
            var logged = false
            for _ in 0..<40 where !logged {
                logged = daemon.logText.contains("connection closed in the middle of a frame")
                if !logged { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(logged)
            await relay.close()
            _ = try await daemon.statusWorks(over: daemon.tcpEndpoint)
        }
    }

    @Test func aPlaintextOldClientIsRefusedOnTCPUnlessAllowed() async throws {
        try await withDaemon { daemon in
            try await FrameConnection.with(daemon.tcpEndpoint) { frames in
                await #expect {
                    _ = try await RawClient.handshake(frames, key: daemon.adminKey, sealing: false, minor: 0)
                } throws: { ($0 as? WireError)?.code == .encryptionRequired }
                #expect(await frames.closedByPeer())
            }
            // A 1.0 client keeps working on the Unix socket, writes without an idempotency key included.
            try await FrameConnection.with(daemon.unix) { frames in
                let old = try await RawClient.handshake(frames, key: daemon.adminKey, sealing: false, minor: 0)
                #expect(old.established.version.text == "1.0")
                let member = Chibo_V1_Record.with {
                    $0.member = .with {
                        $0.id = "OLD1"; $0.fullName = "Lò Văn Cũ"
                    }
                }
                try await old.send(old.request(sequence: 1, operation: .putRecords(.with { $0.records = [member] })))
                guard case .success(let response) = try await old.answer() else { Issue.record("1.0 write refused"); return }
                #expect(response.putRecords.inserted == 1)
            }
        }
        try await withDaemon(["--allow-plaintext-tcp"]) { daemon in
            try await FrameConnection.with(daemon.tcpEndpoint) { frames in
                let old = try await RawClient.handshake(frames, key: daemon.adminKey, sealing: false, minor: 0)
                try await old.send(old.request(sequence: 1))
                #expect(try await old.errorCode() == nil)
            }
        }
    }

    @Test func plaintextIsAllowedOnLoopbackOnly() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let refused = try await Subprocess.run(
            Binaries.chibod, ["run", "--data", dir.path, "--listen", "0.0.0.0:0", "--allow-plaintext-tcp"], directory: dir.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--allow-plaintext-tcp is for loopback addresses only"), "\(refused.stderr)")
    }
}
