import ChiboModel
import Foundation
import GRDB

/// A key the daemon accepts requests from. Revoking sets `status`; the row is never deleted.
public struct EnrolledKey: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "key"

    public enum Status: String, Codable, Sendable {
        case active
        case revoked
    }

    /// Hex key id: first 16 bytes of SHA-256 of `publicKey`.
    public var id: String
    public var publicKey: Data
    public var role: Role
    public var name: String
    public var status: Status
    public var scopeUnit: String?
    public var validFrom: String?
    public var validUntil: String?
    public var createdAt: Int64
    public var createdBy: String?
    public var revokedAt: Int64?
    public var revokedBy: String?

    public init(
        id: String, publicKey: Data, role: Role, name: String, scopeUnit: String? = nil,
        validFrom: CalendarDay? = nil, validUntil: CalendarDay? = nil, createdAt: Int64, createdBy: String?
    ) {
        self.id = id
        self.publicKey = publicKey
        self.role = role
        self.name = name
        self.status = .active
        self.scopeUnit = scopeUnit
        self.validFrom = validFrom?.iso
        self.validUntil = validUntil?.iso
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Whether requests signed by this key are accepted on `day`.
    public func isUsable(on day: CalendarDay) -> Bool {
        guard status == .active else { return false }
        if let from = validFrom.flatMap({ CalendarDay($0) }), day < from { return false }
        if let until = validUntil.flatMap({ CalendarDay($0) }), until < day { return false }
        return true
    }
}
