import ChiboClient
import ChiboWire
import Foundation
import Testing

/// Fixes the independent 1.0 client found: slots freed before the answer leaves, and listing filters that are
/// refused instead of failing or being ignored.
@Suite(.timeLimit(.minutes(2))) struct ListingAndSlotTests {
    @Test func aClientThatWaitsForEachAnswerIsNeverBusy() async throws {
        try await withDaemon(["--max-in-flight", "1"]) { daemon in
            // Several connections at once keep both cores busy, which widens the window the old code left
            // between an answer going out and its slot coming free.
            let busy = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                            connection in
                            var busy = 0
                            for _ in 0..<400 {
                                do {
                                    _ = try await connection.status()
                                } catch let error as WireError where error.code == .busy {
                                    busy += 1
                                }
                            }
                            return busy
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(busy == 0)
        }
    }

    func refusal(_ daemon: TestDaemon, _ configure: (inout Chibo_V1_ListRecordsRequest) -> Void) async throws -> WireError? {
        var request = Chibo_V1_ListRecordsRequest()
        configure(&request)
        let finished = request
        return try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { connection in
            do {
                _ = try await connection.list(finished)
                return nil
            } catch let error as WireError {
                // The connection stays usable after a refused listing.
                _ = try await connection.status()
                return error
            }
        }
    }

    @Test func aSearchLongerThanTheMaximumIsAnInvalidArgument() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let long = try await refusal(daemon) {
                $0.kind = "member"; $0.search = String(repeating: "an", count: 25_000)
            }
            #expect(long?.code == .invalidArgument)
            #expect(long?.message.contains("at most 200 characters") == true)
            #expect(
                try await refusal(daemon) {
                    $0.kind = "member"; $0.search = String(repeating: "a", count: 200)
                } == nil)
        }
    }

    @Test func filtersAKindCannotHonourAreRefusedNotIgnored() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let search = try await refusal(daemon) {
                $0.kind = "meeting"; $0.search = "Rụ"
            }
            #expect(search?.code == .invalidArgument)
            #expect(search?.message == "meeting records cannot be filtered by search; they take: from, member_id, unit_id, until")
            #expect(
                try await refusal(daemon) {
                    $0.kind = "unit"; $0.memberID = "M1"
                }?.code == .invalidArgument)
            #expect(
                try await refusal(daemon) {
                    $0.kind = "level"; $0.unitID = "HB"
                }?.message.contains("id only") == true)
            #expect(
                try await refusal(daemon) {
                    $0.kind = "meeting"; $0.unitID = "HB.LS"; $0.from = "2025-01-01"
                } == nil)
        }
    }
}
