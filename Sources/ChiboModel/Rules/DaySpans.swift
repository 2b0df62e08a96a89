/// A set of days kept as sorted, disjoint runs of day ordinals: how many days an official was bound by a
/// rule is an intersection of positions, assignments and excused periods, computed without walking days.
struct DaySpans: Equatable {
    private(set) var runs: [ClosedRange<Int>]

    init(_ ranges: [ClosedRange<Int>] = []) {
        var merged: [ClosedRange<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        runs = merged
    }

    /// The days of `ranges` from `first` through `last` (day ordinals).
    init(_ ranges: [DayRange], from first: Int, through last: Int) {
        self.init(
            ranges.compactMap { range in
                let lower = max(range.start.ordinal, first)
                let upper = min(range.end?.ordinal ?? Int.max, last)
                return lower <= upper ? lower...upper : nil
            })
    }

    /// The days from `first` through `last` only.
    func clipped(from first: Int, through last: Int) -> DaySpans {
        var result = DaySpans()
        for run in runs where run.lowerBound <= last && run.upperBound >= first {
            result.runs.append(max(run.lowerBound, first)...min(run.upperBound, last))
        }
        return result
    }

    var count: Int { runs.reduce(0) { $0 + $1.count } }
    var isEmpty: Bool { runs.isEmpty }
    /// The last day's ordinal, if any.
    var last: Int? { runs.last?.upperBound }

    func contains(_ day: CalendarDay) -> Bool { runs.contains { $0.contains(day.ordinal) } }

    func intersection(_ other: DaySpans) -> DaySpans {
        var result: [ClosedRange<Int>] = []
        for a in runs {
            for b in other.runs where a.overlaps(b) {
                result.append(max(a.lowerBound, b.lowerBound)...min(a.upperBound, b.upperBound))
            }
        }
        return DaySpans(result)
    }

    func subtracting(_ other: DaySpans) -> DaySpans {
        var result = runs
        for cut in other.runs {
            result = result.flatMap { run -> [ClosedRange<Int>] in
                guard run.overlaps(cut) else { return [run] }
                var pieces: [ClosedRange<Int>] = []
                if run.lowerBound < cut.lowerBound { pieces.append(run.lowerBound...(cut.lowerBound - 1)) }
                if cut.upperBound < run.upperBound { pieces.append((cut.upperBound + 1)...run.upperBound) }
                return pieces
            }
        }
        return DaySpans(result)
    }
}
