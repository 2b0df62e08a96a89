import Foundation

/// A level of the organisation tree (tỉnh, huyện, cơ sở, bộ phận, chi bộ, tổ đảng...). Levels are data:
/// since 1 July 2025 there is no district level, and a rule set names levels by their code.
public struct Level: Hashable, Sendable, Codable {
    /// Stable code, e.g. "province", "district", "grassroots", "partial", "cell", "group".
    public let code: String
    public let nameVi: String
    public let nameEn: String
    /// Whether units of this level hold members (cells do; committees do not).
    public let holdsMembers: Bool

    public init(code: String, nameVi: String, nameEn: String, holdsMembers: Bool) {
        self.code = code
        self.nameVi = VietnameseText.normalized(nameVi)
        self.nameEn = nameEn
        self.holdsMembers = holdsMembers
    }

    /// The levels of a province before the 2025 reform; a data set may define others.
    public static let standard: [Level] = [
        Level(code: "province", nameVi: "Tỉnh ủy", nameEn: "Province committee", holdsMembers: false),
        Level(code: "district", nameVi: "Huyện ủy", nameEn: "District committee", holdsMembers: false),
        Level(code: "grassroots", nameVi: "Đảng ủy cơ sở", nameEn: "Grassroots committee", holdsMembers: false),
        Level(code: "partial", nameVi: "Đảng bộ bộ phận", nameEn: "Partial committee", holdsMembers: false),
        Level(code: "cell", nameVi: "Chi bộ", nameEn: "Party cell", holdsMembers: true),
        Level(code: "group", nameVi: "Tổ đảng", nameEn: "Party group", holdsMembers: true),
    ]
}

/// A party organisation: a node of the tree.
public struct PartyUnit: Hashable, Sendable, Codable {
    /// Stable code chosen by the province (e.g. "HB.LS.CY.T02"); what imports and other records refer to.
    public let id: String
    public let parentID: String?
    public let name: String
    public let level: String
    /// Chi bộ khu dân cư: a cell of a residential area (thôn, xóm, tổ dân phố).
    public let residential: Bool
    /// Xã đặc biệt khó khăn: some quotas apply only to these communes.
    public let especiallyDifficult: Bool
    /// The fixed day of the month for the regular meeting, if the unit has one.
    public let regularMeetingDay: Int?
    public let active: DayRange

    public init(
        id: String, parentID: String?, name: String, level: String, residential: Bool = false,
        especiallyDifficult: Bool = false, regularMeetingDay: Int? = nil, active: DayRange
    ) throws {
        let id = id.trimmedOfWhitespace
        guard !id.isEmpty else { throw ModelError(.emptyField, "a unit needs a code") }
        let name = VietnameseText.normalized(name)
        guard !name.isEmpty else { throw ModelError(.emptyField, "unit \(id) needs a name") }
        guard !level.isEmpty else { throw ModelError(.emptyField, "unit \(id) needs a level") }
        if let day = regularMeetingDay, !(1...31).contains(day) {
            throw ModelError(.outOfRange, "regular meeting day \(day) of unit \(id) is not a day of the month")
        }
        guard parentID != id else { throw ModelError(.outOfRange, "unit \(id) cannot be its own parent") }
        self.id = id
        self.parentID = parentID.flatMap { $0.isEmpty ? nil : $0 }
        self.name = name
        self.level = level
        self.residential = residential
        self.especiallyDifficult = especiallyDifficult
        self.regularMeetingDay = regularMeetingDay
        self.active = active
    }

    /// Refuses a record dated on a day the unit did not exist.
    public func requireActive(on day: CalendarDay) throws {
        guard active.contains(day) else {
            throw ModelError(.inactiveUnit, "unit \(id) (\(name)) is not active on \(day)")
        }
    }
}

extension Level {
    /// Position of a level code in `levels` (top first); unknown codes sort last.
    public static func rank(_ code: String, in levels: [Level]) -> Int {
        levels.firstIndex { $0.code == code } ?? levels.count
    }

    public static func name(_ code: String, in levels: [Level], _ language: Language) -> String {
        guard let level = levels.first(where: { $0.code == code }) else { return code }
        return language == .vi ? level.nameVi : level.nameEn
    }
}
