/// When a member may be exempted from party activity (miễn sinh hoạt), as a board states it in its rule set
/// (`exemption` lines, docs/rules.md): the reasons it accepts, each found in the exemption's free-text reason
/// by a keyword compared without diacritics, and for some a minimum age.
public struct ExemptionCriteria: Hashable, Sendable {
    public struct Reason: Hashable, Sendable {
        /// In search form: lower case, no diacritics ("tuoi cao").
        public let keyword: String
        public let minimumAge: Int?

        public init(keyword: String, minimumAge: Int? = nil) {
            self.keyword = VietnameseText.searchKey(keyword)
            self.minimumAge = minimumAge
        }
    }

    public let reasons: [Reason]

    public init(reasons: [Reason]) { self.reasons = reasons }

    /// Why an exemption does not meet the criteria, as a code; nil when it does.
    public enum Failure: String, Sendable, CaseIterable {
        case reasonNotAccepted = "reason_not_accepted"
        case underAge = "under_age"
        case ageUnknown = "age_unknown"

        public func label(_ language: Language) -> String {
            switch (self, language) {
            case (.reasonNotAccepted, .vi): "Lý do không thuộc diện được miễn"
            case (.underAge, .vi): "Chưa đủ tuổi"
            case (.ageUnknown, .vi): "Không rõ năm sinh"
            case (.reasonNotAccepted, .en): "Reason not accepted"
            case (.underAge, .en): "Under the age"
            case (.ageUnknown, .en): "Birth year unknown"
            }
        }

        public func coded(_ language: Language) -> ReportValue { .coded(code: rawValue, label: label(language)) }
    }

    /// The first accepted reason the text names decides; a reason that needs an age needs a known one.
    public func check(reason: String, age: Int?) -> Failure? {
        let text = VietnameseText.searchKey(reason)
        let named = reasons.filter { text.contains($0.keyword) }
        guard !named.isEmpty else { return .reasonNotAccepted }
        // Any named reason without an age condition is enough (a sick member of any age).
        if named.contains(where: { $0.minimumAge == nil }) { return nil }
        guard let age else { return .ageUnknown }
        return named.contains { age >= $0.minimumAge! } ? nil : .underAge
    }
}
