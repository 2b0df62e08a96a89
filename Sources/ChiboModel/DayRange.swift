/// Days from `start` to `end`, both included; an open end means "still in force".
public struct DayRange: Hashable, Sendable, Codable {
    public let start: CalendarDay
    public let end: CalendarDay?

    /// Refuses a range that ends before it starts.
    public init(from start: CalendarDay, until end: CalendarDay? = nil) throws {
        if let end, end < start {
            throw ModelError(.endsBeforeStart, "ends on \(end) before it starts on \(start)")
        }
        self.start = start
        self.end = end
    }

    public func contains(_ day: CalendarDay) -> Bool {
        start <= day && (end.map { day <= $0 } ?? true)
    }

    public func overlaps(_ other: DayRange) -> Bool {
        let startsBeforeOtherEnds = other.end.map { start <= $0 } ?? true
        let otherStartsBeforeThisEnds = end.map { other.start <= $0 } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeThisEnds
    }
}
