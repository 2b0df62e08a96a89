import ChiboModel
import ChiboWire
import Foundation
import NIOCore

/// Starting inputs for each target, written by `scripts/fuzz.sh TARGET seeds`: valid streams and messages the
/// fuzzer mutates from, so it gets past the magic bytes and the signatures instead of knocking on them.
extension Target {
    var seeds: [[UInt8]] {
        switch self {
        case .frames:
            let client = ClientSession(key: Self.clientKey)
            let hello = Array(client.preamble.bytes.readableBytesView) + Array(client.helloFrame(clientName: "seed").readableBytesView)
            return [hello, hello + Array(ByteBuffer.frame([1, 2, 3]).readableBytesView) + [0, 0, 0, 0]]
        case .envelope:
            return Self.requests().map { Array($0.frame().readableBytesView.dropFirst(4)) }
        case .session:
            // The first byte 0 makes the target prepend a valid preamble and hello; then signed request frames
            // bound to the target's fixed session nonce.
            return [[0] + Self.requests().flatMap { Array($0.frame().readableBytesView) }]
        case .csv:
            return [
                [1] + Array("id,full_name,birth_year,cell_id,from,until\nM1,Bùi Văn Tâm,1960,C1,01/01/2015,\n".utf8),
                [0] + Array("id,parent_id,name,level,active_from\nHB,,Đảng bộ tỉnh,province,01/01/2015\n".utf8),
                [5] + Array("id,unit_id,date,kind,start,present,absent_excused\nH1,C1,03/05/2025,regular,07:30,M1;M2,M3\n".utf8),
            ]
        case .rules:
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return ["yen-bai-18-2019.rules", "kon-tum-776-2023.rules"].compactMap {
                try? Array(Data(contentsOf: root.appendingPathComponent("rules/\($0)")))
            }
        }
    }

    /// Signed requests as the session target expects them: version 1.1, its fixed nonce, time 0.
    static func requests() -> [Chibo_V1_Envelope] {
        let operations: [Chibo_V1_Request.OneOf_Operation] = [
            .status(.init()),
            .putRecords(
                .with {
                    $0.records = [
                        .with {
                            $0.member = .with {
                                $0.id = "M1"; $0.fullName = "Bùi Văn Tâm"; $0.birthYear = 1960
                            }
                        },
                        .with {
                            $0.meeting = .with {
                                $0.id = "H1"; $0.unitID = "C1"; $0.date = "2025-05-03"; $0.kind = "regular"
                                $0.attendance = [
                                    .with {
                                        $0.memberID = "M1"; $0.presence = "present"
                                    }
                                ]
                            }
                        },
                    ]
                }),
            .listRecords(
                .with {
                    $0.kind = "member"; $0.search = "tam"
                }),
        ]
        return operations.enumerated().map { index, operation in
            .signing(
                Chibo_V1_Request.with {
                    $0.version = .with {
                        $0.major = 1; $0.minor = 1
                    }
                    $0.sessionNonce = Data(repeating: 1, count: 32)
                    $0.sequence = UInt64(index + 1)
                    $0.requestID = Data(repeating: UInt8(index), count: 16)
                    $0.timestampMs = 0
                    $0.idempotencyKey = Data(repeating: 2, count: 16)
                    $0.operation = operation
                }, with: clientKey, context: .request)
        }
    }

    func writeSeeds(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (index, seed) in seeds.enumerated() {
            try Data(seed).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-\(index)"))
        }
    }
}
