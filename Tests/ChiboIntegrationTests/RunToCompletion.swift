import Foundation
import Subprocess
import SystemPackage

/// Runs a program to completion with swift-subprocess and returns its exit status (128 + the signal when a
/// signal ended it) and what it wrote. Foundation's `Process.run()` on Linux reads past the end of a directory
/// entry while it looks for the descriptors to close (swift-corelibs-foundation #5472): about one whole test
/// run in five crashed on it. Kept apart from `Subprocess` (the tests' own helper), whose name is this module's.
func runToCompletion(
    _ executable: String, _ arguments: [String], environment: [String: String], directory: URL
) async throws -> (status: Int32, stdout: String, stderr: String) {
    var updates: [Environment.Key: String?] = [:]
    for (name, value) in environment { updates[Environment.Key(stringLiteral: name)] = value }
    let result = try await run(
        .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit.updating(updates),
        workingDirectory: FilePath(directory.path), input: .none, output: .string(limit: 256 << 20),
        error: .string(limit: 64 << 20))
    let status: Int32 =
        switch result.terminationStatus {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    return (status, result.standardOutput ?? "", result.standardError ?? "")
}
