import ChiboWire
import Foundation

extension ChiboConnection {
    /// The next bundle of the daemon's journal from `fromSeq` (no entries once past its end); with `reporter`,
    /// at an upper daemon, the bundle it accepted from that lower daemon holding `fromSeq`, as that one signed it.
    public func upstreamExport(fromSeq: UInt64, maxBytes: UInt32 = 0, reporter: KeyID? = nil) async throws
        -> Chibo_V1_UpstreamExportResponse
    {
        let request = Chibo_V1_UpstreamExportRequest.with {
            $0.fromSeq = fromSeq
            $0.maxBytes = maxBytes
            $0.reporterKeyID = reporter?.data ?? Data()
        }
        guard case .upstreamExport(let result)? = try await call(.upstreamExport(request)).result else {
            throw WireError(.badResponse, "the daemon answered with another kind of result")
        }
        return result
    }

    /// Hands a lower daemon's bundle to this (upper) daemon. Sending it again changes nothing.
    public func upstreamApply(_ bundle: Chibo_V1_Bundle) async throws -> Chibo_V1_UpstreamApplyResponse {
        guard case .upstreamApply(let result)? = try await call(.upstreamApply(.with { $0.bundle = bundle })).result else {
            throw WireError(.badResponse, "the daemon answered with another kind of result")
        }
        return result
    }

    /// The lower daemons this daemon has received from, and how far.
    public func upstreamStatus() async throws -> [Chibo_V1_UpstreamPeer] {
        guard case .upstreamStatus(let result)? = try await call(.upstreamStatus(.init())).result else {
            throw WireError(.badResponse, "the daemon answered with another kind of result")
        }
        return result.peers
    }
}
