import ChiboWire
import Foundation

/// Online backups in progress: each is a snapshot file in `DATA/backups/` (inside the private data directory),
/// read out in chunks by the admin who began it, and removed after its last chunk; snapshots left unread for
/// an hour are removed when the next backup begins.
actor Backups {
    static let chunkBytes = 1 << 20
    static let abandonedAfter: TimeInterval = 3600

    private let directory: String
    private var owners: [Data: String] = [:]

    init(directory: String) {
        self.directory = directory
    }

    private func path(_ id: Data) -> String {
        directory + "/" + Hex.encode(id) + ".sqlite"
    }

    /// Answers one `backup` request from `caller` (a key id).
    func chunk(_ request: Chibo_V1_BackupRequest, caller: String, context: ServerContext) async throws -> Chibo_V1_BackupChunk {
        var id = request.backupID
        if id.isEmpty {
            try removeAbandoned()
            id = Data(Sodium.randomBytes(16))
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let file = path(id)
            try await context.store.snapshot(to: file)
            chmod(file, 0o600)
            owners[id] = caller
            context.logger.notice("backup snapshot taken", metadata: ["by": "\(caller)", "file": "\(file)"])
        }
        guard owners[id] == caller else {
            throw WireError(.notFound, "no backup in progress with this id for this key (abandoned backups are removed after an hour)")
        }
        let file = path(id)
        guard let handle = FileHandle(forReadingAtPath: file) else { throw WireError(.notFound, "the backup snapshot is gone") }
        defer { try? handle.close() }
        let total = try handle.seekToEnd()
        guard request.offset <= total else {
            throw WireError(.invalidArgument, "offset \(request.offset) is past the end (\(total) bytes)")
        }
        try handle.seek(toOffset: request.offset)
        let data = try handle.read(upToCount: Self.chunkBytes) ?? Data()
        let last = request.offset + UInt64(data.count) >= total
        var digest = Data()
        if last {
            try handle.seek(toOffset: 0)
            var hasher = Sodium.SHA256Stream()
            while let piece = try handle.read(upToCount: Self.chunkBytes), !piece.isEmpty { hasher.update(piece) }
            digest = Data(hasher.finish())
            try? FileManager.default.removeItem(atPath: file)
            owners[id] = nil
        }
        return .with {
            $0.backupID = id
            $0.offset = request.offset
            $0.data = data
            $0.totalBytes = total
            $0.last = last
            $0.sha256 = digest
        }
    }

    /// Snapshots nobody finished reading within the hour (a client that went away, a daemon restart).
    private func removeAbandoned() throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in files where name.hasSuffix(".sqlite") {
            let file = directory + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? .distantPast
            if Date().timeIntervalSince(modified) > Self.abandonedAfter { try? FileManager.default.removeItem(atPath: file) }
        }
    }
}
