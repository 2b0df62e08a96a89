import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// Runs one admitted request and turns every failure into a typed wire error. Runs off the event loop.
struct RequestRouter: Sendable {
    let context: ServerContext

    /// The result, and whether it is the stored answer of an earlier request with the same idempotency key.
    func handle(_ admitted: AdmittedRequest, caller: EnrolledKey) async -> (result: Chibo_V1_Response.OneOf_Result, replayed: Bool) {
        let requestID = admitted.request.requestID
        do {
            try Self.authorize(admitted.request.operation, caller: caller)
            let idempotency = try idempotencyInput(admitted)
            if let idempotency, let stored = try await context.store.recall(idempotency) {
                return (try Self.storedResult(stored), true)
            }
            return (try await run(admitted, caller: caller, idempotency: idempotency), false)
        } catch let replay as IdempotentReplay {
            // Another connection finished the same write while this one was checking it.
            do { return (try Self.storedResult(replay.response), true) } catch { return (failure(error, requestID), false) }
        } catch {
            return (failure(error, requestID), false)
        }
    }

    private func run(_ admitted: AdmittedRequest, caller: EnrolledKey, idempotency: IdempotencyInput?) async throws
        -> Chibo_V1_Response.OneOf_Result
    {
        switch admitted.request.operation {
        case .status: return .status(status(caller: caller))
        case .enrolKey(let request): return .key(try await enrol(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .revokeKey(let request): return .key(try await revoke(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .listKeys(let request): return .keys(await list(request, caller: caller))
        case .putRecords(let request): return (try await put(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .importChunk(let request):
            return (try await importChunk(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .listRecords(let request): return .listRecords(try await list(request, caller: caller))
        case .endRecord(let request):
            return .endRecord(try await end(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .putRuleSet(let request):
            return .ruleSet(try await putRuleSet(request, admitted: admitted, caller: caller, idempotency: idempotency))
        case .listRuleSets(let request): return .ruleSets(try await listRuleSets(request))
        case .report(let request): return .report(try await report(request, caller: caller))
        case .auditVerify: return .auditReport(try await auditVerify())
        case .auditShow(let request): return .auditTrail(try await auditShow(request))
        case .backup(let request): return .backupChunk(try await backup(request, caller: caller))
        case .upstreamExport(let request): return .upstreamExport(try await upstreamExport(request))
        case .upstreamApply(let request): return .upstreamApply(try await upstreamApply(request, caller: caller))
        case .upstreamStatus: return .upstreamStatus(try await upstreamStatus(caller: caller))
        case nil:
            throw WireError(.unsupportedOperation, "this daemon does not know the requested operation")
        }
    }

    private func failure(_ error: any Error, _ requestID: Data) -> Chibo_V1_Response.OneOf_Result {
        .error(Chibo_V1_Error(ErrorFunnel.wireError(error, logger: context.logger), requestID: requestID))
    }

    private func status(caller: EnrolledKey) -> Chibo_V1_StatusResponse {
        .with {
            $0.daemonKeyID = context.daemonKey.id.data
            $0.version = ProtocolVersion.current
            $0.uptimeSeconds = UInt64(max(0, (ContinuousClock.now - context.startedAt).components.seconds))
            $0.callerRole = .init(caller.role)
            $0.callerKeyID = KeyID(hex: caller.id)?.data ?? Data()
            $0.callerName = caller.name
            $0.serverTimeMs = ServerContext.nowMilliseconds()
            $0.daemonVersion = ServerContext.daemonVersion
        }
    }
}
