import Foundation

/// An official's attendance at a unit's meeting (dự sinh hoạt), with the guidance given.
public struct Visit: Hashable, Sendable, Codable {
    public let id: String
    public let meetingID: String
    public let officialID: String
    public let guidance: String
    public let corrects: String?

    public init(id: String, meetingID: String, officialID: String, guidance: String = "", corrects: String? = nil) throws {
        guard !id.isEmpty, !meetingID.isEmpty, !officialID.isEmpty else {
            throw ModelError(.emptyField, "a visit needs its code, meeting and official")
        }
        self.id = id
        self.meetingID = meetingID
        self.officialID = officialID
        self.guidance = VietnameseText.normalized(guidance)
        self.corrects = corrects
    }

    /// One official at one meeting is one visit (lượt): refuses this visit when `standing`, the official's
    /// visits to the same meeting that no later record corrects, holds another one that this visit does not
    /// correct (a second record under another code would be counted twice).
    public func requireOnlyVisit(among standing: [String]) throws {
        guard let other = standing.first(where: { $0 != id && $0 != corrects }) else { return }
        throw ModelError(
            .secondVisit,
            "official \(officialID) already has visit \(other) at meeting \(meetingID); one official at one meeting is one visit "
                + "(to change it, record a correction of \(other))")
    }
}

/// A recommendation raised by members at a meeting, received by an official, forwarded upward, answered.
public struct Recommendation: Hashable, Sendable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable, Comparable {
        case received
        case forwarded
        case answered

        public static func < (a: Status, b: Status) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// One step of its history; steps only move forward and never go back in time.
    public struct Step: Hashable, Sendable, Codable {
        public let status: Status
        public let day: CalendarDay
        public let note: String

        public init(status: Status, day: CalendarDay, note: String = "") {
            self.status = status
            self.day = day
            self.note = VietnameseText.normalized(note)
        }
    }

    public let id: String
    public let meetingID: String
    public let text: String
    public let receivedBy: String
    public let steps: [Step]

    public init(id: String, meetingID: String, text: String, receivedBy: String, steps: [Step]) throws {
        let text = VietnameseText.normalized(text)
        guard !id.isEmpty, !text.isEmpty else { throw ModelError(.emptyField, "a recommendation needs a code and text") }
        guard steps.first?.status == .received else {
            throw ModelError(.badTransition, "recommendation \(id) must start as received")
        }
        for (earlier, later) in zip(steps, steps.dropFirst()) {
            guard earlier.status < later.status, earlier.day <= later.day else {
                throw ModelError(
                    .badTransition,
                    "recommendation \(id) cannot go from \(earlier.status) on \(earlier.day) to \(later.status) on \(later.day)")
            }
        }
        self.id = id
        self.meetingID = meetingID
        self.text = text
        self.receivedBy = receivedBy
        self.steps = steps
    }

    public var status: Status { steps.last!.status }

    /// Days waited so far: from receipt to the answer, or to `today` if not answered yet.
    public func daysWaiting(today: CalendarDay) -> Int {
        let end = steps.last(where: { $0.status == .answered })?.day ?? today
        return steps[0].day.days(until: end)
    }
}
