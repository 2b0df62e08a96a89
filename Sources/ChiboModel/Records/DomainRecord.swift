/// Any domain record. Each kind is one model type conforming to this protocol and listed once in
/// `RecordKinds.all`; the wire, the store, imports and the CLI find the kind there instead of switching on it
/// (docs/architecture.md, "How to add a record kind").
public protocol DomainRecord: Sendable {
    /// The kind's stable name, as `list_records` and the `Record` message's field name spell it.
    static var kind: RecordKind { get }
    /// The name `chibo list` and `chibo show` take: plural, with dashes.
    static var listName: String { get }
    /// Whether each record has a code of its own, by which `chibo show` and `chibo audit show` find it.
    static var hasCode: Bool { get }
    /// The columns of `chibo list`, in order: a machine key and labels for people.
    static var columns: [RecordColumn] { get }
    /// The values under `columns`, formatted for `style`.
    func cells(_ style: CellStyle) -> [String]
    /// The records whose history this one is part of, for `chibo audit show KIND ID`: itself when it has a
    /// code, the member a membership belongs to, the record a correction corrects.
    var auditSubjects: [AuditSubject] { get }
}

extension DomainRecord {
    public var recordKind: RecordKind { Self.kind }
    public var auditSubjects: [AuditSubject] { [] }
}

/// A record an audit trail is asked for (`kind` and `id`, as `chibo audit show` takes them), and what a
/// journalled record did to it.
public struct AuditSubject: Sendable, Equatable {
    public let kind: String
    public let id: String
    public let what: String

    public init(_ kind: String, _ id: String?, _ what: String) {
        self.kind = kind
        self.id = id ?? ""
        self.what = what
    }
}

/// A kind's stable name ("visit", "member_status"). A struct rather than an enum, so that a kind is declared
/// beside its type instead of in a list every layer switches over.
public struct RecordKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let level = RecordKind(rawValue: "level")
    public static let unit = RecordKind(rawValue: "unit")
    public static let member = RecordKind(rawValue: "member")
    public static let membership = RecordKind(rawValue: "membership")
    public static let memberStatus = RecordKind(rawValue: "member_status")
    public static let official = RecordKind(rawValue: "official")
    public static let position = RecordKind(rawValue: "position")
    public static let assignment = RecordKind(rawValue: "assignment")
    public static let meeting = RecordKind(rawValue: "meeting")
    public static let visit = RecordKind(rawValue: "visit")
    public static let recommendation = RecordKind(rawValue: "recommendation")
    public static let monthlyReport = RecordKind(rawValue: "monthly_report")
    public static let rating = RecordKind(rawValue: "rating")
}

/// A column of a record listing: a stable machine key (JSON and CSV output) and labels for people.
public struct RecordColumn: Sendable, Equatable {
    public let key: String
    public let vi: String
    public let en: String

    public init(_ key: String, _ vi: String, _ en: String) {
        self.key = key
        self.vi = vi
        self.en = en
    }

    public init(key: String, vi: String, en: String) { self.init(key, vi, en) }

    public func label(_ language: Language) -> String { language == .vi ? vi : en }
}

/// How a listing's cells are written: for people (dd/MM/yyyy, 1.942, "có") or for machines (ISO days, plain
/// numbers, true/false), with labels in `language`.
public struct CellStyle: Sendable {
    public let people: Bool
    public let language: Language

    public init(people: Bool, language: Language) {
        self.people = people
        self.language = language
    }

    public func day(_ day: CalendarDay?) -> String {
        guard let day else { return "" }
        return people ? day.vietnamese : day.iso
    }

    /// People see "có" for true and nothing for false; machines see true/false.
    public func flag(_ value: Bool) -> String {
        people ? (value ? (language == .vi ? "có" : "yes") : "") : String(value)
    }

    public func number(_ value: Int?) -> String {
        guard let value else { return "" }
        return people ? VietnameseNumber.integer(value, language) : String(value)
    }

    public func list(_ values: [String]) -> String { values.joined(separator: people ? ", " : ";") }
}
