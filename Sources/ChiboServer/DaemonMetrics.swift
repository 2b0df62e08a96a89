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
}
