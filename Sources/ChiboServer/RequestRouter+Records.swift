import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

extension RequestRouter {
    func put(
        _ request: Chibo_V1_PutRecordsRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws -> Chibo_V1_Response.OneOf_Result {
        let records = try decode(request.records, startingAt: 0)
        try await requireScope(records, startingAt: 0, caller: caller)
        return try await context.store.writeRecords(
            dryRun: request.dryRun, journal: [journal(admitted, "put_records", ServerContext.nowMilliseconds())],
            idempotency: remembering(idempotency) { $0 },
            feed: { sink in for record in records { try sink.insert(record) } },
            result: { counts in
                .putRecords(
                    .with {
                        $0.inserted = UInt32(counts.inserted); $0.unchanged = UInt32(counts.unchanged)
                    })
            })
    }

    func importChunk(
        _ request: Chibo_V1_ImportChunkRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws -> Chibo_V1_Response.OneOf_Result {
        guard request.importID.count == 16 else { throw WireError(.invalidArgument, "import_id must be 16 bytes") }
        let store = context.store
        let now = ServerContext.nowMilliseconds()
        let envelope = try admitted.envelope.serializedData()
        let stagedRecords = try await turn(of: request)
        guard request.last else {
            do {
                // A scoped key learns at once that a chunk leaves its scope (before anything is staged); everything
                // else is checked once, on apply.
                if caller.scopeUnit != nil {
                    do {
                        try await requireScope(
                            try decode(request.records, startingAt: stagedRecords), startingAt: stagedRecords, caller: caller)
                    } catch {
                        try await store.dropImport(request.importID)
                        throw error
                    }
                }
                let staged = try await store.stageImportChunk(
                    importID: request.importID, chunkIndex: Int(request.chunkIndex), keyID: caller.id, envelope: envelope,
                    recordCount: request.records.count, at: now, limits: importLimits,
                    idempotency: remembering(idempotency) { staged in .importChunk(.with { $0.staged = UInt32(staged) }) })
                context.importFailures.staged(request.importID, chunk: Int(request.chunkIndex))
                return .importChunk(.with { $0.staged = UInt32(staged) })
            } catch {
                context.importFailures.failed(request.importID, chunk: Int(request.chunkIndex))
                throw error
            }
        }
        // The staged chunks were checked against a scoped key's subtree as they arrived; the last is checked
        // now. Then everything is applied in one transaction, one staged chunk at a time, so memory holds one
        // chunk however large the import.
        let last = try decode(request.records, startingAt: stagedRecords)
        try await requireScope(last, startingAt: stagedRecords, caller: caller)
        defer { MemoryTrim.soon() }
        let chunkIndex = Int(request.chunkIndex)
        let (keyID, importID, requestID) = (caller.id, request.importID, admitted.request.requestID)
        let today = CalendarDay.today()
        let lastEntry = JournalInput(
            keyID: keyID, requestID: requestID, operation: "import_chunk \(chunkIndex)", envelope: envelope, at: now)
        return try await store.writeRecords(
            dryRun: request.dryRun, journal: [lastEntry], dropImport: importID, idempotency: remembering(idempotency) { $0 },
            feed: { sink in
                // Every chunk's envelope is journalled with the write it contributed to.
                try sink.stagedChunks(importID, nextChunk: chunkIndex, keyID: keyID) { index, bytes in
                    for record in try Self.chunkRecords(bytes) {
                        // Staged chunks were not decoded on arrival (unless the key is scoped): a bad one is named here.
                        do { try sink.insert(try record.decoded(today: today)) } catch let failure as RecordFailure { throw failure } catch
                        {
                            throw RecordFailure(index: sink.index, underlying: error)
                        }
                    }
                    try sink.journal([
                        JournalInput(keyID: keyID, requestID: requestID, operation: "import_chunk \(index)", envelope: bytes, at: now)
                    ])
                }
                for record in last { try sink.insert(record) }
            },
            result: { counts in
                .importChunk(
                    .with {
                        $0.staged = UInt32(stagedRecords + last.count)
                        $0.applied = true
                        $0.inserted = UInt32(counts.inserted)
                        $0.unchanged = UInt32(counts.unchanged)
                    })
            })
    }

    func list(_ request: Chibo_V1_ListRecordsRequest, caller: EnrolledKey) async throws -> Chibo_V1_ListRecordsResponse {
        var unitID = request.unitID.isEmpty ? nil : request.unitID
        if let scope = caller.scopeUnit {
            if let asked = unitID {
                guard try await context.store.unit(asked, isWithin: scope) else {
                    throw WireError(.forbidden, "unit \(asked) is outside your scope \(scope)")
                }
            } else {
                unitID = scope
            }
        }
        let offset = request.pageToken.isEmpty ? 0 : Int(request.pageToken) ?? -1
        guard offset >= 0 else { throw WireError(.invalidArgument, "page_token is not one this daemon gave") }
        let limit = request.limit == 0 ? ProtocolLimits.defaultPageSize : Int(request.limit)
        guard limit <= ProtocolLimits.maxPageSize else {
            throw WireError(.invalidArgument, "limit is at most \(ProtocolLimits.maxPageSize)")
        }
        let filter = RecordFilter(
            kind: RecordKind(rawValue: request.kind), id: request.id.isEmpty ? nil : request.id,
            search: request.search.isEmpty ? nil : request.search, unitID: unitID,
            memberID: request.memberID.isEmpty ? nil : request.memberID, officialID: request.officialID.isEmpty ? nil : request.officialID,
            from: try optionalDay(request.from, "from"), until: try optionalDay(request.until, "until"), limit: limit, offset: offset)
        let (records, total) = try await context.store.list(filter)
        return try .with {
            $0.records = try records.map(Chibo_V1_Record.init)
            $0.total = UInt32(total)
            $0.nextPageToken = offset + records.count < total ? String(offset + records.count) : ""
        }
    }

    func end(
        _ request: Chibo_V1_EndRecordRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws -> Chibo_V1_EndRecordResponse {
        let (target, unit, until) = try Self.endTarget(request)
        if let scope = caller.scopeUnit, let unit {
            guard try await context.store.unit(unit, isWithin: scope) else {
                throw WireError(.forbidden, "unit \(unit) is outside your scope \(scope)")
            }
        }
        let record = try await context.store.end(
            target, until: until, journal: journal(admitted, "end_record", ServerContext.nowMilliseconds()),
            idempotency: remembering(idempotency) { record in .endRecord(try .with { $0.record = try Chibo_V1_Record(record) }) })
        return try .with { $0.record = try Chibo_V1_Record(record) }
    }

    /// What an end_record request ends, the unit a scoped key must hold for it (none for a member's status),
    /// and the day.
    static func endTarget(_ request: Chibo_V1_EndRecordRequest) throws -> (DomainWriter.EndTarget, unit: String?, until: CalendarDay) {
        guard let until = CalendarDay(request.until) else { throw WireError(.invalidArgument, "until \"\(request.until)\" is not a date") }
        func required(_ value: String, _ name: String) throws -> String {
            guard !value.isEmpty else { throw WireError(.invalidArgument, "\(name) is empty") }
            return value
        }
        let target: DomainWriter.EndTarget
        let unit: String?
        switch RecordKind(rawValue: request.kind) {
        case .unit:
            target = .unit(id: try required(request.id, "id"))
            unit = request.id
        case .membership:
            target = .membership(memberID: try required(request.memberID, "member_id"), cellID: try required(request.cellID, "cell_id"))
            unit = request.cellID
        case .position:
            guard let role = PositionRole(rawValue: request.role) else {
                throw WireError(.invalidArgument, "role \"\(request.role)\" is not a position")
            }
            target = .position(
                officialID: try required(request.officialID, "official_id"),
                committeeID: try required(request.committeeID, "committee_id"), role: role)
            unit = request.committeeID
        case .memberStatus:
            guard let status = MemberStatus(rawValue: request.status) else {
                throw WireError(.invalidArgument, "status \"\(request.status)\" is not a status")
            }
            target = .memberStatus(memberID: try required(request.memberID, "member_id"), status: status)
            unit = nil
        default:
            throw WireError(.invalidArgument, "kind \"\(request.kind)\" cannot be ended; one of: unit, membership, position, member_status")
        }
        return (target, unit, until)
    }

    // MARK: - Shared steps

    private var importLimits: Store.ImportLimits {
        let limits = context.limits
        return .init(
            maxChunks: limits.maxImportChunks, maxStagedBytesPerKey: limits.maxStagedBytesPerKey,
            maxOpenImportsPerKey: limits.maxOpenImportsPerKey)
    }

    /// Waits until the chunks before this one are staged, at most `importChunkWait`, and returns how many records
    /// they hold. Since 1.4 a client may send an import's chunks without waiting for each answer, and a
    /// connection's requests run at once, so a chunk may get here before the one ahead of it is committed. The
    /// staged chunks in the database are what counts, as for a chunk sent on another connection; one still behind
    /// after the wait is refused by the store as out of order, and one behind a chunk that failed is refused now.
    private func turn(of request: Chibo_V1_ImportChunkRequest) async throws -> Int {
        let deadline = ContinuousClock.now + .nanoseconds(context.limits.importChunkWait.nanoseconds)
        let chunk = Int(request.chunkIndex)
        while true {
            let staged = try await context.store.staged(importID: request.importID)
            if staged.chunks < chunk, let failed = context.importFailures.failure(of: request.importID, before: chunk) {
                throw WireError(.conflict, "chunk \(failed) of this import failed, so chunk \(chunk) was not staged")
            }
            // The chunk ahead is usually being staged right now: it takes milliseconds.
            guard staged.chunks < chunk, ContinuousClock.now < deadline else { return staged.records }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Decodes records, naming a bad one by its index over the whole import.
    private func decode(_ records: [Chibo_V1_Record], startingAt first: Int) throws -> [any DomainRecord] {
        let today = CalendarDay.today()
        return try records.enumerated().map { index, record in
            do { return try record.decoded(today: today) } catch { throw RecordFailure(index: first + index, underlying: error) }
        }
    }

    private static func chunkRecords(_ envelopeBytes: Data) throws -> [Chibo_V1_Record] {
        let envelope = try Chibo_V1_Envelope(serializedBytes: envelopeBytes)
        return try Chibo_V1_Request(serializedBytes: Array(envelope.body)).importChunk.records
    }

    /// A scoped key writes only records of units inside its subtree.
    private func requireScope(_ records: [any DomainRecord], startingAt first: Int, caller: EnrolledKey) async throws {
        guard let scope = caller.scopeUnit, let index = try await context.store.firstOutOfScope(records, scope: scope) else { return }
        throw WireError(.forbidden, "this key may only write records of units under \(scope)", recordIndex: first + index)
    }

    private func optionalDay(_ text: String, _ field: String) throws -> CalendarDay? {
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDay(text) else { throw WireError(.invalidArgument, "\(field) \"\(text)\" is not a date") }
        return day
    }
}
