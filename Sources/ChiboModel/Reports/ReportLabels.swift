/// Vietnamese and English labels for report tables and columns, by their stable keys.
public enum ReportLabels {
    public static func label(_ key: String, _ language: Language) -> String {
        guard let pair = labels[key] else { return key }
        return language == .vi ? pair.0 : pair.1
    }

    public static func title(_ kind: ReportKind, _ language: Language) -> String {
        ReportKinds.definition(kind)?.title(language) ?? kind.rawValue
    }

    /// A table's title; tables and columns have separate keys ("officials" is both).
    public static func table(_ key: String, _ language: Language) -> String {
        labels["table." + key] == nil ? key : label("table." + key, language)
    }

    private static let labels: [String: (String, String)] = [
        // tables
        "table.officials": ("Theo cán bộ", "By official"),
        "table.by_level": ("Theo cấp", "By level"),
        "table.by_unit": ("Theo cấp ủy", "By committee"),
        "table.visits": ("Các lượt dự sinh hoạt", "Visits"),
        "table.due": ("Còn phải dự", "Still due"),
        "table.summary": ("Tổng hợp", "Summary"),
        "table.skipped_regular": ("Chi bộ không sinh hoạt thường kỳ trong tháng", "Cells that skipped a regular meeting"),
        "table.off_day": ("Sinh hoạt không đúng ngày quy định", "Regular meetings off the fixed day"),
        "table.committee_not_first": ("Chi ủy không họp trước", "Cell committee did not meet first"),
        "table.no_thematic": ("Không sinh hoạt chuyên đề trong quý", "No thematic meeting in the quarter"),
        "table.late_report": ("Báo cáo tháng chậm hoặc không gửi", "Monthly report late or missing"),
        "table.by_cell_month": ("Theo chi bộ và tháng", "By cell and month"),
        "table.under_threshold": ("Chi bộ có tỷ lệ dự dưới 85%", "Cells under 85%"),
        "table.excused_runs": ("Đảng viên vắng có lý do quá 3 lần liên tiếp", "Members absent with excuse more than 3 times in a row"),
        "table.by_cell": ("Theo chi bộ", "By cell"),
        "table.classes": ("Xếp loại chất lượng", "Quality classes"),
        "table.target": ("So với chỉ tiêu", "Against the target"),
        "table.cells": ("Chi bộ", "Cells"),
        "table.members": ("Đảng viên", "Members"),
        "table.recommendations": ("Danh sách kiến nghị", "Recommendations"),
        "table.by_status": ("Theo tình trạng", "By status"),
        "table.cells_without_official": ("Chi bộ chưa có cán bộ phụ trách", "Cells no official is assigned to"),
        "table.owing_nothing": (
            "Cán bộ không phải dự trong kỳ (không tính đạt hay không đạt)", "Officials who owed nothing (neither met nor missed)"
        ),
        "table.coverage": ("Tổng hợp phụ trách chi bộ", "How cells are covered"),
        "table.cells_covered": ("Chi bộ và cách phụ trách", "Cells and how they are covered"),
        "table.officials_without_assignment": ("Cán bộ chưa được phân công", "Officials with no assignment"),
        // columns
        "official_id": ("Mã cán bộ", "Official"),
        "officials": ("Số cán bộ", "Officials"),
        "cells": ("Số chi bộ", "Cells"),
        "visits": ("Số lượt dự", "Visits"),
        "full_name": ("Họ và tên", "Full name"),
        "committee_id": ("Cấp ủy", "Committee"),
        "level": ("Cấp", "Level"),
        "rule": ("Quy định", "Rule"),
        "requirement": ("Yêu cầu", "Requirement"),
        "periods_met": ("Số kỳ đạt", "Periods met"),
        "required": ("Phải dự", "Required"),
        "done": ("Đã dự", "Done"),
        "short": ("Còn thiếu", "Short"),
        "to_date": ("Kỳ chưa kết thúc", "Period not over"),
        "name": ("Tên", "Name"),
        "officials_met": ("Cán bộ đạt", "Officials who met it"),
        "period": ("Kỳ", "Period"),
        "visit_id": ("Mã lượt dự", "Visit"),
        "meeting_id": ("Mã kỳ họp", "Meeting"),
        "unit_id": ("Mã đơn vị", "Unit"),
        "date": ("Ngày", "Date"),
        "verdict": ("Kết quả", "Verdict"),
        "remaining": ("Còn phải dự", "Remaining"),
        "period_end": ("Hết kỳ", "Period ends"),
        "days_left": ("Số ngày còn lại", "Days left"),
        "units_visited": ("Số đơn vị được dự", "Units visited"),
        "month": ("Tháng", "Month"),
        "regular_day": ("Ngày sinh hoạt quy định", "Fixed day"),
        "quarter": ("Quý", "Quarter"),
        "due_on": ("Hạn gửi", "Due"),
        "submitted_on": ("Ngày gửi", "Sent on"),
        "days_late": ("Số ngày chậm", "Days late"),
        "issue": ("Mã", "Code"),
        "description": ("Nội dung", "Issue"),
        "cases": ("Số trường hợp", "Cases"),
        "rate": ("Tỷ lệ dự", "Attendance"),
        "member_id": ("Mã đảng viên", "Member"),
        "from": ("Từ ngày", "From"),
        "until": ("Đến ngày", "Until"),
        "meetings": ("Số kỳ họp", "Meetings"),
        "average": ("Điểm bình quân", "Average score"),
        "class": ("Xếp loại", "Class"),
        "target_percent": ("Chỉ tiêu (%)", "Target (%)"),
        "cells_good": ("Chi bộ xếp loại tốt", "Cells rated good"),
        "target_met": ("Đạt chỉ tiêu", "Target met"),
        "grade": ("Xếp loại", "Grade"),
        "months": ("Số tháng", "Months"),
        "days_bound": ("Số ngày thuộc diện", "Days bound"),
        "covered_by": ("Phụ trách", "Covered"),
        "via_unit_id": ("Qua đơn vị", "Through unit"),
        "coverage": ("Cách phụ trách", "How covered"),
        "count": ("Số lượng", "Count"),
        "share": ("Tỷ lệ", "Share"),
        "id": ("Mã", "Code"),
        "received_by": ("Người tiếp nhận", "Received by"),
        "status": ("Tình trạng", "Status"),
        "received_on": ("Ngày tiếp nhận", "Received"),
        "forwarded_on": ("Ngày chuyển", "Forwarded"),
        "answered_on": ("Ngày trả lời", "Answered"),
        "days_waiting": ("Số ngày chờ", "Days waiting"),
        "average_days_waiting": ("Số ngày chờ bình quân", "Average days waiting"),
        "longest_days_waiting": ("Chờ lâu nhất (ngày)", "Longest wait (days)"),
        "text": ("Nội dung", "Text"),
        "parent_id": ("Mã đảng bộ", "Parent"),
        "parent_name": ("Tên đảng bộ", "Parent name"),
        "role": ("Chức vụ", "Position"),
        "under_85": ("Dưới 85%", "Under 85%"),
    ]
}
