import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

extension Chibo_V1_KeyInfo {
    init(_ record: EnrolledKey) {
        self = .with {
            $0.keyID = KeyID(hex: record.id)?.data ?? Data()
            $0.publicKey = record.publicKey
            $0.role = .init(record.role)
            $0.name = record.name
            $0.status = record.status == .active ? .active : .revoked
            $0.scopeUnit = record.scopeUnit ?? ""
            $0.validFrom = record.validFrom ?? ""
            $0.validUntil = record.validUntil ?? ""
            $0.createdAtMs = record.createdAt
            $0.createdBy = record.createdBy.flatMap { KeyID(hex: $0)?.data } ?? Data()
            $0.revokedAtMs = record.revokedAt ?? 0
            $0.revokedBy = record.revokedBy.flatMap { KeyID(hex: $0)?.data } ?? Data()
        }
    }
}
