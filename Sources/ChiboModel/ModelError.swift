/// The one error type of the model: a bad field or a broken domain rule. Codes are stable; the daemon sends
/// them to clients as the error's `reason`, under `invalid_argument` (a bad field) or `failed_precondition`
/// (a broken rule), and an import names them per line.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let emptyField = Code(rawValue: "empty_field")
        public static let outOfRange = Code(rawValue: "out_of_range")
        public static let endsBeforeStart = Code(rawValue: "ends_before_start")
        public static let futureDate = Code(rawValue: "future_date")
        public static let inactiveUnit = Code(rawValue: "inactive_unit")
        public static let notACell = Code(rawValue: "not_a_cell")
        public static let overlappingMembership = Code(rawValue: "overlapping_membership")
        public static let notInCell = Code(rawValue: "not_in_cell")
        public static let duplicate = Code(rawValue: "duplicate")
        public static let noPosition = Code(rawValue: "no_position")
        public static let badTransition = Code(rawValue: "bad_transition")
        public static let badRuleSet = Code(rawValue: "bad_rule_set")
        public static let secondVisit = Code(rawValue: "second_visit")
        public static let gradeNotOnScale = Code(rawValue: "grade_not_on_scale")

        /// Whether the record is well formed but the domain's rules refuse it, given what is stored (a unit not
        /// active that day, a member outside the cell, an official without a position, an overlapping
        /// membership, a recommendation going backwards); otherwise a field itself is wrong (empty, not a
        /// date, out of range, ending before it starts). The daemon tells the two apart on the wire.
        public var isBrokenRule: Bool { Self.brokenRules.contains(self) }

        private static let brokenRules: Set<Code> = [
            .inactiveUnit, .notACell, .overlappingMembership, .notInCell, .noPosition, .badTransition, .secondVisit,
        ]
    }

    public var code: Code
    public var message: String
    /// For a refused rule-set file: the 1-based line at fault.
    public var line: Int?

    public init(_ code: Code, _ message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}
