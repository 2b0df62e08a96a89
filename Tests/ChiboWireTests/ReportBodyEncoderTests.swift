import ChiboModel
import Foundation
import Testing

@testable import ChiboWire

/// The one-pass writer of report responses must give exactly SwiftProtobuf's bytes: the signature covers them
/// and every client decodes them with its own protobuf library.
@Suite struct ReportBodyEncoderTests {
    /// The fuzz tests' seeded generator: a failing round can be replayed.
    typealias SplitMix64 = FuzzTests.SplitMix64

    static let texts = ["", "a", "Chi bộ thôn Đồng Tâm", String(repeating: "Nguyễn Thị Hằng ", count: 20), "😀 ư"]
    static let numbers: [Int] = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, 1 << 20, Int(Int32.max), Int(Int64.max), Int(Int64.min)]

    func randomValue(_ random: inout SplitMix64) -> ReportValue {
        let text = Self.texts.randomElement(using: &random)!
        let number = Self.numbers.randomElement(using: &random)!
        let count = Int.random(in: 0...200_000, using: &random) * (Bool.random(using: &random) ? 1 : 0)
        switch Int.random(in: 0..<8, using: &random) {
        case 0: return .text(text)
        case 1: return .integer(number)
        case 2: return .ratio(part: count / 3, whole: count)
        case 3: return .hundredths(number)
        case 4: return .day(CalendarDay(year: 2025, month: Int.random(in: 1...12, using: &random), day: 1)!)
        case 5: return .flag(Bool.random(using: &random))
        case 6: return .coded(code: Bool.random(using: &random) ? "" : "good", label: text)
        default: return .none
        }
    }

    func response(_ report: Report, elapsed: Int) -> (Chibo_V1_Response, Chibo_V1_ReportResponse) {
        let header = Chibo_V1_Response.with {
            $0.version = ProtocolVersion.current
            $0.requestID = Data(repeating: 7, count: 16)
            $0.requestHash = Data(repeating: 9, count: 32)
            $0.sequence = 42
            $0.serverTimeMs = 1_764_000_000_000
        }
        return (header, Chibo_V1_ReportResponse(report, elapsedMicroseconds: elapsed))
    }

    /// Where two encodings part (or the shorter one's end), nil when they are the same: a failure names a byte, not
    /// two arrays of thousands.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        a == b ? nil : (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
    }

    @Test func writesSwiftProtobufsBytes() throws {
        var random = SplitMix64(state: 2026)
        for round in 0..<200 {
            let tables = (0..<Int.random(in: 0...4, using: &random)).map { t in
                let width = Int.random(in: 0...9, using: &random)
                return ReportTable(
                    key: t == 0 && round % 3 == 0 ? "" : "table_\(t)",
                    columns: (0..<width).map { $0 == 0 ? "" : "column \($0)" },
                    rows: (0..<Int.random(in: 0...40, using: &random)).map { _ in (0..<width).map { _ in randomValue(&random) } })
            }
            let report = Report(kind: ReportKind(rawValue: round % 5 == 0 ? "" : "participation"), period: "2025", tables: tables)
            let (header, body) = response(report, elapsed: round % 4 == 0 ? 0 : round * 1_000_003)
            var whole = header
            whole.result = .report(body)
            let expected: [UInt8] = try whole.serializedBytes()
            #expect(Self.firstDifference(ReportBodyEncoder.body(header, report: body), expected) == nil, "round \(round)")
        }
    }

    @Test func aReplayedReportDecodesToTheSameResponse() throws {
        let (header, body) = response(Report(kind: .participation, period: "2025-Q2", tables: []), elapsed: 5)
        var replayed = header
        replayed.replayed = true
        var whole = replayed
        whole.result = .report(body)
        let bytes = ReportBodyEncoder.body(replayed, report: body)
        #expect(Self.firstDifference(bytes, try whole.serializedBytes()) == nil)
        #expect(try Chibo_V1_Response(serializedBytes: bytes) == whole)
    }
}
