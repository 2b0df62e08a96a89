import Foundation
import NIOCore
import SwiftProtobuf

extension Chibo_V1_Envelope {
    /// Signs `body` as it will be sent; the receiver verifies these very bytes.
    public static func signing(body: [UInt8], with key: SigningKey, context: SignatureContext) -> Chibo_V1_Envelope {
        .with {
            $0.keyID = key.id.data
            $0.body = Data(body)
            $0.signature = Data(key.signature(over: context.signedBytes(body: body)))
        }
    }

    public static func signing(
        _ message: some SwiftProtobuf.Message, with key: SigningKey, context: SignatureContext
    ) -> Chibo_V1_Envelope {
        // Encoding a message built in this process cannot fail: every field is set by our own code.
        let body: [UInt8] = try! message.serializedBytes()
        return signing(body: body, with: key, context: context)
    }

    /// Parses an envelope from an untrusted frame.
    public init(frame: ByteBuffer, limits: ProtocolLimits) throws {
        do {
            self = try Chibo_V1_Envelope(
                serializedBytes: Array(frame.readableBytesView), options: .untrusted(limits))
        } catch {
            throw WireError(.protocolError, "frame is not an envelope")
        }
        guard signature.count == Sodium.signatureBytes, keyID.count == KeyID.byteCount else {
            throw WireError(.protocolError, "envelope lacks a key id or signature")
        }
    }

    public var signerID: KeyID? { KeyID(data: keyID) }

    /// Verifies the signature over the body bytes exactly as received; nothing is re-encoded.
    public func verify(with key: PublicKey, context: SignatureContext) -> Bool {
        key.isValidSignature(Array(signature), over: context.signedBytes(body: Array(body)))
    }

    public func frame() -> ByteBuffer {
        let bytes: [UInt8] = try! serializedBytes()
        return .frame(bytes)
    }
}

extension BinaryDecodingOptions {
    /// Options for bytes that came from a peer: a bounded nesting depth, unknown fields kept out.
    public static func untrusted(_ limits: ProtocolLimits) -> BinaryDecodingOptions {
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = limits.messageDepthLimit
        options.discardUnknownFields = true
        return options
    }
}
