import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

extension RequestRouter {
    func enrol(
        _ request: Chibo_V1_EnrolKeyRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws
        -> Chibo_V1_KeyInfo
    {
        let now = ServerContext.nowMilliseconds()
        let record = try Self.enrolledKey(request, by: caller.id, at: now)
        if !request.scopeUnit.isEmpty, try await !context.store.unit(request.scopeUnit, isWithin: request.scopeUnit) {
            throw WireError(.notFound, "scope unit \(request.scopeUnit) does not exist")
        }
        try await context.keys.enrol(
            record, journal: journal(admitted, "enrol_key", now),
            idempotency: remembering(idempotency) { .key(Chibo_V1_KeyInfo($0)) })
        context.logger.notice("key enrolled", metadata: ["key": "\(record.id)", "role": "\(record.role)", "by": "\(caller.id)"])
        return Chibo_V1_KeyInfo(record)
    }

    /// The key an enrol_key request enrols, checked field by field (also how a recovered entry is enrolled again).
    static func enrolledKey(_ request: Chibo_V1_EnrolKeyRequest, by creator: String, at now: Int64) throws -> EnrolledKey {
        guard let key = PublicKey(bytes: request.publicKey) else {
            throw WireError(.invalidArgument, "public key must be 32 bytes")
        }
        guard let role = Role(request.role) else {
            throw WireError(.invalidArgument, "role must be admin, clerk, viewer, auditor or reporter")
        }
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard !name.isEmpty, name.count <= 200 else { throw WireError(.invalidArgument, "name must be 1 to 200 characters") }
        let from = try day(request.validFrom, "valid_from")
        let until = try day(request.validUntil, "valid_until")
        if let from, let until, until < from {
            throw WireError(.invalidArgument, "valid_until \(until) is before valid_from \(from)")
        }
        if role == .reporter, request.scopeUnit.isEmpty {
            throw WireError(
                .invalidArgument, "a reporter key needs a scope: the unit whose subtree the lower daemon reports (--scope)")
        }
        return EnrolledKey(
            id: key.id.hex, publicKey: Data(key.bytes), role: role, name: name,
            scopeUnit: request.scopeUnit.isEmpty ? nil : request.scopeUnit, validFrom: from, validUntil: until,
            createdAt: now, createdBy: creator)
    }

    func revoke(
        _ request: Chibo_V1_RevokeKeyRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws
        -> Chibo_V1_KeyInfo
    {
        guard let id = KeyID(data: request.keyID) else { throw WireError(.invalidArgument, "key id must be 16 bytes") }
        let now = ServerContext.nowMilliseconds()
        let record = try await context.keys.revoke(
            id: id.hex, by: caller.id, at: now, journal: journal(admitted, "revoke_key", now),
            idempotency: remembering(idempotency) { .key(Chibo_V1_KeyInfo($0)) })
        context.logger.notice("key revoked", metadata: ["key": "\(id)", "by": "\(caller.id)"])
        return Chibo_V1_KeyInfo(record)
    }

    /// Any role may list keys: ids, names and roles are not secret, and a clerk needs them to know who signed.
    func list(_ request: Chibo_V1_ListKeysRequest, caller: EnrolledKey) async -> Chibo_V1_KeyList {
        let records = await context.keys.all(includeRevoked: request.includeRevoked)
        return .with { $0.keys = records.map(Chibo_V1_KeyInfo.init) }
    }

    private static func day(_ text: String, _ field: String) throws -> CalendarDay? {
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDay(text) else { throw WireError(.invalidArgument, "\(field) \"\(text)\" is not a date") }
        return day
    }

    func journal(_ admitted: AdmittedRequest, _ operation: String, _ now: Int64) -> JournalInput {
        JournalInput(
            keyID: admitted.signer.hex, requestID: admitted.request.requestID, operation: operation,
            envelope: (try? admitted.envelope.serializedData()) ?? Data(), at: now)
    }
}
