/// Any domain record, for code that handles records of every kind alike (writes, imports, listings).
public enum DomainRecord: Hashable, Sendable {
    case level(Level)
    case unit(PartyUnit)
    case member(Member)
    case membership(Membership)
    case memberStatus(MemberStatusPeriod)
    case official(Official)
    case position(Position)
    case assignment(Assignment)
    case meeting(Meeting)
    case visit(Visit)
    case recommendation(Recommendation)
    case monthlyReport(MonthlyReport)
    case rating(Rating)

    /// The kind's stable name, as used by `chibo import --kind` and `list_records`.
    public var kind: RecordKind {
        switch self {
        case .level: .level
        case .unit: .unit
        case .member: .member
        case .membership: .membership
        case .memberStatus: .memberStatus
        case .official: .official
        case .position: .position
        case .assignment: .assignment
        case .meeting: .meeting
        case .visit: .visit
        case .recommendation: .recommendation
        case .monthlyReport: .monthlyReport
        case .rating: .rating
        }
    }
}

public enum RecordKind: String, Sendable, CaseIterable, Codable {
    case level, unit, member, membership
    case memberStatus = "member_status"
    case official, position, assignment, meeting, visit, recommendation
    case monthlyReport = "monthly_report"
    case rating
}
