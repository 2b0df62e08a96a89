import ChiboModel

/// A generated data set: one CSV file per import kind, in the order they must be imported.
public struct DemoDataSet: Sendable {
    public struct File: Sendable {
        /// The `chibo import --kind` value, also the file's name without ".csv".
        public let kind: String
        public let header: [String]
        public let records: [[String]]

        /// Data rows (the header not counted).
        public var rows: Int { records.count }
        public var csv: String { CSVText.text(header: header, records: records) }

        /// The value of `column` in `record` ("" when the file has no such column).
        func value(_ record: [String], _ column: String) -> String {
            header.firstIndex(of: column).map { record[$0] } ?? ""
        }
    }

    public let files: [File]
    public let year: Int

    public func file(_ kind: String) -> File? { files.first { $0.kind == kind } }
}
