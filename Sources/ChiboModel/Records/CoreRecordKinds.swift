/// The kinds chibo started with: their names and how `chibo list` shows them. (Their wire, CSV and table
/// conversions are hand-written for speed and history; see `FieldRecord` for the short way a new kind takes.)
private func c(_ key: String, _ vi: String, _ en: String) -> RecordColumn { RecordColumn(key, vi, en) }
private let from = c("from", "Từ ngày", "From")
private let until = c("until", "Đến ngày", "Until")
private let code = c("id", "Mã", "Code")

extension Level: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.level
    public static let listName = "levels"
    public static let columns = [
        c("code", "Mã", "Code"), c("name_vi", "Tên", "Name (vi)"), c("name_en", "Tên tiếng Anh", "Name"),
        c("holds_members", "Có đảng viên", "Holds members"),
    ]
    public var auditSubjects: [AuditSubject] { [AuditSubject("level", code, "level")] }
    public func cells(_ s: CellStyle) -> [String] { [code, nameVi, nameEn, s.flag(holdsMembers)] }
}

extension PartyUnit: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.unit
    public static let listName = "units"
    public static let columns = [
        code, c("name", "Tên", "Name"), c("level", "Cấp", "Level"), c("parent_id", "Trực thuộc", "Parent"),
        c("residential", "Khu dân cư", "Residential"), c("especially_difficult", "Xã ĐBKK", "Especially difficult"),
        c("regular_meeting_day", "Ngày sinh hoạt", "Meeting day"), c("active_from", "Từ ngày", "From"),
        c("active_until", "Đến ngày", "Until"),
    ]
    public var auditSubjects: [AuditSubject] { [AuditSubject("unit", id, "unit")] }
    public func cells(_ s: CellStyle) -> [String] {
        [
            id, name, level, parentID ?? "", s.flag(residential), s.flag(especiallyDifficult), regularMeetingDay.map(String.init) ?? "",
            s.day(active.start), s.day(active.end),
        ]
    }
}

extension Member: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.member
    public static let listName = "members"
    public static let columns = [code, c("full_name", "Họ và tên", "Full name"), c("birth_year", "Năm sinh", "Born")]
    public var auditSubjects: [AuditSubject] { [AuditSubject("member", id, "member")] }
    public func cells(_ s: CellStyle) -> [String] { [id, fullName, birthYear.map(String.init) ?? ""] }
}

extension Membership: DomainRecord {
    public static let hasCode = false
    public static let kind = RecordKind.membership
    public static let listName = "memberships"
    public static let columns = [c("member_id", "Đảng viên", "Member"), c("cell_id", "Chi bộ", "Cell"), from, until]
    public var auditSubjects: [AuditSubject] { [AuditSubject("member", memberID, "membership \(cellID) from \(days.start.iso)")] }
    public func cells(_ s: CellStyle) -> [String] { [memberID, cellID, s.day(days.start), s.day(days.end)] }
}

extension MemberStatusPeriod: DomainRecord {
    public static let hasCode = false
    public static let kind = RecordKind.memberStatus
    public static let listName = "member-statuses"
    public static let columns = [
        c("member_id", "Đảng viên", "Member"), c("status", "Tình trạng", "Status"), c("reason", "Lý do", "Reason"), from, until,
    ]
    public var auditSubjects: [AuditSubject] { [AuditSubject("member", memberID, "status \(status.rawValue) from \(days.start.iso)")] }
    public func cells(_ s: CellStyle) -> [String] { [memberID, status.rawValue, reason, s.day(days.start), s.day(days.end)] }
}

extension Official: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.official
    public static let listName = "officials"
    public static let columns = [code, c("full_name", "Họ và tên", "Full name"), c("member_id", "Mã đảng viên", "Member")]
    public var auditSubjects: [AuditSubject] { [AuditSubject("official", id, "official")] }
    public func cells(_ s: CellStyle) -> [String] { [id, fullName, memberID ?? ""] }
}

extension Position: DomainRecord {
    public static let hasCode = false
    public static let kind = RecordKind.position
    public static let listName = "positions"
    public static let columns = [
        c("official_id", "Cán bộ", "Official"), c("committee_id", "Cấp ủy", "Committee"), c("role", "Chức vụ", "Role"), from, until,
    ]
    public var auditSubjects: [AuditSubject] {
        [AuditSubject("official", officialID, "position \(role.rawValue) in \(committeeID) from \(term.start.iso)")]
    }
    public func cells(_ s: CellStyle) -> [String] {
        [officialID, committeeID, s.people ? role.label(s.language) : role.rawValue, s.day(term.start), s.day(term.end)]
    }
}

extension Assignment: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.assignment
    public static let listName = "assignments"
    public static let columns = [
        code, c("decision_number", "Số quyết định", "Decision"), c("decision_date", "Ngày quyết định", "Decided on"),
        c("official_id", "Cán bộ", "Official"), c("unit_ids", "Đơn vị phụ trách", "Units"), c("valid_from", "Từ ngày", "From"),
        c("valid_until", "Đến ngày", "Until"), c("corrects", "Sửa bản ghi", "Corrects"),
    ]
    public var auditSubjects: [AuditSubject] {
        [AuditSubject("assignment", id, "assignment"), AuditSubject("assignment", corrects, "corrected by \(id)")]
    }
    public func cells(_ s: CellStyle) -> [String] {
        [id, decisionNumber, s.day(decisionDate), officialID, s.list(unitIDs), s.day(valid.start), s.day(valid.end), corrects ?? ""]
    }
}

extension Meeting: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.meeting
    public static let listName = "meetings"
    public static let columns = [
        code, c("unit_id", "Đơn vị", "Unit"), c("date", "Ngày", "Date"), c("kind", "Loại", "Kind"), c("attendance", "Có mặt", "Present"),
        c("duration_minutes", "Số phút", "Minutes"), c("committee_met_first", "Chi ủy họp trước", "Committee first"),
        c("speakers", "Số ý kiến", "Speakers"), c("score", "Điểm", "Score"),
    ]
    public var auditSubjects: [AuditSubject] {
        [AuditSubject("meeting", id, "meeting"), AuditSubject("meeting", corrects, "corrected by \(id)")]
    }
    public func cells(_ s: CellStyle) -> [String] {
        [
            id, unitID, s.day(date), kind.rawValue, attendance(s), s.number(durationMinutes), s.flag(committeeMetFirst),
            s.number(speakers), s.number(score),
        ]
    }

    /// "18/20 (90,00%)": present over expected, exempt members left out.
    private func attendance(_ s: CellStyle) -> String {
        let counted = presence.values.filter { $0 != .exempt }
        let present = counted.filter { $0 == .present }.count
        guard !counted.isEmpty else { return "" }
        guard s.people else { return "\(present)/\(counted.count)" }
        let rate = VietnameseNumber.percent(present, of: counted.count, s.language).map { " (\($0))" } ?? ""
        return "\(VietnameseNumber.integer(present, s.language))/\(VietnameseNumber.integer(counted.count, s.language))\(rate)"
    }
}

extension Visit: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.visit
    public static let listName = "visits"
    public static let columns = [
        code, c("meeting_id", "Kỳ sinh hoạt", "Meeting"), c("official_id", "Cán bộ dự", "Official"),
        c("guidance", "Nội dung chỉ đạo", "Guidance"),
    ]
    public var auditSubjects: [AuditSubject] {
        [AuditSubject("visit", id, "visit"), AuditSubject("visit", corrects, "corrected by \(id)")]
    }
    public func cells(_ s: CellStyle) -> [String] { [id, meetingID, officialID, guidance] }
}

extension Recommendation: DomainRecord {
    public static let hasCode = true
    public static let kind = RecordKind.recommendation
    public static let listName = "recommendations"
    public static let columns = [
        code, c("meeting_id", "Kỳ sinh hoạt", "Meeting"), c("text", "Kiến nghị", "Text"),
        c("received_by", "Người tiếp nhận", "Received by"),
        c("status", "Tình trạng", "Status"), c("since", "Từ ngày", "Since"),
    ]
    public var auditSubjects: [AuditSubject] { [AuditSubject("recommendation", id, "recommendation")] }
    public func cells(_ s: CellStyle) -> [String] { [id, meetingID, text, receivedBy, status.rawValue, s.day(steps.last?.day)] }
}

extension MonthlyReport: DomainRecord {
    public static let hasCode = false
    public static let kind = RecordKind.monthlyReport
    public static let listName = "reports"
    public static let columns = [
        c("unit_id", "Đơn vị", "Unit"), c("month", "Tháng", "Month"), c("submitted_on", "Ngày gửi", "Submitted"),
        c("submitted_by", "Người gửi", "By"),
    ]
    public func cells(_ s: CellStyle) -> [String] { [unitID, month.iso, s.day(submittedOn), submittedBy] }
}

extension Rating: DomainRecord {
    public static let hasCode = false
    public static let kind = RecordKind.rating
    public static let listName = "ratings"
    public static let columns = [
        c("year", "Năm", "Year"), c("subject", "Đối tượng", "Subject"), c("grade", "Xếp loại", "Grade"),
        c("decided_by", "Cấp quyết định", "Decided by"),
    ]
    public func cells(_ s: CellStyle) -> [String] {
        let subject =
            switch self.subject {
            case .unit(let id), .member(let id): id
            }
        return [String(year), subject, s.people ? grade.label(s.language) : grade.rawValue, decidedBy]
    }
}
