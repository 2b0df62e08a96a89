import Foundation

/// A party member (đảng viên). Which cell they belong to and their status are dated histories, kept in
/// `Membership` and `MemberStatusPeriod` records, never overwritten.
public struct Member: Hashable, Sendable, Codable {
    /// Stable code, e.g. the party card number.
    public let id: String
    public let fullName: String
    public let birthYear: Int?

    public init(id: String, fullName: String, birthYear: Int? = nil) throws {
        let id = id.trimmedOfWhitespace
        guard !id.isEmpty else { throw ModelError(.emptyField, "a member needs a code") }
        let fullName = VietnameseText.normalized(fullName)
        guard !fullName.isEmpty else { throw ModelError(.emptyField, "member \(id) needs a name") }
        if let year = birthYear, !(1900...2100).contains(year) {
            throw ModelError(.outOfRange, "birth year \(year) of member \(id) is not plausible")
        }
        self.id = id
        self.fullName = fullName
        self.birthYear = birthYear
    }

    /// The given name, by which people are listed: the last word.
    public var givenName: String { fullName.split(separator: " ").last.map(String.init) ?? fullName }
}

/// A member's belonging to one cell over a range of days.
public struct Membership: Hashable, Sendable, Codable {
    public let memberID: String
    public let cellID: String
    public let days: DayRange

    public init(memberID: String, cellID: String, days: DayRange) {
        self.memberID = memberID
        self.cellID = cellID
        self.days = days
    }

    /// A member belongs to exactly one cell at a time: refuses `new` if it overlaps any of `existing`.
    public static func requireNoOverlap(_ new: Membership, with existing: [Membership]) throws {
        for other in existing where other.memberID == new.memberID && other.days.overlaps(new.days) {
            throw ModelError(
                .overlappingMembership,
                "member \(new.memberID) already belongs to cell \(other.cellID) from \(other.days.start)"
                    + (other.days.end.map { " to \($0)" } ?? "") + "; a member is in one cell at a time")
        }
    }
}

public enum MemberStatus: String, Sendable, Codable, CaseIterable {
    case active
    /// Miễn sinh hoạt: excused from meetings (age, health), decided by the cell; left out of attendance rates.
    case exempt
    case suspended
    case transferredOut = "transferred_out"
}

/// A dated status of a member; periods of one member do not overlap.
public struct MemberStatusPeriod: Hashable, Sendable, Codable {
    public let memberID: String
    public let status: MemberStatus
    public let reason: String
    public let days: DayRange

    public init(memberID: String, status: MemberStatus, reason: String = "", days: DayRange) throws {
        let reason = VietnameseText.normalized(reason)
        if status == .exempt, reason.isEmpty {
            throw ModelError(.emptyField, "an exemption from meetings needs a reason (age, health...)")
        }
        self.memberID = memberID
        self.status = status
        self.reason = reason
        self.days = days
    }
}
