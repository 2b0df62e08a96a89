import ChiboClient
import Foundation

/// Runs a program to completion without blocking a cooperative thread (through swift-subprocess:
/// `runToCompletion`).
struct Subprocess {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: URL
    ) async throws -> Result {
        let (status, stdout, stderr) = try await runToCompletion(executable, arguments, environment: environment, directory: directory)
        return Result(status: status, stdout: stdout, stderr: stderr)
    }
}

extension Subprocess {
    /// Starts `chibod run --data DATA ARGUMENTS...` in the background, output discarded, and waits until its
    /// Unix socket takes connections (a socket left by a crash exists before the new daemon replaces it, so
    /// only a listener counts). The caller terminates it.
    static func startDaemon(data: String, _ arguments: [String] = []) async throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.chibod)
        process.arguments = ["run", "--data", data] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let socket = Endpoint.unixSocket(data + "/chibod.sock")
        for _ in 0..<300 where process.isRunning {
            if (try? await FrameConnection.with(socket) { _ in true }) == true { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process
    }
}

enum Binaries {
    /// The build's bin directory: CHIBO_BIN_DIR if set, else the directory holding this test binary,
    /// which is where SwiftPM puts chibod and chibo too.
    static let directory: String = {
        if let dir = ProcessInfo.processInfo.environment["CHIBO_BIN_DIR"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("chibod").path) {
            url = url.deletingLastPathComponent()
        }
        return url.path
    }()

    static var chibod: String { directory + "/chibod" }
    static var chibo: String { directory + "/chibo" }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
