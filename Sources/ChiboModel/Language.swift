/// The language of labels in output. Vietnamese is the default; English is for people who ask.
public enum Language: String, Sendable, CaseIterable, Codable {
    case vi
    case en
}
