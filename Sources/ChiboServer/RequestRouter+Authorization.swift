import ChiboModel
import ChiboStore
import ChiboWire

extension RequestRouter {
    /// Which roles may ask for which operation: the one place roles are checked, before anything else is
    /// done for the request. Scopes (which units a key may touch) are checked by each operation against the
    /// records it reads or writes, since only it knows them.
    static func authorize(_ operation: Chibo_V1_Request.OneOf_Operation?, caller: EnrolledKey) throws {
        let role = caller.role
        if role == .reporter {
            // A lower daemon's key sends its own journal up and reads how far it got; it reads nothing else.
            switch operation {
            case .status, .upstreamApply, .upstreamStatus: return
            default: throw WireError(.forbidden, "a reporter key only sends its daemon's journal up")
            }
        }
        switch operation {
        case .enrolKey, .revokeKey:
            // Keys decide who may do anything at all: only an admin over the whole tree manages them.
            guard role == .admin, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin key with no scope may manage keys")
            }
        case .putRecords, .importChunk, .endRecord:
            guard role == .admin || role == .clerk else {
                throw WireError(.forbidden, "a key with role \(role.rawValue) cannot write records")
            }
        case .putRuleSet:
            // Rule sets decide who is judged short.
            guard role == .admin else { throw WireError(.forbidden, "only an admin key can load a rule set") }
        case .backup:
            // A backup is every record of the whole tree.
            guard role == .admin, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin key with no scope may take a backup")
            }
        case .auditVerify, .auditShow:
            // The journal holds every signed request of the whole tree, so a scoped key cannot read it.
            guard role == .admin || role == .auditor, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin or auditor key with no scope may read the journal")
            }
        case .upstreamExport:
            // A bundle is the whole journal: every signed request of the whole tree.
            guard role == .admin, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin key with no scope may export the journal")
            }
        case .upstreamApply:
            guard role == .admin, caller.scopeUnit == nil else {
                throw WireError(.forbidden, "only an admin key with no scope, or the lower daemon itself, may apply a bundle")
            }
        case .upstreamStatus:
            guard caller.scopeUnit == nil else { throw WireError(.forbidden, "only a key with no scope may see the lower daemons") }
        case .status, .listKeys, .listRecords, .listRuleSets, .report, nil:
            break
        }
    }
}
