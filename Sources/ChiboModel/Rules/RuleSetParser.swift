import Foundation

/// Reads the rule-set text format (docs/rules.md). Every refusal names the line and the reason, so that a
/// clerk can mend the file; nothing half-read is ever returned.
public struct RuleSetParser: Sendable {
    /// Level codes a rule may name; the daemon passes the levels in its database.
    public let knownLevels: Set<String>

    public init(knownLevels: Set<String> = Set(Level.standard.map(\.code))) {
        self.knownLevels = knownLevels
    }

    private struct RuleDraft {
        let line: Int
        let id: String
        var title = ""
        var roles: Set<PositionRole> = []
        var levels: Set<String> = []
        var period: PeriodKind?
        var onlyEspeciallyDifficult = false
        var ownCellCounts = true
        var requirements: [Requirement] = []
    }

    private struct VersionDraft {
        let line: Int
        let effective: DayRange
        var rules: [RuleDraft] = []
        var targets: [Target] = []
        var exemptions: [ExemptionCriteria.Reason] = []
        var opinionsMinimum: Int?
    }

    public func parse(_ text: String) throws -> RuleSet {
        var id: String?
        var title = ""
        var versions: [VersionDraft] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            let words = Self.words(of: raw)
            guard let keyword = words.first else { continue }
            let rest = Array(words.dropFirst())
            func fail(_ reason: String) -> ModelError { ModelError(.badRuleSet, reason, line: line) }
            func restText() -> String { VietnameseText.normalized(rest.joined(separator: " ")) }

            if keyword != "ruleset", id == nil { throw fail("the file must start with \"ruleset <id>\"") }
            switch keyword {
            case "ruleset":
                guard id == nil else { throw fail("a file holds one rule set; \"ruleset\" appears again") }
                guard rest.count == 1, Self.isIdentifier(rest[0]) else {
                    throw fail("\"ruleset\" takes one code of letters, digits, \"-\", \"_\" or \".\"")
                }
                id = rest[0]
            case "title":
                guard !rest.isEmpty else { throw fail("\"title\" needs a text") }
                if versions.last?.rules.isEmpty == false {
                    versions[versions.count - 1].rules[versions[versions.count - 1].rules.count - 1].title = restText()
                } else if versions.isEmpty {
                    title = restText()
                } else {
                    throw fail("\"title\" belongs to the rule set (before the first version) or to a rule")
                }
            case "version":
                let effective = try parseVersion(rest, fail: fail)
                if let clash = versions.first(where: { $0.effective.overlaps(effective) }) {
                    throw fail(
                        "version \(Self.describe(effective)) overlaps the version on line \(clash.line) (\(Self.describe(clash.effective)))"
                    )
                }
                versions.append(VersionDraft(line: line, effective: effective))
            case "rule":
                guard !versions.isEmpty else { throw fail("a rule must follow a \"version\" line") }
                guard rest.count == 1, Self.isIdentifier(rest[0]) else { throw fail("\"rule\" takes one code") }
                guard !versions[versions.count - 1].rules.contains(where: { $0.id == rest[0] }) else {
                    throw fail("rule \"\(rest[0])\" appears twice in this version")
                }
                versions[versions.count - 1].rules.append(RuleDraft(line: line, id: rest[0]))
            case "target":
                guard !versions.isEmpty else { throw fail("a target must follow a \"version\" line") }
                let target = try parseTarget(rest, fail: fail)
                guard !versions[versions.count - 1].targets.contains(where: { $0.metric == target.metric }) else {
                    throw fail("target \"\(target.metric.rawValue)\" appears twice in this version")
                }
                versions[versions.count - 1].targets.append(target)
            case "exemption":
                guard !versions.isEmpty else { throw fail("an exemption criterion must follow a \"version\" line") }
                versions[versions.count - 1].exemptions.append(try parseExemption(rest, fail: fail))
            case "opinions-minimum":
                guard !versions.isEmpty else { throw fail("\"opinions-minimum\" must follow a \"version\" line") }
                guard rest.count == 1, let minimum = Int(rest[0]), (1...100).contains(minimum) else {
                    throw fail("write \"opinions-minimum <count>\", a whole number from 1 to 100")
                }
                guard versions[versions.count - 1].opinionsMinimum == nil else {
                    throw fail("\"opinions-minimum\" appears twice in this version")
                }
                versions[versions.count - 1].opinionsMinimum = minimum
            case "officials", "period", "assigned", "own-cell", "require":
                guard var rule = versions.last?.rules.last else { throw fail("\"\(keyword)\" must follow a \"rule\" line") }
                try apply(keyword, rest, to: &rule, fail: fail)
                versions[versions.count - 1].rules[versions[versions.count - 1].rules.count - 1] = rule
            default:
                throw fail(
                    "unknown word \"\(keyword)\"; a line starts with ruleset, title, version, rule, officials, period, assigned, own-cell, require, target, exemption or opinions-minimum"
                )
            }
        }
        guard let id else { throw ModelError(.badRuleSet, "the file is empty; it must start with \"ruleset <id>\"", line: 1) }
        guard !versions.isEmpty else { throw ModelError(.badRuleSet, "rule set \(id) has no \"version\"", line: 1) }
        return RuleSet(
            id: id, title: title.isEmpty ? id : title,
            versions: try versions.map { version in
                guard !version.rules.isEmpty || !version.targets.isEmpty || !version.exemptions.isEmpty || version.opinionsMinimum != nil
                else {
                    throw ModelError(
                        .badRuleSet, "version \(Self.describe(version.effective)) has no rule, target or exemption", line: version.line)
                }
                return RuleSetVersion(
                    effective: version.effective, rules: try version.rules.map(finish), targets: version.targets,
                    exemptions: version.exemptions.isEmpty ? nil : ExemptionCriteria(reasons: version.exemptions),
                    opinionsMinimum: version.opinionsMinimum)
            })
    }

    private func parseVersion(_ rest: [String], fail: (String) -> ModelError) throws -> DayRange {
        guard rest.count == 1 || (rest.count == 3 && rest[1] == "until") else {
            throw fail("write \"version <from>\" or \"version <from> until <to>\", days as dd/MM/yyyy or yyyy-MM-dd")
        }
        guard let from = CalendarDay(rest[0]) else { throw fail("\"\(rest[0])\" is not a day") }
        var until: CalendarDay?
        if rest.count == 3 {
            guard let day = CalendarDay(rest[2]) else { throw fail("\"\(rest[2])\" is not a day") }
            until = day
        }
        do { return try DayRange(from: from, until: until) } catch let error as ModelError { throw fail("version " + error.message) }
    }

    private func apply(_ keyword: String, _ rest: [String], to rule: inout RuleDraft, fail: (String) -> ModelError) throws {
        switch keyword {
        case "officials":
            let parts = rest.split(separator: "at", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw fail("write \"officials <position> ... at <level> ...\"")
            }
            for word in parts[0] {
                guard let role = PositionRole(rawValue: word) else {
                    throw fail("unknown position \"\(word)\"; known: \(PositionRole.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rule.roles.insert(role)
            }
            for word in parts[1] {
                guard knownLevels.contains(word) else {
                    throw fail("unknown level \"\(word)\"; known: \(knownLevels.sorted().joined(separator: ", "))")
                }
                rule.levels.insert(word)
            }
        case "period":
            let name = rest.joined(separator: " ").replacingOccurrences(of: "-", with: "_")
            guard rest.count == 1, let period = PeriodKind(rawValue: name) else {
                throw fail("unknown period \"\(rest.joined(separator: " "))\"; known: month, quarter, half-year, year")
            }
            guard rule.period == nil else { throw fail("rule \(rule.id) already has a period") }
            rule.period = period
        case "assigned":
            guard rest == ["especially-difficult"] else { throw fail("the only \"assigned\" condition is especially-difficult") }
            rule.onlyEspeciallyDifficult = true
        case "own-cell":
            guard rest.count == 1, ["counts", "excluded"].contains(rest[0]) else {
                throw fail("write \"own-cell counts\" or \"own-cell excluded\"")
            }
            rule.ownCellCounts = rest[0] == "counts"
        default:
            rule.requirements.append(try parseRequirement(rest, fail: fail))
        }
    }

    private func parseRequirement(_ rest: [String], fail: (String) -> ModelError) throws -> Requirement {
        guard rest.count >= 3, rest[1] == "of" else {
            throw fail("write \"require <count> of <unit kind> [or <unit kind>...]\", e.g. \"require 1 of residential cell\"")
        }
        guard let count = Int(rest[0]) else { throw fail("count \"\(rest[0])\" is not a whole number") }
        guard count >= 1 else { throw fail("count \(count) must be at least 1") }
        var targets: [UnitTarget] = []
        for alternative in rest.dropFirst(2).split(whereSeparator: { $0 == "or" || $0 == "|" }) {
            let words = Array(alternative)
            let residential = words.first == "residential"
            let levelWords = residential ? Array(words.dropFirst()) : words
            guard levelWords.count == 1 else { throw fail("a unit kind is \"<level>\" or \"residential <level>\"") }
            guard knownLevels.contains(levelWords[0]) else {
                throw fail("unknown level \"\(levelWords[0])\"; known: \(knownLevels.sorted().joined(separator: ", "))")
            }
            targets.append(UnitTarget(level: levelWords[0], residentialOnly: residential))
        }
        guard !targets.isEmpty else { throw fail("\"require\" names no unit kind") }
        return Requirement(count: count, targets: targets)
    }

    /// "target cells-good-or-better 90%": a known measure and a percentage, "%" optional, "," or "." before
    /// at most two decimals.
    private func parseTarget(_ rest: [String], fail: (String) -> ModelError) throws -> Target {
        let known = TargetMetric.allCases.map(\.rawValue).joined(separator: ", ")
        // The line's words were split at commas too, so "92,5%" arrives as "92" and "5%".
        guard (2...3).contains(rest.count) else {
            throw fail("write \"target <measure> <percent>\", e.g. \"target cells-good-or-better 90%\"")
        }
        guard let metric = TargetMetric(rawValue: rest[0]) else { throw fail("unknown measure \"\(rest[0])\"; known: \(known)") }
        let written = rest.dropFirst().joined(separator: ",")
        let text = written.hasSuffix("%") ? String(written.dropLast()) : written
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: ".", omittingEmptySubsequences: false)
        }
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts.count == 1 || (1...2).contains(parts[1].count),
            parts.count == 1 || parts[1].allSatisfy(\.isASCII), let fraction = parts.count == 1 ? 0 : Int(parts[1])
        else { throw fail("\"\(written)\" is not a percentage such as 90% or 92,5%") }
        let hundredths = whole * 100 + (parts.count == 2 && parts[1].count == 1 ? fraction * 10 : fraction)
        guard (1...10_000).contains(hundredths) else { throw fail("target \(written) must be above 0% and at most 100%") }
        return Target(metric, hundredths: hundredths)
    }

    /// "exemption tuoi-cao age 70": a keyword the reason must contain (dashes for spaces, diacritics optional),
    /// and optionally the age the member must have reached.
    private func parseExemption(_ rest: [String], fail: (String) -> ModelError) throws -> ExemptionCriteria.Reason {
        guard rest.count == 1 || (rest.count == 3 && rest[1] == "age") else {
            throw fail("write \"exemption <keyword> [age <years>]\", e.g. \"exemption tuoi-cao age 70\" or \"exemption suc-khoe\"")
        }
        let keyword = rest[0].replacingOccurrences(of: "-", with: " ")
        guard rest.count == 3 else { return ExemptionCriteria.Reason(keyword: keyword) }
        guard let age = Int(rest[2]), (1...120).contains(age) else { throw fail("age \"\(rest[2])\" is not a number of years") }
        return ExemptionCriteria.Reason(keyword: keyword, minimumAge: age)
    }

    private func finish(_ draft: RuleDraft) throws -> Rule {
        func missing(_ what: String) -> ModelError {
            ModelError(.badRuleSet, "rule \(draft.id) has no \"\(what)\" line", line: draft.line)
        }
        guard !draft.roles.isEmpty else { throw missing("officials") }
        guard let period = draft.period else { throw missing("period") }
        guard !draft.requirements.isEmpty else { throw missing("require") }
        return Rule(
            id: draft.id, title: draft.title.isEmpty ? draft.id : draft.title, roles: draft.roles, levels: draft.levels,
            period: period, onlyEspeciallyDifficult: draft.onlyEspeciallyDifficult, ownCellCounts: draft.ownCellCounts,
            requirements: draft.requirements)
    }

    /// The line's words, without its comment ("#" at the start or after a space).
    private static func words(of line: Substring) -> [String] {
        var text = String(line)
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return [] }
        if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" }).map(String.init)
    }

    private static func isIdentifier(_ text: String) -> Bool {
        text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    static func describe(_ range: DayRange) -> String {
        "from \(range.start)" + (range.end.map { " until \($0)" } ?? ", open-ended")
    }
}
