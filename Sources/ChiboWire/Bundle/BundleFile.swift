import Foundation

/// A file of bundles, for carrying a journal up by hand: the line `chibo-bundles 1\n`, then each bundle as
/// a 4-byte big-endian length and the serialized `Bundle`, consecutive segments in order (PROTOCOL.md §7.9).
public enum BundleFile {
    public static let header = Array("chibo-bundles 1\n".utf8)
    /// No bundle a daemon makes comes near this; a larger length means the file is not one.
    public static let maxBundleBytes = 64 << 20

    /// The file's bytes for these bundles.
    public static func encode(_ bundles: [Chibo_V1_Bundle]) -> Data {
        var data = Data(header)
        for bundle in bundles { append(bundle, to: &data) }
        return data
    }

    public static func append(_ bundle: Chibo_V1_Bundle, to data: inout Data) {
        // Encoding a message built in this process cannot fail.
        let bytes: [UInt8] = try! bundle.serializedBytes()
        var length = UInt32(bytes.count).bigEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: bytes)
    }

    /// The bundles of a file's bytes, in order; `invalid_argument` naming what is wrong with the file.
    public static func decode(_ data: Data, limits: ProtocolLimits = ProtocolLimits()) throws -> [Chibo_V1_Bundle] {
        func bad(_ message: String) -> WireError { WireError(.invalidArgument, message, reason: "bad_bundle") }
        guard data.starts(with: header) else { throw bad("not a chibo bundle file (it does not start with \"chibo-bundles 1\")") }
        var bundles: [Chibo_V1_Bundle] = []
        var offset = data.startIndex + header.count
        while offset < data.endIndex {
            guard data.endIndex - offset >= 4 else { throw bad("the file ends inside the length of bundle \(bundles.count + 1)") }
            let length = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard length <= maxBundleBytes else { throw bad("bundle \(bundles.count + 1) claims \(length) bytes: not a bundle file") }
            guard data.endIndex - offset >= length else { throw bad("the file ends inside bundle \(bundles.count + 1): it was cut short") }
            do {
                bundles.append(try Chibo_V1_Bundle(serializedBytes: data[offset..<offset + length], options: .untrusted(limits)))
            } catch {
                throw bad("bundle \(bundles.count + 1) of the file is not a bundle")
            }
            offset += length
        }
        guard !bundles.isEmpty else { throw bad("the file holds no bundle") }
        return bundles
    }
}
