import Foundation

/// A person a committee sends to attend cells' meetings (cấp ủy viên, or staff assigned to follow a commune).
public struct Official: Hashable, Sendable, Codable {
    public let id: String
    public let fullName: String
    /// The official's own party membership, if recorded: some rule sets do not count visits to one's own cell.
    public let memberID: String?

    public init(id: String, fullName: String, memberID: String? = nil) throws {
        let id = id.trimmedOfWhitespace
        guard !id.isEmpty else { throw ModelError(.emptyField, "an official needs a code") }
        let fullName = VietnameseText.normalized(fullName)
        guard !fullName.isEmpty else { throw ModelError(.emptyField, "official \(id) needs a name") }
        self.id = id
        self.fullName = fullName
        self.memberID = memberID.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// What an official holds in a committee. Rule sets select officials by these codes and the committee's level.
public enum PositionRole: String, Sendable, Codable, CaseIterable {
    case secretary = "bi_thu"
    case deputySecretary = "pho_bi_thu"
    case standingMember = "uv_btv"
    case executiveMember = "uv_bch"
    case committeeMember = "cap_uy_vien"
    /// Staff of the committee's advisory boards (cán bộ cơ quan tham mưu, giúp việc).
    case advisoryStaff = "tham_muu"
    /// A leader of a department, board or front organisation assigned to follow a commune.
    case departmentLeader = "lanh_dao_so_nganh"

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.secretary, .vi): "Bí thư"
        case (.deputySecretary, .vi): "Phó Bí thư"
        case (.standingMember, .vi): "Ủy viên Ban Thường vụ"
        case (.executiveMember, .vi): "Ủy viên Ban Chấp hành"
        case (.committeeMember, .vi): "Cấp ủy viên"
        case (.advisoryStaff, .vi): "Cán bộ tham mưu, giúp việc"
        case (.departmentLeader, .vi): "Lãnh đạo ban, sở, ngành"
        case (.secretary, .en): "Secretary"
        case (.deputySecretary, .en): "Deputy secretary"
        case (.standingMember, .en): "Standing committee member"
        case (.executiveMember, .en): "Executive committee member"
        case (.committeeMember, .en): "Committee member"
        case (.advisoryStaff, .en): "Advisory staff"
        case (.departmentLeader, .en): "Department leader"
        }
    }
}

/// An official's position in one committee for a term.
public struct Position: Hashable, Sendable, Codable {
    public let officialID: String
    public let committeeID: String
    public let role: PositionRole
    public let term: DayRange

    public init(officialID: String, committeeID: String, role: PositionRole, term: DayRange) {
        self.officialID = officialID
        self.committeeID = committeeID
        self.role = role
        self.term = term
    }

    /// A visit counts only from an official who held a position on the day.
    public static func requireHeld(by officialID: String, on day: CalendarDay, in positions: [Position]) throws {
        guard positions.contains(where: { $0.officialID == officialID && $0.term.contains(day) }) else {
            throw ModelError(.noPosition, "official \(officialID) held no position on \(day)")
        }
    }
}
