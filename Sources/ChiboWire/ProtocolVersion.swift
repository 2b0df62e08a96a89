/// What this build speaks. A new minor only adds fields or operations; a new major is a new preamble.
public enum ProtocolVersion {
    public static let major: UInt16 = 1
    public static let minor: UInt16 = 3

    public static var current: Chibo_V1_Version {
        .with {
            $0.major = UInt32(major); $0.minor = UInt32(minor)
        }
    }

    public static func negotiate(clientMinor: UInt16) -> Chibo_V1_Version {
        .with {
            $0.major = UInt32(major); $0.minor = UInt32(min(clientMinor, minor))
        }
    }
}

extension Chibo_V1_Version {
    public var text: String { "\(major).\(minor)" }
}
