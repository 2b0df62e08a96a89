import ChiboModel

extension Chibo_V1_Role {
    public init(_ role: Role) {
        switch role {
        case .admin: self = .admin
        case .clerk: self = .clerk
        case .viewer: self = .viewer
        case .auditor: self = .auditor
        case .reporter: self = .reporter
        }
    }
}

extension Role {
    public init?(_ role: Chibo_V1_Role) {
        switch role {
        case .admin: self = .admin
        case .clerk: self = .clerk
        case .viewer: self = .viewer
        case .auditor: self = .auditor
        case .reporter: self = .reporter
        case .unspecified, .UNRECOGNIZED: return nil
        }
    }
}
