/// The release of chibo's programs (not the protocol's version, which is `ProtocolVersion`): shown by
/// `--version`, in `status`, and in the client name a hello carries.
public enum ChiboVersion {
    public static let string = "0.1.0"
}
