import ChiboWire
import Metrics

/// What the daemon counts, through swift-metrics: nothing is kept unless a backend is bootstrapped
/// (`chibod run --metrics` bootstraps Prometheus). Names and labels are listed in docs/operations.md.
enum DaemonMetrics {
    static func request(_ operation: String, code: String, duration: Duration) {
        Counter(label: "chibo_requests_total", dimensions: [("operation", operation), ("code", code)]).increment()
        let (seconds, attoseconds) = duration.components
        Timer(label: "chibo_request_duration_seconds", dimensions: [("operation", operation)])
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    static func connections(total: Int, unauthenticated: Int) {
        Gauge(label: "chibo_connections", dimensions: [("state", "authenticated")]).record(total - unauthenticated)
        Gauge(label: "chibo_connections", dimensions: [("state", "unauthenticated")]).record(unauthenticated)
    }

    static func refused(_ limit: String) {
        Counter(label: "chibo_connections_refused_total", dimensions: [("limit", limit)]).increment()
    }

    static func storage(journalEntries: Int, databaseBytes: Int) {
        Gauge(label: "chibo_journal_entries").record(journalEntries)
        Gauge(label: "chibo_database_bytes").record(databaseBytes)
    }

    /// The operation's field name in `Request.operation`, the label requests are counted by.
    static func name(_ operation: Chibo_V1_Request.OneOf_Operation?) -> String {
        switch operation {
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
        case nil: "unknown"
        }
    }
}
