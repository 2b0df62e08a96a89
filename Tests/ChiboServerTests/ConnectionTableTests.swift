import ChiboWire
import Logging
import Synchronization
import Testing

@testable import ChiboServer

/// Who gets a connection slot, decided without sockets.
@Suite struct ConnectionTableTests {
    final class Closed: Sendable {
        let ids = Mutex<[String]>([])
        func closer(_ name: String) -> @Sendable () -> Void { { self.ids.withLock { $0.append(name) } } }
    }

    func table(total: Int = 4, reserved: Int = 1, unauthenticated: Int = 10, perAddress: Int = 10) -> ConnectionTable {
        var limits = ProtocolLimits()
        limits.maxConnections = total
        limits.reservedUnixConnections = reserved
        limits.maxUnauthenticatedConnections = unauthenticated
        limits.maxConnectionsPerAddress = perAddress
        return ConnectionTable(limits: limits, logger: Logger(label: "test"))
    }

    func admitted(_ decision: ConnectionTable.Decision) -> Int? {
        if case .admit(let id, _) = decision { return id }
        return nil
    }

    @Test func tcpLeavesTheReservedSlotsToTheUnixSocket() {
        let table = table(total: 3, reserved: 1)
        let closed = Closed()
        #expect(admitted(table.admit(.tcp(address: "10.0.0.1"), close: closed.closer("a"))) != nil)
        #expect(admitted(table.admit(.tcp(address: "10.0.0.2"), close: closed.closer("b"))) != nil)
        guard case .refuse(let limit) = table.admit(.tcp(address: "10.0.0.3"), close: closed.closer("c")) else {
            Issue.record("TCP took a reserved slot"); return
        }
        #expect(limit == "connections")
        #expect(admitted(table.admit(.unix, close: closed.closer("local"))) != nil)
    }

    @Test func aLocalConnectionPushesOutTheOldestUnauthenticatedTCPOneNeverAnAuthenticatedOne() {
        let table = table(total: 3, reserved: 0)
        let closed = Closed()
        let first = admitted(table.admit(.tcp(address: "10.0.0.1"), close: closed.closer("first")))!
        _ = table.admit(.tcp(address: "10.0.0.2"), close: closed.closer("second"))
        _ = table.admit(.unix, close: closed.closer("admin"))
        table.authenticated(first)
        // Full: the next local connection closes "second" (unauthenticated), not "first" (authenticated).
        #expect(admitted(table.admit(.unix, close: closed.closer("admin 2"))) != nil)
        #expect(closed.ids.withLock { $0 } == ["second"])
        #expect(table.counts.total == 3)
        // What is left is authenticated or local: the oldest local one that has not authenticated goes next.
        #expect(admitted(table.admit(.unix, close: closed.closer("admin 3"))) != nil)
        #expect(closed.ids.withLock { $0 } == ["second", "admin"])
    }

    @Test func perAddressAndUnauthenticatedCapsApplyToTCP() {
        let table = table(total: 10, reserved: 0, unauthenticated: 3, perAddress: 2)
        let closed = Closed()
        _ = table.admit(.tcp(address: "10.0.0.9"), close: closed.closer("1"))
        _ = table.admit(.tcp(address: "10.0.0.9"), close: closed.closer("2"))
        guard case .refuse("per_address") = table.admit(.tcp(address: "10.0.0.9"), close: closed.closer("3")) else {
            Issue.record("a third connection from one address was let in"); return
        }
        _ = table.admit(.tcp(address: "10.0.0.8"), close: closed.closer("4"))
        guard case .refuse("unauthenticated") = table.admit(.tcp(address: "10.0.0.7"), close: closed.closer("5")) else {
            Issue.record("a fourth unauthenticated peer was let in"); return
        }
        // The Unix socket is not held back by keyless TCP peers.
        #expect(admitted(table.admit(.unix, close: closed.closer("local"))) != nil)
    }
}
