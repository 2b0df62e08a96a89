import ChiboWire
import Foundation

/// A file written in place only once whole: `path.partial` (mode 0600), synced, then renamed.
public final class PartialFile {
    private let path: String
    private let partial: String
    private let handle: FileHandle
    private var committed = false

    public init(path: String) throws {
        self.path = path
        partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw WireError(.invalidArgument, "cannot write \(partial)") }
        self.handle = handle
    }

    public func write(_ data: Data) throws { try handle.write(contentsOf: data) }

    public func commit() throws {
        try handle.synchronize()
        try handle.close()
        guard rename(partial, path) == 0 else { throw WireError(.invalidArgument, "cannot move \(partial) to \(path)") }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
        }
    }
}
