import GRDB

/// Each meeting keeps its attendance counted: `presentCount` out of `expectedCount`, where the members marked
/// exempt on its list, and those exempt by their status on the meeting's day, are in neither. Participation,
/// quality and regularity read the counts instead of a year's presence rows. A meeting's list never changes
/// once written (a correction is a new meeting), so the counts are set when it is written; a member's
/// exemptions can change later, so triggers on `memberStatus` count again the meetings of that member.
enum MeetingCounts {
    /// Whether the member of attendance row `a` was exempt by status on `meeting`'s day.
    private static let exemptOnTheDay = """
        EXISTS (SELECT 1 FROM memberStatus s WHERE s.memberID = a.memberID AND s.status = 'exempt'
                AND s.fromDay <= meeting.date AND (s.untilDay IS NULL OR s.untilDay >= meeting.date))
        """

    /// A `meeting` row's attendance counted from its presence rows.
    static let present = """
        (SELECT COUNT(*) FROM attendance a WHERE a.meetingID = meeting.id AND a.presence = 'present'
         AND NOT \(exemptOnTheDay))
        """
    static let expected = """
        (SELECT COUNT(*) FROM attendance a WHERE a.meetingID = meeting.id AND a.presence != 'exempt'
         AND NOT \(exemptOnTheDay))
        """

    /// `SET` assignments that count a `meeting` row's attendance again.
    static let assignments = "presentCount = \(present),\nexpectedCount = \(expected)"

    private static func recount(_ member: String) -> String {
        "UPDATE meeting SET \(assignments) WHERE id IN (SELECT meetingID FROM attendance WHERE memberID = \(member));"
    }

    /// Part of the migration "2026-12-02 meeting counts": its triggers, as shipped.
    static func createTriggers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TRIGGER memberStatus_recount_inserted AFTER INSERT ON memberStatus WHEN NEW.status = 'exempt'
                BEGIN \(recount("NEW.memberID")) END;
                CREATE TRIGGER memberStatus_recount_updated AFTER UPDATE ON memberStatus
                WHEN NEW.status = 'exempt' OR OLD.status = 'exempt'
                BEGIN \(recount("OLD.memberID")) \(recount("NEW.memberID")) END;
                CREATE TRIGGER memberStatus_recount_deleted AFTER DELETE ON memberStatus WHEN OLD.status = 'exempt'
                BEGIN \(recount("OLD.memberID")) END;
                """)
    }
}
