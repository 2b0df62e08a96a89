import ChiboModel

/// The kinds of file `chibo import` and `chibo add` read, and the columns of each (docs/import.md describes
/// them). The first ten are hand-mapped (a members file also gives memberships, an officials file positions);
/// every `FieldRecord` kind adds one more under its list name, its columns being its fields.
public struct ImportKind: Sendable, Hashable, CustomStringConvertible {
    enum Form: Sendable, Hashable {
        case units, members, memberStatuses, officials, assignments, meetings, visits, recommendations, ratings, reports
        case fields(RecordKind)
    }

    public let rawValue: String
    let form: Form

    public var description: String { rawValue }

    public static let units = ImportKind(rawValue: "units", form: .units)
    public static let members = ImportKind(rawValue: "members", form: .members)
    public static let memberStatuses = ImportKind(rawValue: "member-statuses", form: .memberStatuses)
    public static let officials = ImportKind(rawValue: "officials", form: .officials)
    public static let assignments = ImportKind(rawValue: "assignments", form: .assignments)
    public static let meetings = ImportKind(rawValue: "meetings", form: .meetings)
    public static let visits = ImportKind(rawValue: "visits", form: .visits)
    public static let recommendations = ImportKind(rawValue: "recommendations", form: .recommendations)
    public static let ratings = ImportKind(rawValue: "ratings", form: .ratings)
    public static let reports = ImportKind(rawValue: "reports", form: .reports)

    public static let allCases: [ImportKind] =
        [units, members, memberStatuses, officials, assignments, meetings, visits, recommendations, ratings, reports]
        + RecordKinds.all.compactMap { $0 as? any FieldRecord.Type }.map { ImportKind(rawValue: $0.listName, form: .fields($0.kind)) }

    public init?(rawValue: String) {
        guard let kind = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = kind
    }

    private init(rawValue: String, form: Form) {
        self.rawValue = rawValue
        self.form = form
    }

    /// The record type of a `FieldRecord` form.
    var fieldType: (any FieldRecord.Type)? {
        guard case .fields(let kind) = form else { return nil }
        return RecordKinds.type(of: kind) as? any FieldRecord.Type
    }

    public var columns: (required: [String], optional: [String]) {
        switch form {
        case .units:
            (
                ["id", "name", "level", "active_from"],
                ["parent_id", "residential", "especially_difficult", "regular_meeting_day", "active_until"]
            )
        case .members:
            (["id", "full_name"], ["birth_year", "cell_id", "from", "until"])
        case .memberStatuses:
            (["member_id", "status", "from"], ["reason", "until"])
        case .officials:
            (["id", "full_name"], ["member_id", "committee_id", "role", "from", "until"])
        case .assignments:
            (["id", "decision_number", "decision_date", "official_id", "unit_ids", "valid_from"], ["valid_until", "corrects"])
        case .meetings:
            (
                ["id", "unit_id", "date", "kind"],
                [
                    "online", "start", "duration_minutes", "committee_met_first", "topic", "resolution", "speakers", "score",
                    "present", "absent_excused", "absent_unexcused", "exempt", "corrects",
                ]
            )
        case .visits:
            (["id", "meeting_id", "official_id"], ["guidance", "corrects"])
        case .recommendations:
            (["id", "meeting_id", "text", "received_by", "received_on"], ["forwarded_on", "forward_note", "answered_on", "answer"])
        case .ratings:
            (["year", "grade", "decided_by"], ["unit_id", "member_id"])
        case .reports:
            (["unit_id", "month", "submitted_on"], ["submitted_by"])
        case .fields:
            (fieldType?.requiredFields ?? [], fieldType?.optionalFields ?? [])
        }
    }
}
