/// The kinds of file `chibo import` reads, and the columns of each (docs/import.md describes them).
public enum ImportKind: String, Sendable, CaseIterable {
    case units, members, memberStatuses = "member-statuses", officials, assignments, meetings, visits, recommendations,
        ratings, reports

    public var columns: (required: [String], optional: [String]) {
        switch self {
        case .units:
            (["id", "name", "level", "active_from"],
             ["parent_id", "residential", "especially_difficult", "regular_meeting_day", "active_until"])
        case .members:
            (["id", "full_name"], ["birth_year", "cell_id", "from", "until"])
        case .memberStatuses:
            (["member_id", "status", "from"], ["reason", "until"])
        case .officials:
            (["id", "full_name"], ["member_id", "committee_id", "role", "from", "until"])
        case .assignments:
            (["id", "decision_number", "decision_date", "official_id", "unit_ids", "valid_from"], ["valid_until", "corrects"])
        case .meetings:
            (["id", "unit_id", "date", "kind"],
             ["online", "start", "duration_minutes", "committee_met_first", "topic", "resolution", "speakers", "score",
              "present", "absent_excused", "absent_unexcused", "exempt", "corrects"])
        case .visits:
            (["id", "meeting_id", "official_id"], ["guidance", "corrects"])
        case .recommendations:
            (["id", "meeting_id", "text", "received_by", "received_on"], ["forwarded_on", "forward_note", "answered_on", "answer"])
        case .ratings:
            (["year", "grade", "decided_by"], ["unit_id", "member_id"])
        case .reports:
            (["unit_id", "month", "submitted_on"], ["submitted_by"])
        }
    }
}
