import ChiboWire
import Foundation
import Testing

/// A bundle checked with nothing but itself (PROTOCOL.md §7.9): what passes, and what each change breaks.
@Suite struct BundleTests {
    let daemon = SigningKey.generate()
    let admin = SigningKey.generate()
    let clerk = SigningKey.generate()

    func signed(_ operation: Chibo_V1_Request.OneOf_Operation, by key: SigningKey) -> Chibo_V1_Envelope {
        .signing(
            Chibo_V1_Request.with {
                $0.requestID = Data(Sodium.randomBytes(16))
                $0.operation = operation
            }, with: key, context: .request)
    }

    func member(_ id: String) -> Chibo_V1_Request.OneOf_Operation {
        .putRecords(
            .with {
                $0.records = [
                    .with {
                        $0.member = .with {
                            $0.id = id; $0.fullName = "Lò Văn \(id)"
                        }
                    }
                ]
            })
    }

    /// The admin (first key, vouched for by the daemon) enrols the clerk; the clerk writes two members.
    func bundle(daemonKey: SigningKey? = nil) -> (Chibo_V1_Bundle, [Chibo_V1_BundleEntry]) {
        let enrolment = signed(
            .enrolKey(
                .with {
                    $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Văn thư"
                }), by: admin)
        let entries = Chibo_V1_BundleEntry.chained([enrolment, signed(member("A1"), by: clerk), signed(member("A2"), by: clerk)])
        let keys: [Chibo_V1_BundleKey] = [
            .with {
                $0.publicKey = Data(admin.publicKey.bytes); $0.role = .admin; $0.name = "Quản trị"
            },
            .with {
                $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.name = "Văn thư"
                $0.enrolment = try! enrolment.serializedData()
            },
        ]
        let bundle = Chibo_V1_Bundle.make(
            entries: entries, previousChainHead: Data(repeating: 0, count: 32), unitID: "HB.D01", journalHeadSeq: 3, keys: keys,
            daemonKey: daemonKey ?? daemon, now: 1_767_225_600_000)
        return (bundle, entries)
    }

    func problem(_ bundle: Chibo_V1_Bundle, trust: KeyID? = nil) -> String? {
        do {
            _ = try bundle.check(trust: trust)
            return nil
        } catch let error as WireError {
            #expect(error.code == .invalidArgument)
            #expect(error.reason == "bad_bundle")
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aGoodBundlePassesWithItsDaemonTrusted() throws {
        let (bundle, _) = bundle()
        let contents = try bundle.check(trust: daemon.id)
        #expect(contents.manifest.fromSeq == 1 && contents.manifest.toSeq == 3)
        #expect(contents.requests.count == 3)
        #expect(contents.keys[clerk.id]?.name == "Văn thư")
    }

    @Test func anotherDaemonsBundleIsNotTrusted() {
        let (bundle, _) = bundle()
        #expect(problem(bundle, trust: SigningKey.generate().id)?.contains("not the trusted") == true)
    }

    @Test func oneChangedByteAnywhereIsFound() throws {
        let (bundle, _) = bundle()
        let bytes: [UInt8] = try bundle.serializedBytes()
        // Every single byte flipped gives a bundle that fails (or no longer parses as one).
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0x01
            guard let tampered = try? Chibo_V1_Bundle(serializedBytes: changed) else { continue }
            #expect(problem(tampered) != nil, "byte \(index) changed and the bundle still passed")
        }
    }

    @Test func aChangedEnvelopeIsNamedByItsEntry() {
        var (bundle, entries) = bundle()
        var envelope = try! Chibo_V1_Envelope(serializedBytes: entries[1].envelope)
        envelope.body[envelope.body.count - 1] ^= 0x20
        entries[1].envelope = try! envelope.serializedData()
        bundle.entries = entries
        #expect(problem(bundle)?.hasPrefix("entry 2: its hash does not match") == true)
        // Rechaining the hashes does not help: the signature then fails, or the manifest's chain head.
        let rechained = Chibo_V1_BundleEntry.chained(entries.map { try! Chibo_V1_Envelope(serializedBytes: $0.envelope) })
        bundle.entries = rechained
        #expect(problem(bundle)?.hasPrefix("entry 2: its signature does not verify") == true)
    }

    @Test func aSignerMissingFromTheKeysIsNamed() {
        var (bundle, _) = bundle()
        var manifest = try! Chibo_V1_BundleManifest(serializedBytes: bundle.manifest)
        manifest.keys.remove(at: 1)
        let body: [UInt8] = try! manifest.serializedBytes()
        bundle.manifest = Data(body)
        bundle.signature = Data(daemon.signature(over: SignatureContext.bundle.signedBytes(body: body)))
        #expect(problem(bundle)?.hasPrefix("entry 2: is signed by a key the bundle does not list") == true)
    }

    @Test func anEnrolmentForAnotherKeyIsRefused() {
        let other = SigningKey.generate()
        let enrolment = signed(
            .enrolKey(
                .with {
                    $0.publicKey = Data(other.publicKey.bytes); $0.role = .clerk
                }), by: admin)
        let entries = Chibo_V1_BundleEntry.chained([signed(member("A1"), by: clerk)])
        let bundle = Chibo_V1_Bundle.make(
            entries: entries, previousChainHead: Data(repeating: 0, count: 32), unitID: "", journalHeadSeq: 1,
            keys: [
                .with {
                    $0.publicKey = Data(admin.publicKey.bytes); $0.role = .admin
                },
                .with {
                    $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .clerk; $0.enrolment = try! enrolment.serializedData()
                },
            ], daemonKey: daemon, now: 0)
        #expect(problem(bundle)?.contains("its enrolment is not the enrol_key request for it") == true)
    }

    @Test func aViewerCannotHaveWrittenRecords() {
        let entries = Chibo_V1_BundleEntry.chained([signed(member("A1"), by: clerk)])
        let bundle = Chibo_V1_Bundle.make(
            entries: entries, previousChainHead: Data(repeating: 0, count: 32), unitID: "", journalHeadSeq: 1,
            keys: [
                .with {
                    $0.publicKey = Data(clerk.publicKey.bytes); $0.role = .viewer
                }
            ], daemonKey: daemon, now: 0)
        #expect(problem(bundle)?.hasPrefix("entry 1: writes records but is signed by a key with role viewer") == true)
    }

    @Test func aRangeThatDoesNotMatchTheEntriesIsRefused() {
        var (bundle, entries) = bundle()
        bundle.entries = Array(entries.prefix(2))
        #expect(problem(bundle)?.contains("does not match the 2 entries") == true)
    }

    @Test func theFileFormatRoundTripsAndNamesACutFile() throws {
        let (bundle, _) = bundle()
        let data = BundleFile.encode([bundle, bundle])
        #expect(try BundleFile.decode(data).count == 2)
        #expect(throws: WireError.self) { try BundleFile.decode(data.prefix(data.count - 10)) }
        do {
            _ = try BundleFile.decode(data.prefix(data.count - 10))
        } catch let error as WireError {
            #expect(error.message.contains("bundle 2") && error.message.contains("cut short"))
        }
        #expect(throws: WireError.self) { try BundleFile.decode(Data("id,name\n".utf8)) }
    }
}
