import ChiboStore
import ChiboWire
import Foundation
import SwiftProtobuf

extension RequestRouter {
    /// The request's idempotency key as the store keeps it. Since 1.1 every write must carry one; a 1.0 client
    /// may still write without.
    func idempotencyInput(_ admitted: AdmittedRequest) throws -> IdempotencyInput? {
        let request = admitted.request
        let key = request.idempotencyKey
        guard let operation = request.operation, operation.writes else { return nil }
        if key.isEmpty {
            guard request.version.minor == 0 else {
                throw WireError(.invalidArgument, "a write needs idempotency_key: 16 random bytes, new for each write")
            }
            return nil
        }
        guard key.count == 16 else { throw WireError(.invalidArgument, "idempotency_key must be 16 bytes, not \(key.count)") }
        // The daemon's own encoding of the operation alone: the same write sent again hashes the same, whatever
        // nonce, sequence, request id and clock its new envelope carries.
        let bytes: [UInt8] = try Chibo_V1_Request.with { $0.operation = operation }.serializedBytes()
        return IdempotencyInput(
            signer: admitted.signer.hex, key: key, operation: operation.name, operationHash: Data(Sodium.sha256(bytes)),
            at: ServerContext.nowMilliseconds())
    }

    /// How a write stores its answer: the result as a `Response` holding nothing else.
    func remembering<T>(
        _ input: IdempotencyInput?, _ result: @escaping @Sendable (T) throws -> Chibo_V1_Response.OneOf_Result
    ) -> Idempotency<T>? {
        input.map { input in
            Idempotency(input) { value in try Chibo_V1_Response.with { $0.result = try result(value) }.serializedData() }
        }
    }

    static func storedResult(_ bytes: Data) throws -> Chibo_V1_Response.OneOf_Result {
        guard let result = try Chibo_V1_Response(serializedBytes: bytes).result else {
            throw StoreError(.corrupt, "a stored idempotent answer holds no result")
        }
        return result
    }
}
