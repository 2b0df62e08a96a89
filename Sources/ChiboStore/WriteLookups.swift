import ChiboModel
import GRDB

/// What a write's records look up, kept for the rest of that write: an import of a province's 85.000 meetings
/// asked for the same 3.400 units and the same cells' members over and over, one query per meeting each, and its
/// memberships, reports and ratings for the units again.
///
/// It lives in one `RecordSink`, inside one transaction, and the sink tells it the kind of each record before
/// writing it (`willWrite`), so that it forgets what that kind may change.
final class WriteLookups {
    struct Unit {
        let level: String
        let holdsMembers: Bool
        let active: DayRange
        let regularMeetingDay: Int?
    }

    /// A cell's members as its meetings need them: when each belonged to it, and when each was exempt by status.
    struct Roster {
        let cellID: String
        let memberships: [String: [Membership]]
        let exempt: [String: [DayRange]]

        /// The memberships in this cell of the members listed, for `Meeting.requirePresenceInCell`.
        func memberships<S: Sequence<String>>(of memberIDs: S) -> [Membership] {
            memberIDs.flatMap { memberships[$0] ?? [] }
        }

        func isExempt(_ memberID: String, on day: CalendarDay) -> Bool {
            exempt[memberID]?.contains { $0.contains(day) } ?? false
        }
    }

    private var units: [String: Unit] = [:]
    /// Officials known to exist, with their positions; a visits file names the same 1.900 officials 35.000 times.
    private var positions: [String: [Position]] = [:]
    // Meetings come cell by cell in a clerk's file as in the demo's, so the last cell's roster is enough.
    private var roster: Roster?

    /// The kinds that write no unit, level, member, membership, status, official or position.
    private static let leaveAlone: Set<RecordKind> = [.meeting, .visit, .recommendation, .monthlyReport, .rating]

    /// A member the write has just inserted, when the next record is its first membership (a members file
    /// gives each member with its membership): it is known to exist and to hold no membership yet.
    private var newMember: String?

    func willWrite(_ kind: RecordKind) {
        if kind != .membership { newMember = nil }
        guard !Self.leaveAlone.contains(kind) else { return }
        roster = nil
        positions.removeAll()
        // A unit is compared, never changed, once written, but a level or unit write is rare enough to start over.
        if kind == .unit || kind == .level { units.removeAll() }
    }

    func inserted(member id: String) { newMember = id }

    /// Whether `id` is the member just inserted, with no membership yet; it is so only once.
    func takeNewMember(_ id: String) -> Bool {
        defer { newMember = nil }
        return newMember == id
    }

    /// That unit `id` exists, or the same not-found error as `DomainWriter.unit`.
    func requireUnit(_ db: Database, _ id: String) throws { _ = try unit(db, id) }

    func unit(_ db: Database, _ id: String) throws -> Unit {
        if let unit = units[id] { return unit }
        let found = try DomainWriter.unit(db, id)
        let unit = Unit(
            level: found.level, holdsMembers: found.holdsMembers, active: found.active, regularMeetingDay: found.regularMeetingDay)
        units[id] = unit
        return unit
    }

    /// The positions of official `id`, or the not-found error of a visit naming no official.
    func positions(_ db: Database, official id: String) throws -> [Position] {
        if let known = positions[id] { return known }
        try DomainWriter.require(db, "official", id, "official")
        let found = try DomainWriter.positions(db, officialID: id)
        positions[id] = found
        return found
    }

    func roster(_ db: Database, cell cellID: String) throws -> Roster {
        if let roster, roster.cellID == cellID { return roster }
        var memberships: [String: [Membership]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT memberID, fromDay, untilDay FROM membership WHERE cellID = ?"), arguments: [cellID])
        {
            let memberID: String = row[0]
            memberships[memberID, default: []].append(
                Membership(memberID: memberID, cellID: cellID, days: try RecordListing.range(row, 1, 2)))
        }
        var exempt: [String: [DayRange]] = [:]
        for row in try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT s.memberID, s.fromDay, s.untilDay FROM memberStatus s
                    WHERE s.status = 'exempt' AND s.memberID IN (SELECT memberID FROM membership WHERE cellID = ?)
                    """), arguments: [cellID])
        {
            exempt[row[0], default: []].append(try RecordListing.range(row, 1, 2))
        }
        let roster = Roster(cellID: cellID, memberships: memberships, exempt: exempt)
        self.roster = roster
        return roster
    }
}
