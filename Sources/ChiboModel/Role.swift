/// What an enrolled key may do. Admins manage keys; clerks write records; viewers read; auditors read
/// everything, the journal of signed requests included, and write nothing; reporters are lower daemons
/// sending their journals up (docs/upward.md).
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case clerk
    case viewer
    case auditor
    /// A lower daemon's own key at an upper daemon: it sends its journal up and reads its own upward status.
    case reporter

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.admin, .vi): "quản trị"
        case (.clerk, .vi): "văn thư"
        case (.viewer, .vi): "chỉ xem"
        case (.auditor, .vi): "kiểm tra"
        case (.reporter, .vi): "cấp dưới báo cáo"
        case (.admin, .en): "admin"
        case (.clerk, .en): "clerk"
        case (.viewer, .en): "viewer"
        case (.auditor, .en): "auditor"
        case (.reporter, .en): "reporter"
        }
    }
}
