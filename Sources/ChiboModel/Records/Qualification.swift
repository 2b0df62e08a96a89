/// Đề án 13 (seed 004): what a cell committee member or party group leader has been trained to, as known on
/// `asOf`: general education, professional level, political theory, and training in party work after the
/// latest congress. A newer statement of the same member is another record; the latest counts.
public struct Qualification: Hashable, Sendable {
    /// The post the Đề án counts the member under.
    public enum Post: String, Sendable, CaseIterable {
        case cellSecretary = "bi_thu_chi_bo"
        case cellDeputySecretary = "pho_bi_thu_chi_bo"
        case cellCommitteeMember = "chi_uy_vien"
        case groupLeader = "to_truong_to_dang"
    }

    public enum GeneralEducation: String, Sendable, CaseIterable {
        case primary = "tieu_hoc"
        case lowerSecondary = "thcs"
        case upperSecondary = "thpt"
    }

    /// Trình độ chuyên môn, lowest first.
    public enum ProfessionalLevel: String, Sendable, CaseIterable {
        case none = "chua_dao_tao"
        case elementary = "so_cap"
        case intermediate = "trung_cap"
        case college = "cao_dang"
        case university = "dai_hoc"
        case postgraduate = "sau_dai_hoc"
    }

    /// Trình độ lý luận chính trị, lowest first.
    public enum PoliticalTheory: String, Sendable, CaseIterable {
        case none = "chua_dao_tao"
        case elementary = "so_cap"
        case intermediate = "trung_cap"
        case advanced = "cao_cap"
    }

    public let id: String
    public let memberID: String
    public let asOf: CalendarDay
    public let post: Post
    public let generalEducation: GeneralEducation
    public let professionalLevel: ProfessionalLevel
    public let politicalTheory: PoliticalTheory
    /// When the member finished the party-work training held after the congress; nil if not yet.
    public let partyWorkTrainedOn: CalendarDay?

    public init(
        id: String, memberID: String, asOf: CalendarDay, post: Post, generalEducation: GeneralEducation,
        professionalLevel: ProfessionalLevel, politicalTheory: PoliticalTheory, partyWorkTrainedOn: CalendarDay?,
        today: CalendarDay
    ) throws {
        guard !id.isEmpty, !memberID.isEmpty else { throw ModelError(.emptyField, "a qualification needs its code and member") }
        guard asOf <= today else { throw ModelError(.futureDate, "qualification \(id) is stated as of \(asOf), after today") }
        if let trained = partyWorkTrainedOn, trained > asOf {
            throw ModelError(.outOfRange, "qualification \(id): party_work_trained_on \(trained) is after as_of \(asOf)")
        }
        self.id = id
        self.memberID = memberID
        self.asOf = asOf
        self.post = post
        self.generalEducation = generalEducation
        self.professionalLevel = professionalLevel
        self.politicalTheory = politicalTheory
        self.partyWorkTrainedOn = partyWorkTrainedOn
    }
}

extension Qualification: FieldRecord {
    public static let kind = RecordKind(rawValue: "qualification")
    public static let listName = "qualifications"
    public static let requiredFields = ["id", "member_id", "as_of", "post", "general_education", "professional_level", "political_theory"]
    public static let optionalFields = ["party_work_trained_on"]
    public static let columns = [
        RecordColumn("id", "Mã", "Code"), RecordColumn("member_id", "Đảng viên", "Member"), RecordColumn("as_of", "Tính đến ngày", "As of"),
        RecordColumn("post", "Chức danh", "Post"), RecordColumn("general_education", "Học vấn", "General education"),
        RecordColumn("professional_level", "Chuyên môn", "Professional level"),
        RecordColumn("political_theory", "Lý luận chính trị", "Political theory"),
        RecordColumn("party_work_trained_on", "Bồi dưỡng nghiệp vụ", "Party-work training"),
    ]

    public init(fields: RecordFields, today: CalendarDay) throws {
        try self.init(
            id: try fields.required("id"), memberID: try fields.required("member_id"), asOf: try fields.day("as_of"),
            post: try fields.coded("post"), generalEducation: try fields.coded("general_education"),
            professionalLevel: try fields.coded("professional_level"), politicalTheory: try fields.coded("political_theory"),
            partyWorkTrainedOn: try fields.optionalDay("party_work_trained_on"), today: today)
    }

    public var fields: [String: FieldValue] {
        var fields: [String: FieldValue] = [
            "id": .text(id), "member_id": .text(memberID), "as_of": .text(asOf.iso), "post": .text(post.rawValue),
            "general_education": .text(generalEducation.rawValue), "professional_level": .text(professionalLevel.rawValue),
            "political_theory": .text(politicalTheory.rawValue),
        ]
        if let trained = partyWorkTrainedOn { fields["party_work_trained_on"] = .text(trained.iso) }
        return fields
    }

    public func cells(_ s: CellStyle) -> [String] {
        [
            id, memberID, s.day(asOf), post.rawValue, generalEducation.rawValue, professionalLevel.rawValue, politicalTheory.rawValue,
            s.day(partyWorkTrainedOn),
        ]
    }
}
