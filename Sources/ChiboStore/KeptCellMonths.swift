import ChiboModel
import GRDB
import Synchronization

/// The cells' months of a year (`cellMonth`: 38.000 rows for a province), kept between the reports that read them
/// (participation, quality, regularity), for any period of the year and any scope. Reading and decoding them was
/// a third of each of those reports, and after any write all of it: a commit empties every reader's page cache.
///
/// What is kept goes with the last row id of `CellMonthChanges`' log when it was read. A report reads that id in its
/// own snapshot: the same id means the same rows; a newer one within reach of the log means only the months the log
/// names since are read again; anything else reads the year again. Nothing of this depends on the order in which
/// writes and reports run.
///
/// The rows are kept compact (44 bytes, against 128 for a `CellMonthFacts`): a province's year takes 1,7 MB.
final class KeptCellMonths: Sendable {
    /// One cell month, its unit by its place in `Year.units`.
    private struct Compact {
        var unit: Int32
        var month: Int32
        var meetings, regular, present, expected, scored, scoreTotal, counted, speakers: Int32
        /// The report's day as yyyymmdd, 0 for none.
        var submitted: Int32

        init?(_ facts: CellMonthFacts, unit: Int32) {
            guard let meetings = Int32(exactly: facts.meetings), let regular = Int32(exactly: facts.regular),
                let present = Int32(exactly: facts.present), let expected = Int32(exactly: facts.expected),
                let scored = Int32(exactly: facts.scored), let scoreTotal = Int32(exactly: facts.scoreTotal),
                let counted = Int32(exactly: facts.counted), let speakers = Int32(exactly: facts.speakers)
            else { return nil }
            (self.unit, self.month) = (unit, Int32(facts.month.index))
            (self.meetings, self.regular, self.present, self.expected) = (meetings, regular, present, expected)
            (self.scored, self.scoreTotal, self.counted, self.speakers) = (scored, scoreTotal, counted, speakers)
            submitted = facts.reportSubmittedOn.map { Int32($0.year * 10_000 + $0.month * 100 + $0.day) } ?? 0
        }

        var reportSubmittedOn: CalendarDay? {
            submitted == 0
                ? nil : CalendarDay(year: Int(submitted / 10_000), month: Int(submitted / 100 % 100), day: Int(submitted % 100))
        }
    }

    private struct Year {
        let year: Int
        /// The log's last row id when these rows were read or brought up to date.
        var version: Int64
        var units: [String] = []
        var unitNumbers: [String: Int32] = [:]
        /// In the table's key order: by month, then unit ID (as SQLite orders text, by its bytes).
        var rows: [Compact] = []

        init(year: Int, version: Int64) {
            self.year = year
            self.version = version
        }

        mutating func number(_ unitID: String) -> Int32 {
            if let known = unitNumbers[unitID] { return known }
            let number = Int32(units.count)
            units.append(unitID)
            unitNumbers[unitID] = number
            return number
        }

        func precedes(_ a: Compact, _ b: Compact) -> Bool {
            a.month != b.month ? a.month < b.month : units[Int(a.unit)].utf8.lexicographicallyPrecedes(units[Int(b.unit)].utf8)
        }

        /// Where the row of `month` and `unitID` is, or would go.
        func place(month: Int32, unitID: String) -> (index: Int, found: Bool) {
            var (low, high) = (0, rows.count)
            while low < high {
                let middle = (low + high) / 2
                let row = rows[middle]
                let before =
                    row.month != month ? row.month < month : units[Int(row.unit)].utf8.lexicographicallyPrecedes(unitID.utf8)
                if before { low = middle + 1 } else { high = middle }
            }
            let found = low < rows.count && rows[low].month == month && units[Int(rows[low].unit)].utf8.elementsEqual(unitID.utf8)
            return (low, found)
        }
    }

    private struct State {
        var years: [Year] = []
        var fullReads = 0
        var catchUps = 0
    }

    /// Years kept at once: this one and the one before, for a board's usual reports.
    static let capacity = 2
    /// Beyond this many changes since a year was kept, it is read again instead.
    static let catchUpLimit = 1024

    private let state = Mutex(State())

    /// How many times a year has been read in whole, and brought up to date from the log, for tests.
    var reads: (full: Int, catchUps: Int) { state.withLock { ($0.fullReads, $0.catchUps) } }

    /// The cell months of `period` whose unit `includes` (every unit if nil), as of `db`'s snapshot, by month, then unit.
    func months(_ period: Period, including includes: ((String) -> Bool)? = nil, _ db: Database) throws -> [CellMonthFacts] {
        let year = try self.year(period.year, db)
        let months = period.months.map(\.index)
        let (first, last) = (Int32(months.first!), Int32(months.last!))
        var included = [Bool?](repeating: nil, count: year.units.count)
        var next = year.place(month: first, unitID: "").index
        var facts: [CellMonthFacts] = []
        facts.reserveCapacity(year.rows.count * months.count / 12)
        let calendar = months.map { CalendarMonth(index: $0) }
        while next < year.rows.count, year.rows[next].month <= last {
            let row = year.rows[next]
            next += 1
            let unit = Int(row.unit)
            if let includes {
                if included[unit] == nil { included[unit] = includes(year.units[unit]) }
                guard included[unit]! else { continue }
            }
            facts.append(
                CellMonthFacts(
                    unitID: year.units[unit], month: calendar[Int(row.month - first)], meetings: Int(row.meetings),
                    regular: Int(row.regular), present: Int(row.present), expected: Int(row.expected), scored: Int(row.scored),
                    scoreTotal: Int(row.scoreTotal), counted: Int(row.counted), speakers: Int(row.speakers),
                    reportSubmittedOn: row.reportSubmittedOn))
        }
        return facts
    }

    /// The year's rows as of `db`'s snapshot: those kept, brought up to date, or read again.
    private func year(_ year: Int, _ db: Database) throws -> Year {
        let log = try Row.fetchOne(db, sql: "SELECT MIN(rowid), MAX(rowid) FROM cellMonthChange")
        let (oldest, version) = (log?[0] as Int64? ?? 0, log?[1] as Int64? ?? 0)
        let kept = state.withLock { state in state.years.first { $0.year == year } }
        if let kept, kept.version == version { return kept }
        var current: Year
        // The log holds every change since the kept version only if its oldest row is at most the next one.
        if var kept, kept.version < version, oldest <= kept.version + 1, version - kept.version <= Self.catchUpLimit,
            try catchUp(&kept, to: version, db)
        {
            current = kept
            state.withLock { $0.catchUps += 1 }
        } else {
            current = try read(year, version: version, db)
            state.withLock { $0.fullReads += 1 }
        }
        state.withLock { state in
            if let index = state.years.firstIndex(where: { $0.year == year }) {
                // A report of an older snapshot does not replace what a newer one kept.
                guard state.years[index].version <= current.version else { return }
                state.years.remove(at: index)
            }
            state.years.append(current)
            if state.years.count > Self.capacity { state.years.removeFirst() }
        }
        return current
    }

    private func read(_ year: Int, version: Int64, _ db: Database) throws -> Year {
        var kept = Year(year: year, version: version)
        let facts = try ReportReader.cellMonths(Period(kind: .year, year: year, index: 1)!, scope: nil, db)
        kept.rows.reserveCapacity(facts.count)
        for fact in facts {
            guard let row = Compact(fact, unit: kept.number(fact.unitID)) else {
                throw StoreError(.corrupt, "cellMonth holds sums too large for unit \(fact.unitID) in \(fact.month.iso)")
            }
            kept.rows.append(row)
        }
        // The reader promises no order (it gives the key's); a sort of rows already in order costs a pass over them.
        let order = kept
        kept.rows.sort { order.precedes($0, $1) }
        return kept
    }

    /// Reads again the months of `year` the log names after its version, up to `version`; false if it cannot.
    private func catchUp(_ year: inout Year, to version: Int64, _ db: Database) throws -> Bool {
        let changed = try Row.fetchAll(
            db,
            sql: "SELECT DISTINCT month, unitID FROM cellMonthChange WHERE rowid > ? AND rowid <= ? AND month BETWEEN ? AND ?",
            arguments: [
                year.version, version, CalendarMonth(year: year.year, month: 1)!.iso, CalendarMonth(year: year.year, month: 12)!.iso,
            ])
        for row in changed {
            guard let month = CalendarMonth(row[0] as String) else { return false }
            let unitID: String = row[1]
            let sums = try ReportReader.cellMonth(month, unitID: unitID, db)
            let (index, found) = year.place(month: Int32(month.index), unitID: unitID)
            if let sums {
                guard let compact = Compact(sums, unit: year.number(unitID)) else { return false }
                if found { year.rows[index] = compact } else { year.rows.insert(compact, at: index) }
            } else if found {
                year.rows.remove(at: index)
            }
        }
        year.version = version
        return true
    }
}
