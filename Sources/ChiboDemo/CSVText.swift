/// Builds one CSV file in memory.
struct CSVText {
    private(set) var text: String
    private(set) var rows = 0

    init(_ header: [String]) {
        text = header.joined(separator: ",") + "\n"
    }

    mutating func add(_ fields: [String]) {
        text +=
            fields.map { field in
                field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",") + "\n"
        rows += 1
    }
}
