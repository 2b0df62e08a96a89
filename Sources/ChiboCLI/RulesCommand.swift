import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Load, check and list the rule sets (quotas) that govern unit subtrees.",
        subcommands: [Load.self, Check.self, List.self, Show.self]
    )

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load a rule-set file (docs/rules.md) and make it govern the given units' subtrees.",
            discussion: """
                Needs an admin key. The daemon parses the file first: a malformed file is refused with its line and \
                the reason, and the rule set in force does not change. Loading a rule set with the same id again \
                replaces its text.
                """
        )

        @Argument(help: ArgumentHelp("The rule-set file.", valueName: "file")) var file: String
        @Option(
            name: .customLong("unit"),
            help: ArgumentHelp(
                "A unit whose subtree the rule set governs; repeat for several.", valueName: "unit-id"))
        var units: [String] = []
        @Flag(name: .long, help: "Only check the file against the daemon; store nothing.") var dryRun = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let source = try readRuleFile(file)
            let info = try await connection.withConnection { try await $0.putRuleSet(source: source, unitIDs: units, dryRun: dryRun) }
            let verb = dryRun ? (output.lang == .vi ? "hợp lệ" : "is valid") : (output.lang == .vi ? "đã nạp" : "loaded")
            FileHandle.standardError.write(Data("chibo: rule set \(info.id) \(verb)\n".utf8))
            print(RulesCommand.listing([info], output).render(output), terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a rule-set file locally, without a daemon (standard levels only).")
        @Argument(help: ArgumentHelp("The rule-set file.", valueName: "file")) var file: String

        func run() throws {
            let set: RuleSet
            do { set = try RuleSetParser().parse(try readRuleFile(file)) } catch let error as ModelError {
                throw WireError(.invalidArgument, "\(file): \(error.description)")
            }
            let rules = set.versions.reduce(0) { $0 + $1.rules.count }
            print("\(file): rule set \(set.id), \(set.versions.count) version(s), \(rules) rule(s): OK")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loaded rule sets and the units they govern.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sets = try await connection.withConnection { try await $0.ruleSets() }
            print(RulesCommand.listing(sets, output).render(output), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a loaded rule set's text.")
        @Argument(help: ArgumentHelp("The rule set's id.", valueName: "id")) var id: String
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            let sets = try await connection.withConnection { try await $0.ruleSets(includeSource: true) }
            guard let set = sets.first(where: { $0.id == id }) else { throw WireError(.notFound, "no rule set \(id) is loaded") }
            print(set.source, terminator: set.source.hasSuffix("\n") ? "" : "\n")
        }
    }

    static func listing(_ sets: [Chibo_V1_RuleSetInfo], _ output: OutputOptions) -> Listing {
        Listing(
            columns: [
                Column(key: "id", vi: "Mã", en: "Id"), Column(key: "title", vi: "Tên", en: "Title"),
                Column(key: "units", vi: "Áp dụng cho", en: "Governs"), Column(key: "versions", vi: "Hiệu lực", en: "In force"),
            ],
            rows: sets.map { set in
                [
                    set.id, set.title, set.unitIds.joined(separator: ";"),
                    set.versions.map { version in
                        let from = CalendarDay(version.from)?.vietnamese ?? version.from
                        let until = CalendarDay(version.until)?.vietnamese ?? ""
                        return "\(from)–\(until) (\(version.rules))"
                    }.joined(separator: "; "),
                ]
            })
    }
}

func readRuleFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw WireError(.invalidArgument, "cannot read \(path)")
    }
    guard let text = String(data: data, encoding: .utf8) else { throw WireError(.invalidArgument, "\(path) is not UTF-8 text") }
    return text
}
