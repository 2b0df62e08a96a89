import ChiboWire
import Foundation
import NIOCore
import Testing

@Suite struct EnvelopeTests {
    let key = SigningKey.generate()
    let body: [UInt8] = Array("một yêu cầu đã ký".utf8)

    @Test func signedEnvelopeVerifies() throws {
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        #expect(envelope.verify(with: key.publicKey, context: .request))
        #expect(envelope.signerID == key.id)
        let parsed = try Chibo_V1_Envelope(frame: ByteBuffer(bytes: try envelope.serializedBytes() as [UInt8]), limits: ProtocolLimits())
        #expect(parsed.verify(with: key.publicKey, context: .request))
    }

    @Test func everyTamperedBodyByteFailsVerification() {
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        for index in body.indices {
            var tampered = envelope
            tampered.body[index] ^= 0x01
            #expect(!tampered.verify(with: key.publicKey, context: .request), "body byte \(index)")
        }
    }

    @Test func everyTamperedSignatureByteFailsVerification() {
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        for index in envelope.signature.indices {
            var tampered = envelope
            tampered.signature[index] ^= 0x80
            #expect(!tampered.verify(with: key.publicKey, context: .request), "signature byte \(index)")
        }
    }

    @Test func everyTamperedByteOfTheEncodedEnvelopeIsCaught() throws {
        let encoded: [UInt8] = try Chibo_V1_Envelope.signing(body: body, with: key, context: .request).serializedBytes()
        for index in encoded.indices {
            var bytes = encoded
            bytes[index] ^= 0x01
            let accepted =
                (try? Chibo_V1_Envelope(frame: ByteBuffer(bytes: bytes), limits: ProtocolLimits()))
                .map { $0.signerID == key.id && $0.verify(with: key.publicKey, context: .request) } ?? false
            #expect(!accepted, "encoded byte \(index)")
        }
    }

    @Test func signatureDoesNotCrossContexts() {
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        for context in SignatureContext.allCases where context != .request {
            #expect(!envelope.verify(with: key.publicKey, context: context))
        }
    }

    @Test func anotherKeyDoesNotVerify() {
        let envelope = Chibo_V1_Envelope.signing(body: body, with: key, context: .request)
        #expect(!envelope.verify(with: SigningKey.generate().publicKey, context: .request))
    }

    @Test func signedBytesAreContextZeroBody() {
        #expect(SignatureContext.response.signedBytes(body: [0xAA]) == Array("chibo/1 response".utf8) + [0, 0xAA])
    }

    @Test func envelopeWithoutSignatureIsRefused() throws {
        let unsigned: [UInt8] = try Chibo_V1_Envelope.with { $0.body = Data(body) }.serializedBytes()
        #expect { try Chibo_V1_Envelope(frame: ByteBuffer(bytes: unsigned), limits: ProtocolLimits()) } throws: {
            ($0 as? WireError)?.code == .protocolError
        }
    }

    @Test func keyFileRoundTripKeepsTheKeyAndHidesTheSecret() throws {
        let parsed = try KeyFile.parseSecret(KeyFile.secretText(key))
        #expect(parsed.id == key.id)
        #expect(!"\(key)".contains(KeyFile.secretText(key).split(separator: " ")[1]))
        let (publicKey, name) = try KeyFile.parsePublic(KeyFile.publicText(key.publicKey, name: "Lê Văn Cường"))
        #expect(publicKey == key.publicKey)
        #expect(name == "Lê Văn Cường")
        #expect(throws: WireError.self) { try KeyFile.parsePublic("chibo-ed25519 not-base64") }
    }
}
