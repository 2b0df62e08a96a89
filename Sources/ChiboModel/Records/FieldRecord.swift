import Foundation

/// A record kind whose fields are flat and named alike everywhere: the CSV columns of `chibo import` and
/// `chibo add`, the fields of its message in records.proto, and its table's columns. Such a kind needs no
/// conversion code of its own in the wire, the client or the store: they go through `fields` and
/// `init(fields:today:)` (docs/architecture.md, "How to add a record kind").
public protocol FieldRecord: DomainRecord {
    /// The columns a CSV file of this kind must have, then those it may have.
    static var requiredFields: [String] { get }
    static var optionalFields: [String] { get }
    /// Builds the record from text values by field name, applying the model's rules; a bad value throws a
    /// `ModelError` that names the field.
    init(fields: RecordFields, today: CalendarDay) throws
    /// The record's values by field name; an absent optional value is left out.
    var fields: [String: FieldValue] { get }
    /// The fields that make two rows of a file the same record (a repeat); by default its code, or else all its
    /// required fields.
    static var identityFields: [String] { get }
}

extension FieldRecord {
    public static var hasCode: Bool { requiredFields.contains("id") }
    public static var identityFields: [String] { requiredFields.contains("id") ? ["id"] : requiredFields }

    /// A kind with codes is its own audit subject.
    public var auditSubjects: [AuditSubject] {
        guard case .text(let id)? = fields["id"] else { return [] }
        return [AuditSubject(Self.kind.rawValue, id, Self.kind.rawValue)]
    }
}

/// A field's value as the record gives it, typed so that the wire can carry it in its own type.
public enum FieldValue: Sendable, Hashable {
    case text(String)
    case number(Int)
    case flag(Bool)

    /// The value as text: how a CSV cell or a table column stores it (days are already ISO text).
    public var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        case .flag(let flag): String(flag)
        }
    }
}

/// One record's values by field name, as text (a CSV row, or a wire message's fields), with the
/// conversions every kind needs and messages that name the field.
public struct RecordFields: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values.mapValues { $0.trimmedOfWhitespace }
    }

    public subscript(_ name: String) -> String { values[name] ?? "" }

    public func optional(_ name: String) -> String? { self[name].isEmpty ? nil : self[name] }

    public func required(_ name: String) throws -> String {
        guard let value = optional(name) else { throw ModelError(.emptyField, "\(name) is empty") }
        return value
    }

    /// A day as yyyy-MM-dd or dd/MM/yyyy.
    public func day(_ name: String) throws -> CalendarDay {
        let text = try required(name)
        guard let day = CalendarDay(text) else { throw ModelError(.outOfRange, "\(name) \"\(text)\" is not a date") }
        return day
    }

    public func optionalDay(_ name: String) throws -> CalendarDay? {
        optional(name) == nil ? nil : try day(name)
    }

    /// "1", "x", "có", "true", "yes" are true; empty, "0", "không", "false", "no" are false.
    public func flag(_ name: String) throws -> Bool {
        switch VietnameseText.searchKey(self[name]) {
        case "", "0", "khong", "false", "no": return false
        case "1", "x", "co", "true", "yes": return true
        default: throw ModelError(.outOfRange, "\(name) \"\(self[name])\" is not yes or no (1/0, có/không)")
        }
    }

    public func number(_ name: String) throws -> Int? {
        guard let text = optional(name) else { return nil }
        guard let value = UInt32(text) else { throw ModelError(.outOfRange, "\(name) \"\(text)\" is not a whole number") }
        return Int(value)
    }

    /// A value that must be one of a coded set, e.g. a status.
    public func coded<T: RawRepresentable & CaseIterable>(_ name: String) throws -> T where T.RawValue == String {
        let text = try required(name)
        guard let value = T(rawValue: text) else {
            throw ModelError(.outOfRange, "\(name) \"\(text)\" is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A list in one cell, separated by ";".
    public func list(_ name: String) -> [String] {
        self[name].split(separator: ";").map { String($0).trimmedOfWhitespace }.filter { !$0.isEmpty }
    }
}
