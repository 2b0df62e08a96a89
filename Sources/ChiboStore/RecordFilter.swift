import ChiboModel

/// What a listing asks for; empty fields do not filter.
public struct RecordFilter: Sendable {
    public var kind: RecordKind
    public var id: String?
    public var search: String?
    /// Records of this unit or any unit under it.
    public var unitID: String?
    public var memberID: String?
    public var officialID: String?
    public var from: CalendarDay?
    public var until: CalendarDay?
    public var limit: Int
    public var offset: Int

    public init(
        kind: RecordKind, id: String? = nil, search: String? = nil, unitID: String? = nil, memberID: String? = nil,
        officialID: String? = nil, from: CalendarDay? = nil, until: CalendarDay? = nil, limit: Int = 100, offset: Int = 0
    ) {
        self.kind = kind
        self.id = id
        self.search = search
        self.unitID = unitID
        self.memberID = memberID
        self.officialID = officialID
        self.from = from
        self.until = until
        self.limit = limit
        self.offset = offset
    }
}
