import ChiboModel

extension Chibo_V1_Request.OneOf_Operation {
    /// The operation's field name in `Request.operation` (messages.proto), as logs, metrics and the journal
    /// name it.
    public var name: String {
        switch self {
        case .status: "status"
        case .enrolKey: "enrol_key"
        case .revokeKey: "revoke_key"
        case .listKeys: "list_keys"
        case .putRecords: "put_records"
        case .importChunk: "import_chunk"
        case .listRecords: "list_records"
        case .endRecord: "end_record"
        case .putRuleSet: "put_rule_set"
        case .listRuleSets: "list_rule_sets"
        case .report: "report"
        case .auditVerify: "audit_verify"
        case .auditShow: "audit_show"
        case .backup: "backup"
        case .upstreamExport: "upstream_export"
        case .upstreamApply: "upstream_apply"
        case .upstreamStatus: "upstream_status"
        }
    }

    /// Whether the operation changes what the daemon stores (a dry run does not): what needs an idempotency
    /// key (PROTOCOL.md §7.1).
    public var writes: Bool {
        switch self {
        case .putRecords(let request): !request.dryRun
        case .importChunk(let request): !request.dryRun
        case .putRuleSet(let request): !request.dryRun
        case .endRecord, .enrolKey, .revokeKey: true
        // A bundle carries its own identity (the lower daemon and its seq range): sent again, it changes nothing.
        case .upstreamApply: false
        case .status, .listKeys, .listRecords, .listRuleSets, .report, .auditVerify, .auditShow, .backup, .upstreamExport,
            .upstreamStatus:
            false
        }
    }
}

extension Chibo_V1_AuditShowRequest {
    /// The kinds of record `audit_show` finds changes of (PROTOCOL.md §7.7).
    public static let kinds = RecordKinds.all.filter { $0.hasCode }.map { $0.kind.rawValue } + ["rule_set", "key"]
}
