import GRDB

/// Tables of upward reporting (docs/upward.md). At an upper daemon, each lower daemon (a `reporter` key) has
/// a row in `upstreamPeer`; the entries of its journal it shipped are kept as they came, chain and signatures
/// intact, in `upstreamEntry` (the provenance of every record they wrote), with the keys that signed them in
/// `upstreamKey` and each accepted bundle's signed manifest in `upstreamBundle`.
enum UpstreamMigration {
    static func create(_ db: Database) throws {
        try db.create(table: "upstreamPeer") { t in
            t.primaryKey("keyID", .text).references("key")
            t.column("unitID", .text).notNull()
            t.column("acceptedSeq", .integer).notNull()
            t.column("chainHead", .blob).notNull()
            t.column("journalHeadSeq", .integer).notNull()
            t.column("bundleMadeAt", .integer)
            t.column("receivedAt", .integer)
            t.column("forkSeq", .integer)
            t.column("forkAt", .integer)
            t.column("forkProblem", .text)
        }
        try db.create(table: "upstreamEntry") { t in
            t.column("peerKeyID", .text).notNull().references("upstreamPeer")
            t.column("seq", .integer).notNull()
            t.column("keyID", .text).notNull()
            t.column("requestID", .blob).notNull()
            t.column("operation", .text).notNull()
            t.column("envelope", .blob).notNull()
            t.column("previousHash", .blob).notNull()
            t.column("hash", .blob).notNull()
            t.column("at", .integer).notNull()
            t.column("receivedAt", .integer).notNull()
            t.primaryKey(["peerKeyID", "seq"])
        }
        try db.create(table: "upstreamKey") { t in
            t.column("peerKeyID", .text).notNull().references("upstreamPeer")
            t.column("keyID", .text).notNull()
            t.column("publicKey", .blob).notNull()
            t.column("role", .text).notNull()
            t.column("name", .text).notNull()
            t.column("scopeUnit", .text)
            t.column("enrolment", .blob).notNull()
            t.primaryKey(["peerKeyID", "keyID"])
        }
        try db.create(table: "upstreamBundle") { t in
            t.column("peerKeyID", .text).notNull().references("upstreamPeer")
            t.column("fromSeq", .integer).notNull()
            t.column("toSeq", .integer).notNull()
            t.column("manifest", .blob).notNull()
            t.column("signature", .blob).notNull()
            t.column("receivedAt", .integer).notNull()
            t.primaryKey(["peerKeyID", "fromSeq"])
        }
    }
}
