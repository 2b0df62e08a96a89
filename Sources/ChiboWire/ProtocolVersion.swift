/// What this build speaks. A new minor only adds fields, operations or freedoms a client may use once both sides
/// speak it (1.4: an import's chunks in flight together); a new major is a new preamble.
public enum ProtocolVersion {
    public static let major: UInt16 = 1
    public static let minor: UInt16 = 4

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
