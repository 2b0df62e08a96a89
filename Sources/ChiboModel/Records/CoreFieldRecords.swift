/// Kinds of the first set that are flat, so that they can be imported and added by their fields as any new
/// kind is (`chibo import --kind levels|memberships|positions`).

extension Level: FieldRecord {
    public static let requiredFields = ["code", "name_vi"]
    public static let optionalFields = ["name_en", "holds_members"]
    public static var identityFields: [String] { ["code"] }

    public init(fields: RecordFields, today: CalendarDay) throws {
        self.init(
            code: try fields.required("code"), nameVi: try fields.required("name_vi"), nameEn: fields["name_en"],
            holdsMembers: try fields.flag("holds_members"))
    }

    public var fields: [String: FieldValue] {
        ["code": .text(code), "name_vi": .text(nameVi), "name_en": .text(nameEn), "holds_members": .flag(holdsMembers)]
    }
}

extension Membership: FieldRecord {
    public static let requiredFields = ["member_id", "cell_id", "from"]
    public static let optionalFields = ["until"]
    public static var identityFields: [String] { ["member_id", "cell_id", "from"] }

    public init(fields: RecordFields, today: CalendarDay) throws {
        self.init(
            memberID: try fields.required("member_id"), cellID: try fields.required("cell_id"),
            days: try DayRange(from: try fields.day("from"), until: try fields.optionalDay("until")))
    }

    public var fields: [String: FieldValue] {
        var fields: [String: FieldValue] = ["member_id": .text(memberID), "cell_id": .text(cellID), "from": .text(days.start.iso)]
        if let end = days.end { fields["until"] = .text(end.iso) }
        return fields
    }
}

extension Position: FieldRecord {
    public static let requiredFields = ["official_id", "committee_id", "role", "from"]
    public static let optionalFields = ["until"]
    public static var identityFields: [String] { ["official_id", "committee_id", "role", "from"] }

    public init(fields: RecordFields, today: CalendarDay) throws {
        self.init(
            officialID: try fields.required("official_id"), committeeID: try fields.required("committee_id"),
            role: try fields.coded("role"), term: try DayRange(from: try fields.day("from"), until: try fields.optionalDay("until")))
    }

    public var fields: [String: FieldValue] {
        var fields: [String: FieldValue] = [
            "official_id": .text(officialID), "committee_id": .text(committeeID), "role": .text(role.rawValue),
            "from": .text(term.start.iso),
        ]
        if let end = term.end { fields["until"] = .text(end.iso) }
        return fields
    }
}
