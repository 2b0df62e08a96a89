import ChiboModel

/// A generated data set: one CSV text per import kind, in the order they must be imported.
public struct DemoDataSet: Sendable {
    public struct File: Sendable {
        /// The `chibo import --kind` value, also the file's name without ".csv".
        public let kind: String
        public let csv: String
        /// Data rows (the header not counted).
        public let rows: Int
    }

    public let files: [File]
    public let year: Int
}
