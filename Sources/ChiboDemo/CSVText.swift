/// One CSV file being built: its header and rows as fields, written out as text by `DemoDataSet.File.csv`.
struct CSVText {
    let header: [String]
    private(set) var records: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    var rows: Int { records.count }

    mutating func add(_ fields: [String]) {
        records.append(fields)
    }

    static func text(header: [String], records: [[String]]) -> String {
        func line(_ fields: [String]) -> String {
            fields.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",") + "\n"
        }
        var text = line(header)
        for record in records { text += line(record) }
        return text
    }
}
