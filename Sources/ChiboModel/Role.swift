/// What an enrolled key may do. Admins manage keys; clerks write records; viewers read; auditors read
/// everything, the journal of signed requests included, and write nothing.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case clerk
    case viewer
    case auditor

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.admin, .vi): "quản trị"
        case (.clerk, .vi): "văn thư"
        case (.viewer, .vi): "chỉ xem"
        case (.auditor, .vi): "kiểm tra"
        case (.admin, .en): "admin"
        case (.clerk, .en): "clerk"
        case (.viewer, .en): "viewer"
        case (.auditor, .en): "auditor"
        }
    }
}
