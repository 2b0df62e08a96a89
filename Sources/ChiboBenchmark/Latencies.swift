/// Latency samples and their percentiles (nearest-rank).
struct Latencies {
    private(set) var samples: [Duration] = []

    mutating func append(_ sample: Duration) { samples.append(sample) }
    mutating func append(contentsOf other: Latencies) { samples.append(contentsOf: other.samples) }

    func percentile(_ p: Double) -> Duration {
        guard !samples.isEmpty else { return .zero }
        let sorted = samples.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    static func milliseconds(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return ms < 10 ? String(format: "%.3f ms", ms) : String(format: "%.1f ms", ms)
    }
}
