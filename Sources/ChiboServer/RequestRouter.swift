import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

/// Runs one admitted request and turns every failure into a typed wire error. Runs off the event loop.
struct RequestRouter: Sendable {
    let context: ServerContext

    func handle(_ admitted: AdmittedRequest, caller: EnrolledKey) async -> Chibo_V1_Response.OneOf_Result {
        do {
            switch admitted.request.operation {
            case .status: return .status(status(caller: caller))
            case .enrolKey(let request): return .key(try await enrol(request, admitted: admitted, caller: caller))
            case .revokeKey(let request): return .key(try await revoke(request, admitted: admitted, caller: caller))
            case .listKeys(let request): return .keys(await list(request, caller: caller))
            case .putRecords(let request): return .putRecords(try await put(request, admitted: admitted, caller: caller))
            case .importChunk(let request): return .importChunk(try await importChunk(request, admitted: admitted, caller: caller))
            case .listRecords(let request): return .listRecords(try await list(request, caller: caller))
            case .endRecord(let request): return .endRecord(try await end(request, admitted: admitted, caller: caller))
            case .putRuleSet(let request): return .ruleSet(try await putRuleSet(request, admitted: admitted, caller: caller))
            case .listRuleSets(let request): return .ruleSets(try await listRuleSets(request))
            case .report(let request): return .report(try await report(request, caller: caller))
            case nil:
                throw WireError(.unsupportedOperation, "this daemon does not know the requested operation")
            }
        } catch let error as WireError {
            return .error(Chibo_V1_Error(error, requestID: admitted.request.requestID))
        } catch let error as StoreError {
            return .error(Chibo_V1_Error(WireError(error), requestID: admitted.request.requestID))
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)"])
            let wire = WireError(.internal, "the daemon could not complete the request", retryable: true)
            return .error(Chibo_V1_Error(wire, requestID: admitted.request.requestID))
        }
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

extension WireError {
    init(_ error: StoreError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .conflict: self.init(.conflict, error.message)
        case .corrupt: self.init(.internal, error.message)
        }
    }
}
