import ChiboStore
import ChiboWire

extension RequestRouter {
    func auditVerify() async throws -> Chibo_V1_AuditReport {
        try await JournalAudit.verify(context.store)
    }

    func auditShow(_ request: Chibo_V1_AuditShowRequest) async throws -> Chibo_V1_AuditTrail {
        try await JournalAudit.show(context.store, kind: request.kind, id: request.id)
    }

    func backup(_ request: Chibo_V1_BackupRequest, caller: EnrolledKey) async throws -> Chibo_V1_BackupChunk {
        try await context.backups.chunk(request, caller: caller.id, context: context)
    }
}
