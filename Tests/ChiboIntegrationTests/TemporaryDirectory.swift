import Foundation

/// A directory of the test's own, made as `mktemp -d` does (mkdtemp under the system's temporary directory
/// with a chibo prefix), and removed by the test that made it, never by a glob.
struct TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init(prefix: String = "chibo-test-") throws {
        var template = Array((NSTemporaryDirectory() + "/" + prefix + "XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        url = URL(fileURLWithPath: String(cString: made))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
