import Foundation

/// A CSV record with the line it starts on.
public struct CSVRow: Sendable, Equatable {
    public let line: Int
    public let fields: [String]
}

/// RFC 4180 CSV: comma-separated, fields optionally in double quotes (quotes doubled inside, newlines
/// allowed), CRLF or LF line ends, an optional UTF-8 byte-order mark. Every field must be valid UTF-8; a
/// record that is not is reported with its line, never silently mangled.
public enum CSVReader {
    public struct Failure: Error, Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public static func rows(_ data: Data) -> (rows: [CSVRow], failures: [Failure]) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [CSVRow] = []
        var failures: [Failure] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var i = 0

        func endRow() {
            fields.append(field)
            field = []
            defer { fields = [] }
            if fields.count == 1, fields[0].isEmpty { return }  // blank line
            var texts: [String] = []
            for raw in fields {
                guard let text = String(validating: raw, as: UTF8.self) else {
                    failures.append(Failure(line: rowStart, message: "not valid UTF-8 text (save the file as UTF-8)"))
                    return
                }
                texts.append(text)
            }
            rows.append(CSVRow(line: rowStart, fields: texts))
        }

        while i < bytes.count {
            let byte = bytes[i]
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inQuotes = true
                case UInt8(ascii: ","):
                    fields.append(field)
                    field = []
                case UInt8(ascii: "\r"): break
                case UInt8(ascii: "\n"):
                    endRow()
                    line += 1
                    rowStart = line
                default: field.append(byte)
                }
            }
            i += 1
        }
        if inQuotes {
            failures.append(Failure(line: rowStart, message: "a quoted field is never closed"))
        } else if !field.isEmpty || !fields.isEmpty {
            endRow()
        }
        return (rows, failures)
    }
}
