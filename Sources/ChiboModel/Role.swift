/// What an enrolled key may do. Admins manage keys; clerks write records; viewers read.
public enum Role: String, Sendable, CaseIterable, Codable {
    case admin
    case clerk
    case viewer

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.admin, .vi): "quản trị"
        case (.clerk, .vi): "văn thư"
        case (.viewer, .vi): "chỉ xem"
        case (.admin, .en): "admin"
        case (.clerk, .en): "clerk"
        case (.viewer, .en): "viewer"
        }
    }
}
