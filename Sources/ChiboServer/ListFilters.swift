import ChiboModel

/// Which `list_records` filters each kind honours (PROTOCOL.md §7 lists the same table); `id`, `limit` and
/// `page_token` apply to every kind that has a single id.
enum ListFilters {
    static func supported(by kind: RecordKind) -> Set<String> {
        switch kind {
        case .level: []
        case .unit: ["search", "unit_id"]
        case .member: ["search", "unit_id"]
        case .membership: ["unit_id", "member_id"]
        case .memberStatus: ["member_id"]
        case .official: ["search", "unit_id"]
        case .position: ["unit_id", "official_id"]
        case .assignment: ["unit_id", "official_id"]
        case .meeting: ["unit_id", "member_id", "from", "until"]
        case .visit, .recommendation: ["unit_id", "official_id", "from", "until"]
        case .monthlyReport: ["unit_id", "from", "until"]
        case .rating: ["unit_id", "member_id"]
        }
    }
}
