import ChiboWire
import Foundation

/// Sends checked CSV records to the daemon as one import: chunks small enough for a frame, applied together
/// in one transaction when the last arrives, so a file is written whole or not at all.
public enum Importer {
    public static let chunkBytes = 1 << 20

    /// Chunks in flight at once on a 1.4 connection: the next is encoded, signed and decoded while the daemon
    /// stages this one. More would only hold more decoded chunks in the daemon's memory while they wait.
    public static let depth = 2

    /// - Parameters:
    ///   - chunks: `split(csv.records)`, when the caller made them already (on another thread, ahead of time).
    ///   - progress: called after each chunk with (records sent, records in all).
    public static func send(
        _ csv: CSVRecords, chunks: [[Chibo_V1_Record]]? = nil, over connection: ChiboConnection, dryRun: Bool,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> Chibo_V1_ImportChunkResponse {
        let chunks = chunks ?? split(csv.records)
        let importID = Data(Sodium.randomBytes(16))
        let requests = chunks.enumerated().map { index, chunk in
            Chibo_V1_ImportChunkRequest.with {
                $0.importID = importID
                $0.chunkIndex = UInt32(index)
                $0.records = chunk
                $0.last = index == chunks.count - 1
                $0.dryRun = dryRun
            }
        }
        // Each chunk keeps its idempotency key, so a chunk sent again after a dropped connection is staged once.
        let keys = requests.map { _ in Data(Sodium.randomBytes(16)) }
        do {
            var sent = 0
            var staged = 0
            if connection.daemon.version.minor >= 4, requests.count > 2 {
                staged = try await stage(requests.dropLast(), keys: keys, over: connection) { records in
                    sent = max(sent, records)
                    progress(sent, csv.records.count)
                }
            }
            // After a dropped connection the chunks go again from the first: count from there.
            sent = requests[..<staged].reduce(0) { $0 + $1.records.count }
            var result = Chibo_V1_ImportChunkResponse()
            for index in staged..<requests.count {
                result = try await connection.importChunk(requests[index], idempotencyKey: keys[index])
                sent += requests[index].records.count
                progress(sent, csv.records.count)
            }
            return result
        } catch var error as WireError {
            if let record = error.recordIndex, record < csv.lines.count {
                error.message = "line \(csv.lines[record]): \(error.message)"
            }
            throw error
        }
    }

    /// Sends the chunks before the last, `depth` at a time, and returns how many of them are staged: all, or
    /// none known if the connection dropped (the caller then sends them all again one at a time, which reconnects;
    /// their keys make the daemon answer those it staged with their first answer). `staged` hears the records
    /// staged so far after each answer. A daemon error is thrown once the chunks in flight are answered.
    private static func stage(
        _ requests: ArraySlice<Chibo_V1_ImportChunkRequest>, keys: [Data], over connection: ChiboConnection,
        staged: (Int) -> Void
    ) async throws -> Int {
        var next = requests.startIndex
        var failure: WireError?
        do {
            try await connection.pipeline(
                depth: min(depth, Int(connection.daemon.limits.maxInFlight)),
                next: {
                    guard failure == nil, next < requests.endIndex else { return nil }
                    defer { next += 1 }
                    return .init(.importChunk(requests[next]), idempotencyKey: keys[next])
                },
                answered: { result, _ in
                    switch result {
                    case .success(let response):
                        guard case .importChunk(let chunk)? = response.result else {
                            throw WireError(.badResponse, "the daemon answered an import chunk with something else")
                        }
                        staged(Int(chunk.staged))
                    case .failure(let error): failure = failure ?? error
                    }
                })
        } catch let error where (error as? WireError).map({ $0.code == .connectionClosed }) ?? true {
            return requests.startIndex
        }
        if let failure { throw failure }
        return requests.endIndex
    }

    /// Consecutive chunks of at most `chunkBytes` encoded bytes each (at least one chunk, even if empty).
    public static func split(_ records: [Chibo_V1_Record]) -> [[Chibo_V1_Record]] {
        var chunks: [[Chibo_V1_Record]] = [[]]
        var size = 0
        for record in records {
            let bytes = (try? record.serializedData().count) ?? 0
            if size + bytes > chunkBytes, !chunks[chunks.count - 1].isEmpty {
                chunks.append([])
                size = 0
            }
            chunks[chunks.count - 1].append(record)
            size += bytes + 4
        }
        return chunks
    }
}
