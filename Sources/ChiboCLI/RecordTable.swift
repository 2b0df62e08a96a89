import ChiboModel
import ChiboWire
import Foundation

/// Columns of each kind of record, for tables (people) and JSON/CSV (machines).
struct RecordTable {
    let kind: RecordKind
    let options: OutputOptions

    private var people: Bool { options.format == .table }
    private var vi: Bool { options.lang == .vi }

    private func day(_ iso: String) -> String { people ? (CalendarDay(iso)?.vietnamese ?? iso) : iso }
    private func flag(_ value: Bool) -> String { people ? (value ? (vi ? "có" : "yes") : "") : String(value) }
    private func number(_ value: UInt32?) -> String {
        guard let value else { return "" }
        return people ? VietnameseNumber.integer(Int(value), options.lang) : String(value)
    }

    var columns: [Column] {
        switch kind {
        case .level: [c("code", "Mã", "Code"), c("name_vi", "Tên", "Name (vi)"), c("name_en", "Tên tiếng Anh", "Name"), c("holds_members", "Có đảng viên", "Holds members")]
        case .unit: [c("id", "Mã", "Code"), c("name", "Tên", "Name"), c("level", "Cấp", "Level"), c("parent_id", "Trực thuộc", "Parent"),
                     c("residential", "Khu dân cư", "Residential"), c("especially_difficult", "Xã ĐBKK", "Especially difficult"),
                     c("regular_meeting_day", "Ngày sinh hoạt", "Meeting day"), c("active_from", "Từ ngày", "From"), c("active_until", "Đến ngày", "Until")]
        case .member: [c("id", "Mã", "Code"), c("full_name", "Họ và tên", "Full name"), c("birth_year", "Năm sinh", "Born")]
        case .membership: [c("member_id", "Đảng viên", "Member"), c("cell_id", "Chi bộ", "Cell"), c("from", "Từ ngày", "From"), c("until", "Đến ngày", "Until")]
        case .memberStatus: [c("member_id", "Đảng viên", "Member"), c("status", "Tình trạng", "Status"), c("reason", "Lý do", "Reason"),
                             c("from", "Từ ngày", "From"), c("until", "Đến ngày", "Until")]
        case .official: [c("id", "Mã", "Code"), c("full_name", "Họ và tên", "Full name"), c("member_id", "Mã đảng viên", "Member")]
        case .position: [c("official_id", "Cán bộ", "Official"), c("committee_id", "Cấp ủy", "Committee"), c("role", "Chức vụ", "Role"),
                         c("from", "Từ ngày", "From"), c("until", "Đến ngày", "Until")]
        case .assignment: [c("id", "Mã", "Code"), c("decision_number", "Số quyết định", "Decision"), c("decision_date", "Ngày quyết định", "Decided on"),
                           c("official_id", "Cán bộ", "Official"), c("unit_ids", "Đơn vị phụ trách", "Units"), c("valid_from", "Từ ngày", "From"),
                           c("valid_until", "Đến ngày", "Until"), c("corrects", "Sửa bản ghi", "Corrects")]
        case .meeting: [c("id", "Mã", "Code"), c("unit_id", "Đơn vị", "Unit"), c("date", "Ngày", "Date"), c("kind", "Loại", "Kind"),
                        c("attendance", "Có mặt", "Present"), c("duration_minutes", "Số phút", "Minutes"),
                        c("committee_met_first", "Chi ủy họp trước", "Committee first"), c("speakers", "Số ý kiến", "Speakers"), c("score", "Điểm", "Score")]
        case .visit: [c("id", "Mã", "Code"), c("meeting_id", "Kỳ sinh hoạt", "Meeting"), c("official_id", "Cán bộ dự", "Official"), c("guidance", "Nội dung chỉ đạo", "Guidance")]
        case .recommendation: [c("id", "Mã", "Code"), c("meeting_id", "Kỳ sinh hoạt", "Meeting"), c("text", "Kiến nghị", "Text"),
                               c("received_by", "Người tiếp nhận", "Received by"), c("status", "Tình trạng", "Status"), c("since", "Từ ngày", "Since")]
        case .monthlyReport: [c("unit_id", "Đơn vị", "Unit"), c("month", "Tháng", "Month"), c("submitted_on", "Ngày gửi", "Submitted"), c("submitted_by", "Người gửi", "By")]
        case .rating: [c("year", "Năm", "Year"), c("subject", "Đối tượng", "Subject"), c("grade", "Xếp loại", "Grade"), c("decided_by", "Cấp quyết định", "Decided by")]
        }
    }

    private func c(_ key: String, _ vi: String, _ en: String) -> Column { Column(key: key, vi: vi, en: en) }

    func row(_ record: Chibo_V1_Record) -> [String] {
        switch record.record {
        case .level(let r): [r.code, r.nameVi, r.nameEn, flag(r.holdsMembers)]
        case .unit(let r): [r.id, r.name, r.level, r.parentID, flag(r.residential), flag(r.especiallyDifficult),
                            r.hasRegularMeetingDay ? String(r.regularMeetingDay) : "", day(r.activeFrom), day(r.activeUntil)]
        case .member(let r): [r.id, r.fullName, r.hasBirthYear ? String(r.birthYear) : ""]
        case .membership(let r): [r.memberID, r.cellID, day(r.from), day(r.until)]
        case .memberStatus(let r): [r.memberID, r.status, r.reason, day(r.from), day(r.until)]
        case .official(let r): [r.id, r.fullName, r.memberID]
        case .position(let r): [r.officialID, r.committeeID, people ? (PositionRole(rawValue: r.role)?.label(options.lang) ?? r.role) : r.role,
                                day(r.from), day(r.until)]
        case .assignment(let r): [r.id, r.decisionNumber, day(r.decisionDate), r.officialID, r.unitIds.joined(separator: people ? ", " : ";"),
                                  day(r.validFrom), day(r.validUntil), r.corrects]
        case .meeting(let r):
            [r.id, r.unitID, day(r.date), r.kind, attendance(r), number(r.hasDurationMinutes ? r.durationMinutes : nil),
             flag(r.committeeMetFirst), number(r.hasSpeakers ? r.speakers : nil), number(r.hasScore ? r.score : nil)]
        case .visit(let r): [r.id, r.meetingID, r.officialID, r.guidance]
        case .recommendation(let r): [r.id, r.meetingID, r.text, r.receivedBy, r.steps.last?.status ?? "", day(r.steps.last?.day ?? "")]
        case .monthlyReport(let r): [r.unitID, r.month, day(r.submittedOn), r.submittedBy]
        case .rating(let r): [String(r.year), r.unitID.isEmpty ? r.memberID : r.unitID,
                              people ? (RatingGrade(rawValue: r.grade)?.label(options.lang) ?? r.grade) : r.grade, r.decidedBy]
        case nil: []
        }
    }

    /// "18/20 (90,00%)": present over expected, exempt members left out.
    private func attendance(_ r: Chibo_V1_MeetingRecord) -> String {
        let counted = r.attendance.filter { $0.presence != "exempt" }
        let present = counted.filter { $0.presence == "present" }.count
        guard !counted.isEmpty else { return "" }
        guard people else { return "\(present)/\(counted.count)" }
        let rate = VietnameseNumber.percent(present, of: counted.count, options.lang).map { " (\($0))" } ?? ""
        return "\(VietnameseNumber.integer(present, options.lang))/\(VietnameseNumber.integer(counted.count, options.lang))\(rate)"
    }
}
