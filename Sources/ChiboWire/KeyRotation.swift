import Foundation

/// The daemon key's hand-overs. Each rotation is signed by the key it retires, so a client that trusts any
/// earlier key can follow the chain to the current one without trusting anything new.
public enum KeyRotation {
    /// The statement that `previous` hands over to `next`, signed by `previous`.
    public static func make(previous: SigningKey, next: PublicKey, at time: Int64) -> Chibo_V1_KeyRotation {
        let statement = Chibo_V1_RotationStatement.with {
            $0.previousPublicKey = Data(previous.publicKey.bytes)
            $0.nextPublicKey = Data(next.bytes)
            $0.rotatedAtMs = time
        }
        // proto3 encoding of a message built here cannot fail: there are no required fields to miss.
        let bytes: [UInt8] = try! statement.serializedBytes()
        return .with {
            $0.statement = Data(bytes)
            $0.signature = Data(previous.signature(over: SignatureContext.keyRotation.signedBytes(body: bytes)))
        }
    }

    /// A rotation whose signature verifies by its previous key, as (previous, next); nil otherwise.
    static func verified(_ rotation: Chibo_V1_KeyRotation) -> (previous: PublicKey, next: PublicKey)? {
        guard let statement = try? Chibo_V1_RotationStatement(serializedBytes: Array(rotation.statement)),
            let previous = PublicKey(bytes: statement.previousPublicKey),
            let next = PublicKey(bytes: statement.nextPublicKey),
            previous.isValidSignature(
                Array(rotation.signature),
                over: SignatureContext.keyRotation.signedBytes(body: Array(rotation.statement)))
        else { return nil }
        return (previous, next)
    }

    /// Whether an unbroken chain of verified rotations leads from the key `pinned` to `current`.
    public static func chainLeads(from pinned: KeyID, to current: PublicKey, through rotations: [Chibo_V1_KeyRotation])
        -> Bool
    {
        var links: [KeyID: PublicKey] = [:]
        for rotation in rotations {
            guard let (previous, next) = verified(rotation) else { return false }
            links[previous.id] = next
        }
        var key = pinned
        for _ in 0...rotations.count {
            if key == current.id { return true }
            guard let next = links[key] else { return false }
            key = next.id
        }
        return false
    }

    /// From every rotation ever recorded (oldest first), the chain that ends at `current`, oldest first.
    /// Statements that do not lead to the current key (an interrupted rotation) are left out.
    public static func chain(endingAt current: PublicKey, from recorded: [Chibo_V1_KeyRotation]) -> [Chibo_V1_KeyRotation] {
        var byNext: [KeyID: (rotation: Chibo_V1_KeyRotation, previous: PublicKey)] = [:]
        for rotation in recorded {
            if let (previous, next) = verified(rotation) { byNext[next.id] = (rotation, previous) }
        }
        var chain: [Chibo_V1_KeyRotation] = []
        var key = current.id
        while let link = byNext[key], chain.count < recorded.count {
            chain.append(link.rotation)
            key = link.previous.id
        }
        return chain.reversed()
    }
}
