import ChiboClient
import ChiboModel
import ChiboWire
import Foundation
import Testing

/// Every kind in `RecordKinds.all`, through the real daemon and CLI: imported from a CSV file, added by
/// `chibo add`, listed, and shown by code; so a kind that is registered but not wired in every layer fails here.
@Suite(.timeLimit(.minutes(3))) struct RecordKindRoundTripTests {
    @Test func everyRegisteredKindImportsAddsListsAndShows() async throws {
        try await withDaemon { daemon in
            for type in RecordKinds.all {
                let kind = type.kind.rawValue
                guard let sample = RecordKindSamples.all[kind] else {
                    Issue.record("no sample for kind \(kind): add one to RecordKindSamples")
                    continue
                }
                let file = daemon.root.appendingPathComponent("\(kind).csv").path
                try sample.csv.write(toFile: file, atomically: true, encoding: .utf8)
                let imported = try await daemon.chibo(["import", file, "--kind", type.listName])
                #expect(imported.status == 0, "\(kind): import: \(imported.stderr)")
                let added = try await daemon.chibo(["add", type.listName] + sample.added)
                #expect(added.status == 0, "\(kind): add: \(added.stderr)")
                let again = try await daemon.chibo(["import", file, "--kind", type.listName, "--format", "json"])
                #expect(again.stdout.contains("\"inserted\" : \"0\""), "\(kind): a second import writes nothing: \(again.stdout)")

                let listed = try await daemon.chibo(["list", type.listName, "--format", "csv"])
                #expect(listed.status == 0, "\(kind): list: \(listed.stderr)")
                let header = type.columns.map(\.key).joined(separator: ",")
                #expect(listed.stdout.hasPrefix(header), "\(kind): list columns: \(listed.stdout)")
                for text in sample.listed { #expect(listed.stdout.contains(text), "\(kind): \(text) not listed: \(listed.stdout)") }
                let table = try await daemon.chibo(["list", type.listName])
                #expect(table.status == 0 && table.stdout.contains(type.columns[0].vi), "\(kind): table: \(table.stdout)\(table.stderr)")

                guard let code = sample.shown else { continue }
                let shown = try await daemon.chibo(["show", type.listName, code, "--format", "json"])
                #expect(shown.status == 0 && shown.stdout.contains("\"\(code)\""), "\(kind): show: \(shown.stdout)\(shown.stderr)")
                let unknown = try await daemon.chibo(["show", type.listName, "NO-SUCH-CODE"])
                #expect(unknown.status == 1 && unknown.stderr.contains("not_found"), "\(kind): \(unknown.stderr)")
            }
        }
    }
}

/// On the wire a field that cannot be what it says and a record the domain's rules refuse are told apart:
/// `invalid_argument` and `failed_precondition`, each with the model's own code as `reason`.
@Suite(.timeLimit(.minutes(2))) struct ErrorCodeTests {
    @Test func aBrokenRuleAndAMalformedFieldGiveDifferentCodes() async throws {
        try await withDaemon { daemon in
            func refusal(_ record: Chibo_V1_Record) async throws -> WireError? {
                try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) { connection in
                    do { _ = try await connection.put([record]) } catch let error as WireError { return error }
                    return nil
                }
            }
            let unit = try await daemon.chibo(["add", "units", "id=T", "name=Đảng bộ xã T", "level=grassroots", "active_from=01/01/2015"])
            #expect(unit.status == 0, "\(unit.stderr)")
            #expect(try await daemon.chibo(["add", "members", "id=M1", "full_name=Bùi Văn Tâm"]).status == 0)

            let badDay: Chibo_V1_Record = .with {
                $0.membership = .with {
                    $0.memberID = "M1"; $0.cellID = "T"; $0.from = "31/02/2026"
                }
            }
            let badDayRefusal = try await refusal(badDay)
            #expect(
                badDayRefusal?.code == .invalidArgument && badDayRefusal?.reason == "out_of_range", "\(String(describing: badDayRefusal))")
            #expect(badDayRefusal?.recordIndex == 0)

            // Well formed, but T is a commune's committee: members belong to cells.
            let notACell = try await refusal(
                .with {
                    $0.membership = .with {
                        $0.memberID = "M1"; $0.cellID = "T"; $0.from = "01/01/2020"
                    }
                })
            #expect(notACell?.code == .failedPrecondition && notACell?.reason == "not_a_cell", "\(String(describing: notACell))")

            let unknown = try await refusal(
                .with {
                    $0.membership = .with {
                        $0.memberID = "M9"; $0.cellID = "T"; $0.from = "01/01/2020"
                    }
                })
            #expect(unknown?.code == .notFound && unknown?.reason == "not_found", "\(String(describing: unknown))")

            // A bad record in a staged chunk of an import is named by its index over the whole import.
            let importID = Data(Sodium.randomBytes(16))
            let stagedBad = try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
                connection -> WireError? in
                _ = try await connection.importChunk(
                    .with {
                        $0.importID = importID
                        $0.records = [
                            .with {
                                $0.member = .with {
                                    $0.id = "M2"; $0.fullName = "Lò Văn Hai"
                                }
                            }, badDay,
                        ]
                    })
                do {
                    _ = try await connection.importChunk(
                        .with {
                            $0.importID = importID
                            $0.chunkIndex = 1
                            $0.last = true
                            $0.records = [
                                .with {
                                    $0.member = .with {
                                        $0.id = "M3"; $0.fullName = "Lò Văn Ba"
                                    }
                                }
                            ]
                        })
                } catch let error as WireError { return error }
                return nil
            }
            #expect(stagedBad?.code == .invalidArgument && stagedBad?.reason == "out_of_range", "\(String(describing: stagedBad))")
            #expect(stagedBad?.recordIndex == 1)
            let members = try await daemon.chibo(["list", "members", "--format", "csv"])
            #expect(!members.stdout.contains("M2") && !members.stdout.contains("M3"), "nothing was written: \(members.stdout)")

            let memberships = try await daemon.chibo(["list", "memberships", "--format", "csv"])
            #expect(memberships.stdout == "member_id,cell_id,from,until\r\n", "nothing was written: \(memberships.stdout)")
        }
    }
}
