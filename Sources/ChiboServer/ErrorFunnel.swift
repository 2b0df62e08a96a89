import ChiboModel
import ChiboStore
import ChiboWire
import Logging

/// The one conversion from whatever a request met to the error its client is told. The module's own code
/// travels as `reason`; a bad field is `invalid_argument` and a broken domain rule `failed_precondition`;
/// the machine's state (disk full) is `storage_unavailable`; anything else is a bug, told as `internal` with
/// its cause in the log only.
enum ErrorFunnel {
    static func wireError(_ error: any Error, logger: Logger) -> WireError {
        switch error {
        case let wire as WireError:
            return wire
        case let failure as RecordFailure:
            var wire = wireError(failure.underlying, logger: logger)
            wire.recordIndex = failure.index
            return wire
        case let model as ModelError:
            return WireError(
                model.code.isBrokenRule ? .failedPrecondition : .invalidArgument, model.description,
                reason: model.code.rawValue)
        case let store as StoreError:
            return wireError(store, logger: logger)
        default:
            if let reason = Store.storageFailure(error) {
                logger.error("storage unavailable", metadata: ["reason": "\(reason)", "error": "\(error)"])
                return WireError(
                    .storageUnavailable, "\(reason); nothing was written, try again once an operator has fixed it",
                    retryable: true)
            }
            logger.error("request failed", metadata: ["error": "\(error)"])
            return WireError(.internal, "the daemon could not complete the request", retryable: true)
        }
    }

    private static func wireError(_ error: StoreError, logger: Logger) -> WireError {
        let code: WireError.Code
        switch error.code {
        case .notFound: code = .notFound
        case .conflict, .fork: code = .conflict
        case .gap: code = .failedPrecondition
        case .limitExceeded: code = .limitExceeded
        case .invalidArgument: code = .invalidArgument
        case .failedPrecondition: code = .failedPrecondition
        case .corrupt:
            logger.error("database inconsistent", metadata: ["error": "\(error.message)"])
            code = .internal
        }
        return WireError(code, error.message, reason: error.code.rawValue)
    }
}
