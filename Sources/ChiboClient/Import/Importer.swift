import ChiboWire
import Foundation

/// Sends checked CSV records to the daemon as one import: chunks small enough for a frame, applied together
/// in one transaction when the last arrives, so a file is written whole or not at all.
public enum Importer {
    public static let chunkBytes = 1 << 20

    /// - Parameters:
    ///   - chunks: `split(csv.records)`, when the caller made them already (on another thread, ahead of time).
    ///   - progress: called after each chunk with (records sent, records in all).
    public static func send(
        _ csv: CSVRecords, chunks: [[Chibo_V1_Record]]? = nil, over connection: ChiboConnection, dryRun: Bool,
        progress: (Int, Int) -> Void = { _, _ in }
    ) async throws -> Chibo_V1_ImportChunkResponse {
        let chunks = chunks ?? split(csv.records)
        let importID = Data(Sodium.randomBytes(16))
        var sent = 0
        var result = Chibo_V1_ImportChunkResponse()
        for (index, chunk) in chunks.enumerated() {
            let request = Chibo_V1_ImportChunkRequest.with {
                $0.importID = importID
                $0.chunkIndex = UInt32(index)
                $0.records = chunk
                $0.last = index == chunks.count - 1
                $0.dryRun = dryRun
            }
            do {
                result = try await connection.importChunk(request)
            } catch var error as WireError {
                if let record = error.recordIndex, record < csv.lines.count {
                    error.message = "line \(csv.lines[record]): \(error.message)"
                }
                throw error
            }
            sent += chunk.count
            progress(sent, csv.records.count)
        }
        return result
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
