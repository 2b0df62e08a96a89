import ChiboClient
import ChiboServer
import ChiboWire
import Foundation
import Testing

/// Several requests in flight on one connection (PROTOCOL.md §7): each answer is matched to its request, a
/// refused write fails alone, and a client that asks for more than the daemon's `max_in_flight` hears `busy`
/// for the extra requests.
@Suite(.timeLimit(.minutes(1))) struct PipelineTests {
    /// Requests 0, 3, 6… are writes of a member (request 9's has no name, so the daemon refuses it); the rest
    /// are status requests.
    static func request(_ index: Int) -> ChiboConnection.PipelinedRequest {
        guard index % 3 == 0 else { return .init(.status(.init())) }
        let member = Chibo_V1_Record.with {
            $0.member = .with {
                $0.id = "P\(index)"; $0.fullName = index == 9 ? "" : "Lò Văn \(index)"
            }
        }
        return .init(.putRecords(.with { $0.records = [member] }), idempotencyKey: Data(Sodium.randomBytes(16)))
    }

    @Test(arguments: [false, true]) func answersAreMatchedToTheirRequests(overTCP: Bool) async throws {
        let (outcomes, members) = try await LiveServer.run { server in
            try await server.connect(overTCP ? server.tcp : server.unix) { connection in
                var sent = 0
                var outcomes: [String] = []
                try await connection.pipeline(depth: 8) {
                    guard sent < 30 else { return nil }
                    defer { sent += 1 }
                    return Self.request(sent)
                } answered: { result, _ in
                    switch result {
                    case .success(let response):
                        switch response.result {
                        case .putRecords?: outcomes.append("written")
                        case .status?: outcomes.append("status")
                        default: outcomes.append("other")
                        }
                    case .failure(let error): outcomes.append(error.code.rawValue)
                    }
                }
                let members = try await connection.listAll(.with { $0.kind = "member" }).map(\.member.id)
                return (outcomes, Set(members))
            }
        }
        #expect(outcomes.count == 30)
        #expect(outcomes.filter { $0 == "status" }.count == 20)
        #expect(outcomes.filter { $0 == "written" }.count == 9)
        #expect(outcomes.filter { $0 == "invalid_argument" }.count == 1)
        #expect(members == Set(stride(from: 0, to: 30, by: 3).filter { $0 != 9 }.map { "P\($0)" }))
    }

    @Test func deeperThanTheDaemonAllowsIsBusyForTheExtraRequests() async throws {
        var limits = ProtocolLimits()
        limits.maxInFlight = 2
        let codes = try await LiveServer.run(limits: limits) { server in
            try await server.connect { connection in
                var sent = 0
                var codes: [String] = []
                try await connection.pipeline(depth: 8) {
                    guard sent < 8 else { return nil }
                    sent += 1
                    return .init(.status(.init()))
                } answered: { result, _ in
                    switch result {
                    case .success: codes.append("ok")
                    case .failure(let error):
                        #expect(error.retryable)
                        codes.append(error.code.rawValue)
                    }
                }
                return codes
            }
        }
        #expect(codes.count == 8)
        #expect(codes.contains("busy"))
        #expect(codes.contains("ok"))
    }
}
