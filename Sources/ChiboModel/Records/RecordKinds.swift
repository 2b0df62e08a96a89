/// Every record kind, registered once. The order is the order of listings and help texts; a kind that
/// brings a table of its own (`docs/architecture.md`) has its migration applied in this order too, so a new
/// kind is appended, never inserted.
public enum RecordKinds {
    public static let all: [any DomainRecord.Type] = [
        Level.self, PartyUnit.self, Member.self, Membership.self, MemberStatusPeriod.self, Official.self, Position.self,
        Assignment.self, Meeting.self, Visit.self, Recommendation.self, MonthlyReport.self, Rating.self, Qualification.self,
    ]

    public static func type(of kind: RecordKind) -> (any DomainRecord.Type)? {
        all.first { $0.kind == kind }
    }

    /// The kind `chibo list` names this way ("member-statuses"), or by its own name ("member_status").
    public static func type(listName: String) -> (any DomainRecord.Type)? {
        all.first { $0.listName == listName || $0.kind.rawValue == listName }
    }

    /// "level, unit, member...", for messages that say what is allowed.
    public static var names: String { all.map { $0.kind.rawValue }.joined(separator: ", ") }
}
