import ChiboWire
import Foundation
import Testing

@Suite struct KeyRotationTests {
    let first = SigningKey.generate()
    let second = SigningKey.generate()
    let third = SigningKey.generate()

    var chain: [Chibo_V1_KeyRotation] {
        [
            KeyRotation.make(previous: first, next: second.publicKey, at: 1),
            KeyRotation.make(previous: second, next: third.publicKey, at: 2),
        ]
    }

    @Test func pinnedKeyFollowsAnUnbrokenChain() {
        #expect(KeyRotation.chainLeads(from: first.id, to: third.publicKey, through: chain))
        #expect(KeyRotation.chainLeads(from: second.id, to: third.publicKey, through: chain))
        #expect(KeyRotation.chainLeads(from: third.id, to: third.publicKey, through: chain))
    }

    @Test func aKeyOutsideTheChainIsNotFollowed() {
        #expect(!KeyRotation.chainLeads(from: SigningKey.generate().id, to: third.publicKey, through: chain))
        #expect(!KeyRotation.chainLeads(from: first.id, to: SigningKey.generate().publicKey, through: chain))
        #expect(!KeyRotation.chainLeads(from: first.id, to: third.publicKey, through: [chain[1]]))
    }

    @Test func aForgedLinkBreaksTheChain() {
        var forged = chain
        forged[0].signature[3] ^= 1
        #expect(!KeyRotation.chainLeads(from: first.id, to: third.publicKey, through: forged))
        // A statement "signed" by the key it names as next is not a hand-over by the previous key.
        let impostor = SigningKey.generate()
        var selfSigned = KeyRotation.make(previous: impostor, next: third.publicKey, at: 3)
        var statement = try! Chibo_V1_RotationStatement(serializedBytes: Array(selfSigned.statement))
        statement.previousPublicKey = Data(first.publicKey.bytes)
        selfSigned.statement = try! statement.serializedData()
        #expect(!KeyRotation.chainLeads(from: first.id, to: third.publicKey, through: [selfSigned]))
    }

    @Test func daemonSendsOnlyTheChainEndingAtItsKey() {
        let interrupted = KeyRotation.make(previous: third, next: SigningKey.generate().publicKey, at: 3)
        let sent = KeyRotation.chain(endingAt: third.publicKey, from: chain + [interrupted])
        #expect(sent == chain)
        #expect(KeyRotation.chain(endingAt: first.publicKey, from: chain).isEmpty)
    }
}
