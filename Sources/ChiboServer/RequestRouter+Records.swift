import ChiboModel
import ChiboStore
import ChiboWire
import Foundation
import GRDB

extension RequestRouter {
    func put(_ request: Chibo_V1_PutRecordsRequest, admitted: AdmittedRequest, caller: EnrolledKey,
             idempotency: IdempotencyInput?) async throws -> Chibo_V1_Response.OneOf_Result
    {
        let records = try decode(request.records, startingAt: 0)
        try await requireScope(records, caller: caller)
        let now = ServerContext.nowMilliseconds()
        return try await apply(
            count: records.count, dryRun: request.dryRun, journal: [journal(admitted, "put_records", now)],
            idempotency: idempotency, feed: { _, insert in for record in records { try insert(record) } },
            result: { inserted, unchanged in
                .putRecords(.with { $0.inserted = UInt32(inserted); $0.unchanged = UInt32(unchanged) })
            })
    }

    func importChunk(_ request: Chibo_V1_ImportChunkRequest, admitted: AdmittedRequest, caller: EnrolledKey,
                     idempotency: IdempotencyInput?) async throws -> Chibo_V1_Response.OneOf_Result
    {
        guard request.importID.count == 16 else { throw WireError(.invalidArgument, "import_id must be 16 bytes") }
        let store = context.store
        let now = ServerContext.nowMilliseconds()
        let envelope = try admitted.envelope.serializedData()
        guard request.last else {
            // A scoped key learns at once that a chunk leaves its scope (before anything is staged); everything
            // else is checked once, on apply.
            if caller.scopeUnit != nil {
                let before = try await store.stagedRecordCount(importID: request.importID)
                do {
                    try await requireScope(try decode(request.records, startingAt: before), caller: caller)
                } catch {
                    let importID = request.importID
                    try await store.write(journal: nil) { try Store.dropStagedImport(importID, in: $0) }
                    throw error
                }
            }
            let staged = try await store.stageImportChunk(
                importID: request.importID, chunkIndex: Int(request.chunkIndex), keyID: caller.id, envelope: envelope,
                recordCount: request.records.count, at: now, limits: importLimits,
                idempotency: remembering(idempotency) { staged in .importChunk(.with { $0.staged = UInt32(staged) }) })
            return .importChunk(.with { $0.staged = UInt32(staged) })
        }
        // The staged chunks were checked against a scoped key's subtree as they arrived; the last is checked
        // now. Then everything is applied in one transaction, one staged chunk at a time, so memory holds one
        // chunk however large the import.
        let stagedRecords = try await store.stagedRecordCount(importID: request.importID)
        let last = try decode(request.records, startingAt: stagedRecords)
        try await requireScope(last, caller: caller)
        let importID = request.importID
        let chunkIndex = Int(request.chunkIndex)
        let keyID = caller.id
        let requestID = admitted.request.requestID
        let today = CalendarDay.today()
        let lastEntry = JournalInput(keyID: keyID, requestID: requestID, operation: "import_chunk \(chunkIndex)", envelope: envelope, at: now)
        return try await apply(
            count: stagedRecords + last.count, dryRun: request.dryRun, journal: [lastEntry], dropImport: importID,
            idempotency: idempotency,
            feed: { db, insert in
                // Every chunk's envelope is journalled with the write it contributed to.
                try Store.forEachStagedChunk(importID, nextChunk: chunkIndex, keyID: keyID, in: db) { index, bytes in
                    for record in try Self.chunkRecords(bytes) { try insert(try record.decoded(today: today)) }
                    if !request.dryRun {
                        try store.appendJournal([JournalInput(keyID: keyID, requestID: requestID, operation: "import_chunk \(index)",
                                                              envelope: bytes, at: now)], in: db)
                    }
                }
                for record in last { try insert(record) }
            },
            result: { inserted, unchanged in
                .importChunk(.with {
                    $0.staged = UInt32(stagedRecords + last.count)
                    $0.applied = true
                    $0.inserted = UInt32(inserted)
                    $0.unchanged = UInt32(unchanged)
                })
            })
    }

    func list(_ request: Chibo_V1_ListRecordsRequest, caller: EnrolledKey) async throws -> Chibo_V1_ListRecordsResponse {
        guard let kind = RecordKind(rawValue: request.kind) else {
            throw WireError(.invalidArgument, "kind \"\(request.kind)\" is not one of: \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try Self.requireFilters(request, for: kind)
        var unitID = request.unitID.isEmpty ? nil : request.unitID
        if let scope = caller.scopeUnit {
            if let asked = unitID {
                guard try await context.store.unit(asked, isWithin: scope) else { throw WireError(.forbidden, "unit \(asked) is outside your scope \(scope)") }
            } else {
                unitID = scope
            }
        }
        let offset = request.pageToken.isEmpty ? 0 : Int(request.pageToken) ?? -1
        guard offset >= 0 else { throw WireError(.invalidArgument, "page_token is not one this daemon gave") }
        let limit = request.limit == 0 ? 100 : Int(request.limit)
        guard limit <= 1000 else { throw WireError(.invalidArgument, "limit is at most 1000") }
        let filter = RecordFilter(
            kind: kind, id: request.id.isEmpty ? nil : request.id, search: request.search.isEmpty ? nil : request.search,
            unitID: unitID, memberID: request.memberID.isEmpty ? nil : request.memberID,
            officialID: request.officialID.isEmpty ? nil : request.officialID,
            from: try optionalDay(request.from, "from"), until: try optionalDay(request.until, "until"), limit: limit, offset: offset)
        let (records, total) = try await context.store.list(filter)
        return .with {
            $0.records = records.map(Chibo_V1_Record.init)
            $0.total = UInt32(total)
            $0.nextPageToken = offset + records.count < total ? String(offset + records.count) : ""
        }
    }

    func end(_ request: Chibo_V1_EndRecordRequest, admitted: AdmittedRequest, caller: EnrolledKey,
             idempotency: IdempotencyInput?) async throws -> Chibo_V1_EndRecordResponse
    {
        guard let until = CalendarDay(request.until) else { throw WireError(.invalidArgument, "until \"\(request.until)\" is not a date") }
        func required(_ value: String, _ name: String) throws -> String {
            guard !value.isEmpty else { throw WireError(.invalidArgument, "\(name) is empty") }
            return value
        }
        let target: DomainWriter.EndTarget
        let unit: String?
        switch request.kind {
        case "unit":
            target = .unit(id: try required(request.id, "id"))
            unit = request.id
        case "membership":
            target = .membership(memberID: try required(request.memberID, "member_id"), cellID: try required(request.cellID, "cell_id"))
            unit = request.cellID
        case "position":
            guard let role = PositionRole(rawValue: request.role) else { throw WireError(.invalidArgument, "role \"\(request.role)\" is not a position") }
            target = .position(officialID: try required(request.officialID, "official_id"),
                               committeeID: try required(request.committeeID, "committee_id"), role: role)
            unit = request.committeeID
        case "member_status":
            guard let status = MemberStatus(rawValue: request.status) else { throw WireError(.invalidArgument, "status \"\(request.status)\" is not a status") }
            target = .memberStatus(memberID: try required(request.memberID, "member_id"), status: status)
            unit = nil
        default:
            throw WireError(.invalidArgument, "kind \"\(request.kind)\" cannot be ended; one of: unit, membership, position, member_status")
        }
        if let scope = caller.scopeUnit, let unit {
            guard try await context.store.unit(unit, isWithin: scope) else { throw WireError(.forbidden, "unit \(unit) is outside your scope \(scope)") }
        }
        let entry = journal(admitted, "end_record", ServerContext.nowMilliseconds())
        do {
            let record = try await context.store.write(
                journal: entry, idempotency: remembering(idempotency) { record in .endRecord(.with { $0.record = Chibo_V1_Record(record) }) }
            ) { try DomainWriter.end(target, until: until, in: $0) }
            return .with { $0.record = Chibo_V1_Record(record) }
        } catch let error as ModelError {
            throw WireError(.invalidArgument, error.message)
        }
    }

    /// Longest `search` text accepted: longer than any name, short enough to keep the LIKE pattern cheap.
    static let maxSearchCharacters = 200

    /// Refuses a filter the kind cannot honour rather than ignoring it and listing everything.
    private static func requireFilters(_ request: Chibo_V1_ListRecordsRequest, for kind: RecordKind) throws {
        guard request.search.count <= maxSearchCharacters else {
            throw WireError(.invalidArgument, "search is at most \(maxSearchCharacters) characters")
        }
        let supported = ListFilters.supported(by: kind)
        let asked: [(String, Bool)] = [
            ("search", !request.search.isEmpty), ("unit_id", !request.unitID.isEmpty),
            ("member_id", !request.memberID.isEmpty), ("official_id", !request.officialID.isEmpty),
            ("from", !request.from.isEmpty), ("until", !request.until.isEmpty),
        ]
        for (filter, given) in asked where given && !supported.contains(filter) {
            let names = supported.sorted().joined(separator: ", ")
            throw WireError(.invalidArgument, "\(kind.rawValue) records cannot be filtered by \(filter); they take: \(names.isEmpty ? "id only" : names)")
        }
    }

    // MARK: - Shared steps

    private var importLimits: Store.ImportLimits {
        let limits = context.limits
        return .init(maxChunks: limits.maxImportChunks, maxStagedBytesPerKey: limits.maxStagedBytesPerKey,
                     maxOpenImportsPerKey: limits.maxOpenImportsPerKey)
    }

    private func decode(_ records: [Chibo_V1_Record], startingAt first: Int) throws -> [DomainRecord] {
        let today = CalendarDay.today()
        return try records.enumerated().map { index, record in
            do {
                return try record.decoded(today: today)
            } catch let error as ModelError {
                throw WireError(.invalidArgument, error.message, recordIndex: first + index)
            }
        }
    }

    private static func chunkRecords(_ envelopeBytes: Data) throws -> [Chibo_V1_Record] {
        let envelope = try Chibo_V1_Envelope(serializedBytes: envelopeBytes)
        return try Chibo_V1_Request(serializedBytes: Array(envelope.body)).importChunk.records
    }

    /// Writes every record `feed` hands over in one transaction (or checks them in one that is rolled back),
    /// mapping the first failure to a wire error that names the record by its index over the whole write.
    /// `result` builds the answer from the counts of new and unchanged records; it is stored under the
    /// idempotency key in the same transaction.
    private func apply(
        count: Int, dryRun: Bool, journal: [JournalInput], dropImport: Data? = nil, idempotency: IdempotencyInput?,
        feed: @escaping @Sendable (Database, (DomainRecord) throws -> Void) throws -> Void,
        result: @escaping @Sendable (Int, Int) -> Chibo_V1_Response.OneOf_Result
    ) async throws -> Chibo_V1_Response.OneOf_Result {
        let store = context.store
        let body: @Sendable (Database) throws -> Chibo_V1_Response.OneOf_Result = { db in
            var inserted = 0
            var index = 0
            try feed(db) { record in
                do {
                    if try DomainWriter.insert(record, in: db) == .inserted { inserted += 1 }
                } catch let error as ModelError {
                    throw WireError(.invalidArgument, error.message, recordIndex: index)
                } catch let error as StoreError {
                    var wire = WireError(error)
                    wire.recordIndex = index
                    throw wire
                }
                index += 1
            }
            if let dropImport { try Store.dropStagedImport(dropImport, in: db) }
            if !dryRun { try store.appendJournal(journal, in: db) }
            return result(inserted, index - inserted)
        }
        if dryRun {
            let checked = try await store.check(body)
            if let dropImport { try await store.write(journal: nil) { try Store.dropStagedImport(dropImport, in: $0) } }
            return checked
        }
        return try await store.write(journal: nil, idempotency: remembering(idempotency) { $0 }, body)
    }

    /// A scoped key writes only records of units inside its subtree.
    private func requireScope(_ records: [DomainRecord], caller: EnrolledKey) async throws {
        guard let scope = caller.scopeUnit else { return }
        let store = context.store
        for (index, record) in records.enumerated() {
            let units: [String] = switch record {
            case .level: ["*"]
            case .unit(let u): [u.parentID ?? "*"]
            case .membership(let m): [m.cellID]
            case .position(let p): [p.committeeID]
            case .assignment(let a): a.unitIDs
            case .meeting(let m): [m.unitID]
            case .monthlyReport(let r): [r.unitID]
            case .rating(let r): [r.decidedBy]
            // Visits and recommendations belong to the meeting's unit; an unknown meeting is reported by the write.
            case .visit(let v): [try await store.meetingUnit(v.meetingID)].compactMap { $0 }
            case .recommendation(let r): [try await store.meetingUnit(r.meetingID)].compactMap { $0 }
            case .member, .memberStatus, .official: []
            }
            for unit in units {
                let inside = unit != "*" ? try await store.unit(unit, isWithin: scope) : false
                guard inside else {
                    throw WireError(.forbidden, "this key may only write records of units under \(scope)", recordIndex: index)
                }
            }
        }
    }

    private func optionalDay(_ text: String, _ field: String) throws -> CalendarDay? {
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDay(text) else { throw WireError(.invalidArgument, "\(field) \"\(text)\" is not a date") }
        return day
    }
}
