import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Make, show, enrol, list and revoke signing keys.",
        subcommands: [KeyNew.self, KeyShow.self, KeyEnrol.self, KeyRevoke.self, KeyList.self]
    )
}

struct KeyNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a key pair: FILE (secret, mode 0600) and FILE.pub (public, to give to an admin)."
    )

    @Option(name: .long, help: ArgumentHelp("Where to write the secret key (default ~/.config/chibo/key).", valueName: "file"))
    var out: String?

    @Option(name: .long, help: "A name written into the public key file, e.g. your own.")
    var name: String = ""

    func run() throws {
        let path = out ?? Paths.defaultKey
        // Not NSString.deletingLastPathComponent: Foundation on Linux traps on a one-letter name such as "K".
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if FileManager.default.fileExists(atPath: path + ".pub") {
            throw WireError(.conflict, "\(path).pub already exists; not overwriting it")
        }
        let key = SigningKey.generate()
        try KeyFile.writePrivately(KeyFile.secretText(key), to: path)
        let name = name.precomposedStringWithCanonicalMapping
        try KeyFile.writePrivately(KeyFile.publicText(key.publicKey, name: name), to: path + ".pub", mode: 0o644)
        print("secret key: \(path)")
        print("public key: \(path).pub")
        print("key id:     \(key.id)")
    }
}

struct KeyShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print the key id of your key (and with --public, its public key line).",
        discussion: """
            With PUBFILE, the key id of that public key instead: to compare by phone the id of a daemon.pub you \
            are about to enrol with the id its owner reads out.
            """)

    @Argument(help: ArgumentHelp("A public key file (a .pub from `chibo key new`, or a daemon's daemon.pub).", valueName: "pubfile"))
    var publicFile: String?

    @Option(name: .long, help: ArgumentHelp("Secret key file (env CHIBO_KEY; default ~/.config/chibo/key).", valueName: "file"))
    var key: String?

    @Flag(name: .long, help: "Also print the public key line to hand to an admin.")
    var `public` = false

    func run() throws {
        if let publicFile {
            let (key, name) = try KeyFile.readPublic(at: publicFile)
            print(key.id.hex + (name.isEmpty ? "" : "  " + name))
            return
        }
        var options = ConnectionOptions()
        options.key = key
        let signing = try options.signingKey()
        print(signing.id)
        if `public` { print(KeyFile.publicText(signing.publicKey), terminator: "") }
    }
}

struct KeyEnrol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Let another key sign requests (admin only).",
        discussion: "PUBKEY is a .pub file from `chibo key new`, or the public key line itself."
    )

    @Argument(help: ArgumentHelp("The public key file or text.", valueName: "pubkey"))
    var publicKey: String

    @Option(
        name: .long,
        help:
            "admin, clerk, viewer, auditor (reads everything, the journal included) or reporter (a lower daemon's daemon.pub, with --scope)."
    )
    var role: Role

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Limit the key to this unit and everything under it (e.g. a district clerk to the district).", valueName: "unit"))
    var scope: String?

    @Option(name: .long, help: "Who holds the key.")
    var name: String

    @Option(name: .customLong("valid-from"), help: ArgumentHelp("First day the key is accepted (dd/MM/yyyy).", valueName: "day"))
    var validFrom: String?

    @Option(name: .customLong("valid-until"), help: ArgumentHelp("Last day the key is accepted (dd/MM/yyyy).", valueName: "day"))
    var validUntil: String?

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for (flag, value) in [("--valid-from", validFrom), ("--valid-until", validUntil)] {
            if let value, CalendarDay(value) == nil { throw ValidationError("\(flag) \(value) is not a date (dd/MM/yyyy)") }
        }
    }

    func run() async throws {
        let key: PublicKey
        if FileManager.default.fileExists(atPath: publicKey) {
            key = try KeyFile.readPublic(at: publicKey).key
        } else {
            key = try KeyFile.parsePublic(publicKey).key
        }
        let request = Chibo_V1_EnrolKeyRequest.with {
            $0.publicKey = Data(key.bytes)
            $0.role = .init(role)
            $0.name = name
            $0.scopeUnit = scope ?? ""
            $0.validFrom = validFrom.flatMap { CalendarDay($0) }?.iso ?? ""
            $0.validUntil = validUntil.flatMap { CalendarDay($0) }?.iso ?? ""
        }
        let info = try await connection.withConnection { try await $0.enrol(request) }
        print(KeyListing.listing([info], output.lang, output.format).render(output, single: true), terminator: "")
    }
}

struct KeyRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Stop accepting a key (admin only). The record stays, marked revoked.")

    @Argument(help: ArgumentHelp("The key id, as `chibo key list` shows it.", valueName: "key-id"))
    var keyID: String

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard KeyID(hex: keyID) != nil else { throw ValidationError("\(keyID) is not a key id (32 hex characters)") }
    }

    func run() async throws {
        let info = try await connection.withConnection { try await $0.revoke(KeyID(hex: keyID)!) }
        print(KeyListing.listing([info], output.lang, output.format).render(output, single: true), terminator: "")
    }
}

struct KeyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List enrolled keys.")

    @Flag(name: .long, help: "Include revoked keys.")
    var all = false

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let keys = try await connection.withConnection { try await $0.listKeys(includeRevoked: all) }
        print(KeyListing.listing(keys, output.lang, output.format).render(output), terminator: "")
    }
}

extension Role: ExpressibleByArgument {}

enum KeyListing {
    static func listing(_ keys: [Chibo_V1_KeyInfo], _ language: Language, _ format: OutputFormat) -> Listing {
        let people = format == .table || format == .html
        return Listing(
            columns: [
                Column(key: "key_id", vi: "Mã khóa", en: "Key id"),
                Column(key: "name", vi: "Tên", en: "Name"),
                Column(key: "role", vi: "Vai trò", en: "Role"),
                Column(key: "status", vi: "Trạng thái", en: "Status"),
                Column(key: "valid_from", vi: "Hiệu lực từ", en: "Valid from"),
                Column(key: "valid_until", vi: "Hiệu lực đến", en: "Valid until"),
                Column(key: "scope_unit", vi: "Phạm vi", en: "Scope"),
            ],
            rows: keys.map { key in
                let role = Role(key.role)
                let revoked = key.status == .revoked
                let status =
                    people
                    ? (revoked ? (language == .vi ? "đã thu hồi" : "revoked") : (language == .vi ? "hoạt động" : "active"))
                    : (revoked ? "revoked" : "active")
                func day(_ text: String) -> String {
                    people ? (CalendarDay(text)?.vietnamese ?? "") : text
                }
                return [
                    KeyID(data: key.keyID)?.hex ?? "?", key.name,
                    people ? (role?.label(language) ?? "?") : (role?.rawValue ?? ""),
                    status, day(key.validFrom), day(key.validUntil), key.scopeUnit,
                ]
            })
    }
}
