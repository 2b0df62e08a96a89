import ChiboModel
import ChiboWire
import Foundation

/// Turns CSV rows of one kind into wire records, each tagged with its line. Everything that can be checked
/// without the database is checked here, so a clerk sees every bad row at once, before anything is sent.
public struct CSVRecords: Sendable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    public private(set) var records: [Chibo_V1_Record] = []
    /// The CSV line each record came from (a members row gives a member and its membership).
    public private(set) var lines: [Int] = []
    public private(set) var problems: [Problem] = []

    public init(_ data: Data, kind: ImportKind, today: CalendarDay = .today()) {
        let (rows, failures) = CSVReader.rows(data)
        problems = failures.map { Problem(line: $0.line, message: $0.message) }
        guard let header = rows.first else {
            problems.append(Problem(line: 1, message: "the file is empty; it needs a header row"))
            return
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let (required, optional) = kind.columns
        // A spreadsheet set to a regional format with "," as the decimal mark saves "CSV" with ";" between fields.
        if names.count == 1, names[0].contains(";") {
            problems.append(
                Problem(
                    line: header.line,
                    message:
                        "the fields are separated by \";\", not \",\": save the file again as \"CSV UTF-8 (comma delimited)\", or replace \";\" with \",\" (expected columns \((required + optional).joined(separator: ", ")))"
                ))
            return
        }
        let missing = required.filter { !names.contains($0) }
        let unknown = names.filter { !required.contains($0) && !optional.contains($0) }
        let repeated = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        if !repeated.isEmpty {
            problems.append(Problem(line: header.line, message: "column named twice: \(repeated.joined(separator: ", "))"))
        }
        if !missing.isEmpty { problems.append(Problem(line: header.line, message: "missing column: \(missing.joined(separator: ", "))")) }
        if !unknown.isEmpty {
            problems.append(
                Problem(
                    line: header.line,
                    message:
                        "unknown column: \(unknown.joined(separator: ", ")) (expected \((required + optional).joined(separator: ", ")))"))
        }
        guard missing.isEmpty, unknown.isEmpty, repeated.isEmpty else { return }

        var seen: [String: Int] = [:]
        // Officials already described, for a further row of one of them that only adds a position.
        var officials: [String: (line: Int, person: String)] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                problems.append(Problem(line: row.line, message: "has \(row.fields.count) fields, the header has \(names.count)"))
                continue
            }
            let values = RecordFields(Dictionary(uniqueKeysWithValues: zip(names, row.fields)))
            do {
                var made = try CSVMapping.records(kind, values, today: today)
                let key = CSVMapping.identity(kind, values)
                if let first = seen[key] {
                    problems.append(Problem(line: row.line, message: "repeats line \(first) (\(CSVMapping.identity(kind, values)))"))
                    continue
                }
                if kind.form == .officials {
                    let person = "\(VietnameseText.normalized(values["full_name"]))|\(values["member_id"])"
                    if let described = officials[values["id"]] {
                        guard described.person == person else {
                            problems.append(
                                Problem(
                                    line: row.line,
                                    message: "official \(values["id"]) has another name or member_id than on line \(described.line)"))
                            continue
                        }
                        made.removeFirst()  // the official is already on its way; this row adds a position
                    } else {
                        officials[values["id"]] = (row.line, person)
                    }
                }
                seen[key] = row.line
                for record in made {
                    _ = try record.decoded(today: today)
                    records.append(record)
                    lines.append(row.line)
                }
            } catch let error as ModelError {
                problems.append(Problem(line: row.line, message: error.message))
            } catch {
                problems.append(Problem(line: row.line, message: "\(error)"))
            }
        }
        problems.sort { $0.line < $1.line }
    }
}
