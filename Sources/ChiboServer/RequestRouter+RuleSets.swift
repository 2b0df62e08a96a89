import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

extension RequestRouter {
    /// Rule sets decide who is judged short, so only an admin loads one. The text is parsed before anything
    /// is written: a malformed file changes nothing and the rule set in force stays.
    func putRuleSet(
        _ request: Chibo_V1_PutRuleSetRequest, admitted: AdmittedRequest, caller: EnrolledKey,
        idempotency: IdempotencyInput?
    ) async throws
        -> Chibo_V1_RuleSetInfo
    {
        let store = context.store
        let parser = try await store.ruleSetParser()
        let set: RuleSet
        do {
            set = try parser.parse(request.source)
        } catch let error as ModelError {
            throw WireError(.invalidArgument, "rule set refused: \(error.description)", reason: error.code.rawValue)
        }
        let units = request.unitIds
        if let scope = caller.scopeUnit {
            for unit in units where try await !store.unit(unit, isWithin: scope) {
                throw WireError(.forbidden, "unit \(unit) is outside your scope \(scope)")
            }
        }
        let source = request.source
        let now = ServerContext.nowMilliseconds()
        guard !request.dryRun else { return Chibo_V1_RuleSetInfo(set, unitIDs: units, source: nil, loadedAtMs: now) }
        let keyID = caller.id
        // The answer is built inside the write's transaction, so the one stored for a retry is the one sent.
        return try await store.putRuleSet(
            set, source: source, unitIDs: units, keyID: keyID, at: now, journal: journal(admitted, "put_rule_set", now),
            idempotency: remembering(idempotency) { .ruleSet($0) },
            result: { bound in Chibo_V1_RuleSetInfo(set, unitIDs: bound, source: nil, loadedAtMs: now) })
    }

    func listRuleSets(_ request: Chibo_V1_ListRuleSetsRequest) async throws -> Chibo_V1_RuleSetList {
        let stored = try await context.store.ruleSets()
        let parser = try await context.store.ruleSetParser()
        let sets = try stored.map { item in
            Chibo_V1_RuleSetInfo(
                try item.parsed(with: parser), unitIDs: item.unitIDs,
                source: request.includeSource ? item.source : nil, loadedAtMs: item.loadedAt)
        }
        return .with { $0.ruleSets = sets }
    }
}
