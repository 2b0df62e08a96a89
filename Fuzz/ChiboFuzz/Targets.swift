import ChiboClient
import ChiboModel
import ChiboWire
import Foundation
import NIOCore
import NIOEmbedded

/// libFuzzer targets over everything that parses bytes or text from outside. One binary, the target chosen by
/// CHIBO_FUZZ_TARGET (scripts/fuzz.sh sets it). The property is the same for all: a value or a typed error,
/// never a crash, a hang, or memory growing with the input beyond the limits.
enum Target: String, CaseIterable {
    case frames, envelope, session, csv, rules

    static let chosen: Target = {
        guard let name = ProcessInfo.processInfo.environment["CHIBO_FUZZ_TARGET"], let target = Target(rawValue: name) else {
            fatalError("set CHIBO_FUZZ_TARGET to one of: \(Target.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .frames: Self.frames(bytes)
        case .envelope: Self.envelope(bytes)
        case .session: Self.session(bytes)
        case .csv: Self.csv(bytes)
        case .rules: Self.rules(bytes)
        }
    }

    static let limits = ProtocolLimits()

    /// The frame decoder on a byte stream, the way the daemon's pipeline sees it.
    static func frames(_ bytes: [UInt8]) {
        _ = decodeStream(bytes, maxFrame: 4096)
    }

    /// Splits a stream into the items the daemon's decoder yields; nil when the decoder refuses it.
    static func decodeStream(_ bytes: [UInt8], maxFrame: UInt32) -> [InboundItem]? {
        let channel = EmbeddedChannel()
        defer { _ = try? channel.finish() }
        let limit = NIOLoopBoundBox(maxFrame, eventLoop: channel.eventLoop)
        guard
            (try? channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(FrameDecoder(maxFrameBytes: limit, frameTimeout: nil)))) != nil
        else { return nil }
        guard (try? channel.writeInbound(ByteBuffer(bytes: bytes))) != nil else { return nil }
        var items: [InboundItem] = []
        while let item = try? channel.readInbound(as: InboundItem.self) { items.append(item) }
        return items
    }

    /// An envelope, then its body as a Request and as a Response, with the daemon's decoding options.
    static func envelope(_ bytes: [UInt8]) {
        guard let envelope = try? Chibo_V1_Envelope(frame: ByteBuffer(bytes: bytes), limits: limits) else { return }
        _ = envelope.signerID
        _ = try? Chibo_V1_Request(serializedBytes: Array(envelope.body), options: .untrusted(limits))
        _ = try? Chibo_V1_Response(serializedBytes: Array(envelope.body), options: .untrusted(limits))
        _ = try? Chibo_V1_ClientHello(serializedBytes: bytes, options: .untrusted(limits))
        if let request = try? Chibo_V1_Request(serializedBytes: bytes, options: .untrusted(limits)) {
            // Records a request carries are decoded into the model as the daemon does before writing.
            if case .putRecords(let put)? = request.operation {
                for record in put.records { _ = try? record.decoded(today: CalendarDay(year: 2026, month: 11, day: 25)!) }
            }
        }
    }

    static let daemonKey = SigningKey(seed: [UInt8](repeating: 7, count: 32))!
    static let clientKey = SigningKey(seed: [UInt8](repeating: 9, count: 32))!

    /// A whole byte stream from a would-be client through the server session: preamble, hello, then requests,
    /// each admitted or refused. Half of the inputs start with a valid preamble and hello so the fuzzer reaches
    /// the request checks.
    static func session(_ bytes: [UInt8]) {
        var stream = bytes
        if let first = bytes.first, first & 1 == 0 {
            let client = ClientSession(key: clientKey, sealing: first & 2 == 0)
            stream =
                Array(client.preamble.bytes.readableBytesView) + Array(client.helloFrame(clientName: "fuzz").readableBytesView)
                + bytes.dropFirst()
        }
        guard let items = decodeStream(stream, maxFrame: limits.maxFrameBytes) else { return }
        var server = ServerSession(daemonKey: daemonKey, limits: limits)
        for item in items {
            do {
                switch item {
                case .preamble(let preamble):
                    _ = try server.receivePreamble(preamble)
                case .frame(let frame) where server.version == nil:
                    _ = try server.receiveHello(
                        frame: frame, sessionNonce: [UInt8](repeating: 1, count: 32), now: 0,
                        requireSealing: false)
                case .frame(let frame):
                    let envelope = try Chibo_V1_Envelope(frame: frame, limits: limits)
                    let admitted = try server.admit(envelope, signer: clientKey.publicKey, now: 0)
                    _ = server.response(.status(.init()), to: admitted, now: 0)
                }
            } catch {
                return  // every refusal closes the connection
            }
        }
    }

    /// A CSV file of the kind its first byte selects, read and checked as `chibo import` does.
    static func csv(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let kinds = ImportKind.allCases
        _ = CSVRecords(
            Data(bytes.dropFirst()), kind: kinds[Int(first) % kinds.count],
            today: CalendarDay(year: 2026, month: 11, day: 25)!)
    }

    /// A rule-set text, as an admin's `chibo rules load` sends it.
    static func rules(_ bytes: [UInt8]) {
        _ = try? RuleSetParser().parse(String(decoding: bytes, as: UTF8.self))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Target.chosen.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

// SwiftPM links an executable with `main` renamed to `<module>_main`; libFuzzer's driver is entered here.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("chibo_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    if let directory = ProcessInfo.processInfo.environment["CHIBO_FUZZ_SEEDS"] {
        do { try Target.chosen.writeSeeds(to: directory) } catch { fatalError("cannot write seeds: \(error)") }
        return 0
    }
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
