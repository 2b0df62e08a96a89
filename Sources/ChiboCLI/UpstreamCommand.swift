import ArgumentParser
import ChiboClient
import ChiboModel
import ChiboWire
import Foundation

struct UpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upstream",
        abstract: "Carry a daemon's signed journal up to the province (or any upper daemon), by hand or over TCP.",
        discussion: """
            At the lower daemon, `export` writes its journal as signed bundles to a file (a USB stick is a real \
            path between separated networks); at the upper daemon, `import` checks and applies them, and `status` \
            shows how far each lower daemon has come. `chibod run --upstream HOST:PORT` pushes the same bundles \
            over TCP instead. docs/upward.md explains the trust model and the set-up.
            """,
        subcommands: [UpstreamExport.self, UpstreamImport.self, UpstreamStatusCommand.self]
    )
}

struct UpstreamExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the daemon's journal as signed bundles to a file (admin key with no scope).",
        discussion: """
            --since N writes the entries after entry N: give the upper daemon's accepted entry (chibo upstream \
            status there) to carry only what it lacks. FILE holds members' names: it is written with mode 0600; \
            carry it as you would the register itself. At an upper daemon, --reporter KEY writes instead the \
            bundles accepted from that lower daemon, as it signed them: `chibo upstream import` of that file at a \
            lower daemon rebuilt from an older backup puts its lost entries back (docs/upward.md).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The bundle file to write; must not exist.", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Only the entries after this one (default: the whole journal).", valueName: "seq"))
    var since: UInt64 = 0

    @Option(
        name: .long,
        help: ArgumentHelp("At an upper daemon: the lower daemon's key (id or daemon.pub file) whose bundles to write.", valueName: "key"))
    var reporter: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if FileManager.default.fileExists(atPath: out) { throw ValidationError("\(out) already exists; an export never overwrites") }
        if let reporter, BundleChecks.keyID(reporter) == nil {
            throw ValidationError("--reporter takes a key id (32 hex characters) or a public key file, not \(reporter)")
        }
    }

    func run() async throws {
        let language = output.lang
        let reporterKey = reporter.flatMap(BundleChecks.keyID)
        let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1, language: language)
        let file = try PartialFile(path: out)
        let (bundles, first, last, head) = try await connection.withConnection { connection in
            var next = since + 1
            var bundles = 0
            var head: UInt64 = 0
            // An upper daemon's kept bundles may begin before --since: the file says where it really starts.
            var first = next
            while true {
                let export = try await connection.upstreamExport(fromSeq: next, reporter: reporterKey)
                head = export.journalHeadSeq
                guard let last = export.bundle.entries.last else { break }
                if bundles == 0 { first = export.bundle.entries.first?.seq ?? next }
                var data = bundles == 0 ? Data(BundleFile.header) : Data()
                BundleFile.append(export.bundle, to: &data)
                try file.write(data)
                bundles += 1
                next = last.seq + 1
                bar.show(Int(last.seq - since), of: Int(max(head, last.seq) - since), unit: ("bản ghi nhật ký", "journal entries"))
            }
            return (bundles, first, next - 1, head)
        }
        bar.finish()
        guard bundles > 0 else {
            throw WireError(
                .notFound,
                language == .vi
                    ? "không có gì sau bản ghi nhật ký \(since): nhật ký kết thúc ở \(head); không ghi tệp"
                    : "nothing after journal entry \(since): the journal ends at \(head); no file written")
        }
        try file.commit()
        let count = VietnameseNumber.integer(bundles, language)
        print(
            language == .vi
                ? "đã ghi \(count) gói (bản ghi nhật ký \(first)–\(last)) vào \(out)"
                : "wrote \(count) bundle(s) (journal entries \(first)–\(last)) to \(out)")
    }
}

struct UpstreamImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check and apply a lower daemon's bundle file (admin key with no scope, at the upper daemon).",
        discussion: """
            Every bundle of FILE is checked here first (signatures, hash chain, continuity); one bad byte and \
            nothing is sent. The daemon then checks each again, with the lower daemon's enrolled key and scope, \
            and applies it in one transaction. A bundle already applied changes nothing, so importing the same \
            file twice is safe; a gap or a rewritten history (a fork) is refused.
            """
    )

    @Argument(help: ArgumentHelp("A file written by `chibo upstream export`.", valueName: "file"))
    var file: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let language = output.lang
        let bundles = try BundleChecks.read(file)
        _ = try BundleChecks.check(bundles, trust: nil)
        let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1, language: language)
        var accepted = 0
        var inserted = 0
        var unchanged = 0
        var acceptedSeq: UInt64 = 0
        var recovered = false
        try await connection.withConnection { connection in
            for (index, bundle) in bundles.enumerated() {
                do {
                    let result = try await connection.upstreamApply(bundle)
                    accepted += Int(result.acceptedEntries)
                    inserted += Int(result.inserted)
                    unchanged += Int(result.unchanged)
                    acceptedSeq = result.acceptedSeq
                    recovered = recovered || result.recovered
                } catch var error as WireError {
                    let before =
                        index == 0 ? "" : (language == .vi ? " (các gói trước đã được nhận)" : " (the bundles before it were applied)")
                    error.message =
                        (language == .vi ? "gói \(index + 1)/\(bundles.count): " : "bundle \(index + 1) of \(bundles.count): ")
                        + error.message + before
                    throw error
                }
                bar.show(index + 1, of: bundles.count, unit: ("gói", "bundles"))
            }
        }
        bar.finish()
        let n = { VietnameseNumber.integer($0, language) }
        if recovered {
            print(
                language == .vi
                    ? "đã khôi phục \(n(accepted)) bản ghi nhật ký của chính máy chủ này (nhật ký nay đến \(acceptedSeq))"
                    : "put back \(n(accepted)) of this daemon's own journal entries (its journal now ends at \(acceptedSeq))")
        } else if accepted == 0 {
            print(
                language == .vi
                    ? "các gói này đã được nhận trước đây: không thay đổi gì (đã nhận đến bản ghi nhật ký \(acceptedSeq))"
                    : "these bundles had been applied before: nothing changed (accepted up to journal entry \(acceptedSeq))")
        } else {
            print(
                language == .vi
                    ? "đã nhận \(n(accepted)) bản ghi nhật ký mới (đến \(acceptedSeq)): \(n(inserted)) bản ghi mới, \(n(unchanged)) không đổi"
                    : "accepted \(n(accepted)) new journal entries (up to \(acceptedSeq)): \(n(inserted)) records new, \(n(unchanged)) unchanged"
            )
        }
    }
}

struct UpstreamStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Each lower daemon: the last entry accepted, the age of its last bundle, whether it is behind or forked.",
        discussion: """
            "Behind" means the lower daemon's last bundle said its journal went further than what was accepted. A \
            lower daemon that has gone quiet shows only as an old bundle: the upper daemon cannot see entries it \
            was never sent. A fork is a refused rewrite of history: see docs/upward.md.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let peers = try await connection.withConnection { try await $0.upstreamStatus() }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let people = output.people
        let vi = output.lang == .vi
        let listing = Listing(
            columns: [
                Column(key: "name", vi: "Cấp dưới", en: "Lower daemon"),
                Column(key: "unit", vi: "Đơn vị", en: "Unit"),
                Column(key: "key_id", vi: "Khóa", en: "Key"),
                Column(key: "accepted_seq", vi: "Đã nhận đến", en: "Accepted up to"),
                Column(key: "journal_head_seq", vi: "Nhật ký cấp dưới đến", en: "Its journal ends at"),
                Column(key: "behind", vi: "Tình trạng", en: "State"),
                Column(key: "bundle_made_at", vi: "Gói cuối lập lúc", en: "Last bundle made"),
                Column(key: "age_seconds", vi: "Cách đây", en: "Age"),
                Column(key: "fork", vi: "Phân nhánh", en: "Fork"),
            ],
            rows: peers.map { peer in
                let behind = peer.journalHeadSeq > peer.acceptedSeq
                let age = peer.bundleMadeAtMs > 0 ? max(0, (now - peer.bundleMadeAtMs) / 1000) : nil
                let state =
                    people
                    ? (behind
                        ? (vi
                            ? "chậm \(peer.journalHeadSeq - peer.acceptedSeq) bản ghi"
                            : "behind by \(peer.journalHeadSeq - peer.acceptedSeq)")
                        : (vi ? "đủ" : "up to date"))
                    : (behind ? "behind" : "up_to_date")
                let fork =
                    peer.forkSeq == 0
                    ? ""
                    : people
                        ? (vi
                            ? "CÓ, ở bản ghi \(peer.forkSeq) lúc \(AuditOutput.moment(peer.forkAtMs)): "
                            : "YES, at entry \(peer.forkSeq) on \(AuditOutput.moment(peer.forkAtMs)): ")
                            + peer.forkProblem
                        : "\(peer.forkSeq)"
                return [
                    peer.name, peer.unitID, KeyID(data: peer.keyID)?.hex ?? "", String(peer.acceptedSeq), String(peer.journalHeadSeq),
                    state,
                    peer.bundleMadeAtMs == 0 ? "" : (people ? AuditOutput.moment(peer.bundleMadeAtMs) : String(peer.bundleMadeAtMs)),
                    age.map { people ? Self.duration($0, vi: vi) : String($0) } ?? "", fork,
                ]
            })
        if peers.isEmpty, output.format == .table {
            print(vi ? "chưa nhận gì từ cấp dưới nào" : "nothing received from any lower daemon yet")
            return
        }
        print(listing.render(output), terminator: "")
    }

    static func duration(_ seconds: Int64, vi: Bool) -> String {
        switch seconds {
        case ..<60: vi ? "\(seconds) giây" : "\(seconds) s"
        case ..<3600: vi ? "\(seconds / 60) phút" : "\(seconds / 60) min"
        case ..<86400: vi ? "\(seconds / 3600) giờ" : "\(seconds / 3600) h"
        default: vi ? "\(seconds / 86400) ngày" : "\(seconds / 86400) days"
        }
    }
}
