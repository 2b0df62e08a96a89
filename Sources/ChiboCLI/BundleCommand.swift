import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Work on bundle files offline, with no daemon.",
        subcommands: [BundleVerify.self]
    )
}

struct BundleVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle file with no daemon, and show what it holds.",
        discussion: """
            Checks that the lower daemon's key (--trust) signed every bundle, that every key is enrolled back to \
            that daemon, that every entry's signature and hash hold and that the bundles follow one another. Exit \
            status 1 names the first bad bundle and entry.
            """
    )

    @Argument(help: ArgumentHelp("A file written by `chibo upstream export`.", valueName: "file"))
    var file: String

    @Option(
        name: .long,
        help: ArgumentHelp("The lower daemon's key: its id (32 hex characters) or its daemon.pub file.", valueName: "keyid|file"))
    var trust: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let trusted = BundleChecks.keyID(trust) else {
            throw ValidationError("--trust takes a key id (32 hex characters) or a public key file, not \(trust)")
        }
        let bundles = try BundleChecks.read(file)
        let checked = try BundleChecks.check(bundles, trust: trusted)
        print(BundleChecks.summary(checked, output).render(output, single: true), terminator: "")
    }
}

/// Reading and checking bundle files, as `chibo bundle verify` and `chibo upstream import` both do.
enum BundleChecks {
    /// A key id given as 32 hex characters or as a public key file.
    static func keyID(_ text: String) -> KeyID? {
        KeyID(hex: text) ?? (try? KeyFile.readPublic(at: text))?.key.id
    }

    static func read(_ path: String) throws -> [Chibo_V1_Bundle] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WireError(.notFound, "cannot read \(path)")
        }
        do {
            return try BundleFile.decode(data)
        } catch var error as WireError {
            error.message = "\(path): \(error.message)"
            throw error
        }
    }

    /// Every bundle checked on its own, then each against the one before it: it goes on where that one ends (it may
    /// start earlier: an upper daemon keeps bundles as they came, and two may overlap), along the same chain.
    static func check(_ bundles: [Chibo_V1_Bundle], trust: KeyID?) throws -> [CheckedBundleContents] {
        var checked: [CheckedBundleContents] = []
        for (index, bundle) in bundles.enumerated() {
            func bad(_ message: String) -> WireError {
                WireError(.invalidArgument, "bundle \(index + 1): \(message)", reason: "bad_bundle")
            }
            let contents: CheckedBundleContents
            do {
                contents = try bundle.check(trust: trust)
            } catch let error as WireError {
                throw bad(error.message)
            }
            if let previous = checked.last?.manifest {
                guard contents.manifest.daemonPublicKey == previous.daemonPublicKey else {
                    throw bad("was made by another daemon than bundle \(index)")
                }
                let manifest = contents.manifest
                let continues =
                    manifest.fromSeq == previous.toSeq + 1
                    ? manifest.previousChainHead == previous.chainHead
                    : manifest.fromSeq <= previous.toSeq && manifest.toSeq > previous.toSeq
                        && bundle.entries[Int(previous.toSeq - manifest.fromSeq)].hash == previous.chainHead
                guard continues else {
                    throw bad("does not continue bundle \(index) (entries \(manifest.fromSeq)–\(manifest.toSeq) after \(previous.toSeq))")
                }
            }
            checked.append(contents)
        }
        return checked
    }

    /// What the file holds: whose it is, which entries, which writes, signed by whom.
    static func summary(_ checked: [CheckedBundleContents], _ output: OutputOptions) -> Listing {
        let first = checked.first!.manifest
        let last = checked.last!.manifest
        var operations: [String: Int] = [:]
        var records = 0
        var keys: [KeyID: Chibo_V1_BundleKey] = [:]
        for bundle in checked {
            keys.merge(bundle.keys) { old, _ in old }
            for request in bundle.requests {
                let name = request.operation?.name ?? "?"
                operations[name, default: 0] += 1
                switch request.operation {
                case .putRecords(let put): records += put.records.count
                case .importChunk(let chunk): records += chunk.records.count
                case .endRecord: records += 1
                default: break
                }
            }
        }
        let vi = output.lang == .vi
        let n = { output.people ? VietnameseNumber.integer($0, output.lang) : String($0) }
        let keyList = keys.sorted { $0.key < $1.key }.map { id, key in
            "\(key.name) (\(Role(key.role).map { output.people ? $0.label(output.lang) : $0.rawValue } ?? "?"), \(id))"
        }
        return Listing(
            columns: [
                Column(key: "ok", vi: "Kết quả", en: "Result"),
                Column(key: "daemon_key_id", vi: "Khóa máy chủ cấp dưới", en: "Lower daemon key"),
                Column(key: "unit", vi: "Đơn vị", en: "Unit"),
                Column(key: "bundles", vi: "Số gói", en: "Bundles"),
                Column(key: "from_seq", vi: "Từ bản ghi nhật ký", en: "From journal entry"),
                Column(key: "to_seq", vi: "Đến bản ghi nhật ký", en: "To journal entry"),
                Column(key: "journal_head_seq", vi: "Nhật ký cấp dưới đến", en: "Its journal ended at"),
                Column(key: "made_at", vi: "Lập lúc", en: "Made"),
                Column(key: "operations", vi: "Thao tác", en: "Operations"),
                Column(key: "records", vi: "Số bản ghi", en: "Records"),
                Column(key: "keys", vi: "Khóa đã ký", en: "Signing keys"),
                Column(key: "chain_head", vi: "Đầu chuỗi băm", en: "Chain head"),
            ],
            rows: [
                [
                    output.people ? (vi ? "hợp lệ" : "valid") : "ok",
                    PublicKey(bytes: first.daemonPublicKey)?.id.hex ?? "", first.unitID, n(checked.count), String(first.fromSeq),
                    String(last.toSeq), String(last.journalHeadSeq),
                    output.people ? AuditOutput.moment(last.createdAtMs) : String(last.createdAtMs),
                    operations.sorted { $0.key < $1.key }.map { "\($0.key) \(n($0.value))" }.joined(separator: ", "), n(records),
                    keyList.joined(separator: "; "), Hex.encode(last.chainHead),
                ]
            ])
    }
}
