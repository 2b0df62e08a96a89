import ChiboModel
import Foundation
import GRDB

/// Reads what the reports need, as model facts. Corrections are resolved here: an assignment, meeting or
/// visit that a later record corrects is replaced by the last record of its chain, so reports only ever see
/// the latest word.
enum ReportReader {
    static let notCorrected = "id NOT IN (SELECT corrects FROM %@ WHERE corrects IS NOT NULL)"

    static func effective(_ table: String) -> String { String(format: notCorrected, table) }

    static func day(_ row: Row, _ column: String) -> CalendarDay { CalendarDay(stored: row[column] as String)! }

    /// `unit IN (subtree of scope)`, or true when there is no scope.
    static func inScope(_ column: String, _ scope: String?) -> String {
        scope == nil ? "1" : "\(column) IN subtree"
    }

    static func with(_ scope: String?) -> String { scope == nil ? "" : RecordListing.subtree }

    static func arguments(_ scope: String?, _ more: [String: (any DatabaseValueConvertible)?] = [:]) -> StatementArguments {
        var all = more
        if let scope { all["unit"] = scope }
        return StatementArguments(all)
    }

    static func tree(_ db: Database) throws -> UnitTree {
        // A cursor and columns by position: most reports read the whole tree (3.400 units for a province).
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, parentID, name, level, residential, especiallyDifficult FROM unit")
        var units: [UnitFacts] = []
        while let row = try cursor.next() {
            units.append(
                UnitFacts(id: row[0], parentID: row[1], name: row[2], level: row[3], residential: row[4], especiallyDifficult: row[5]))
        }
        return UnitTree(units)
    }

    /// Levels from the top of the tree down (by the shallowest unit of each level).
    static func levels(_ db: Database, tree: UnitTree) throws -> [Level] {
        var depth: [String: Int] = [:]
        for unit in tree.units.values { depth[unit.level] = min(depth[unit.level] ?? .max, tree.depth(of: unit.id)) }
        return try Row.fetchAll(db, sql: "SELECT * FROM level").map {
            Level(code: $0["code"], nameVi: $0["nameVi"], nameEn: $0["nameEn"], holdsMembers: $0["holdsMembers"])
        }.sorted { (depth[$0.code] ?? .max, $0.code) < (depth[$1.code] ?? .max, $1.code) }
    }

    /// A parser that knows the levels in this database.
    static func ruleSetParser(_ db: Database) throws -> RuleSetParser {
        RuleSetParser(knownLevels: Set(try String.fetchAll(db, sql: "SELECT code FROM level")))
    }

    /// A stored rule set's text, parsed again; it parsed when loaded, so a failure means the database changed under it.
    static func parseStored(_ id: String, _ source: String, with parser: RuleSetParser) throws -> RuleSet {
        do { return try parser.parse(source) } catch {
            throw StoreError(.corrupt, "stored rule set \(id) no longer parses: \(error)")
        }
    }

    /// The stored quota rule sets, parsed, by the units they govern.
    static func ruleSets(_ db: Database) throws -> [String: RuleSet] {
        let parser = try ruleSetParser(db)
        var parsed: [String: RuleSet] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, source FROM ruleSet") {
            parsed[row["id"]] = try parseStored(row["id"], row["source"], with: parser)
        }
        var byUnit: [String: RuleSet] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT unitID, ruleSetID FROM ruleSetUnit") {
            byUnit[row["unitID"]] = parsed[row["ruleSetID"]]
        }
        return byUnit
    }

    /// The board's targets for a report over `scope`: those of the nearest version in `boardVersions` that has any.
    static func targets(scope: String?, period: Period, _ db: Database) throws -> [Target] {
        try boardVersions(scope: scope, period: period, db).first { !$0.targets.isEmpty }?.targets ?? []
    }

    /// What the board states for a report over `scope` (the whole tree when it has one root): the versions for
    /// `period` of the target set, then the quota rule set, of each unit from the scope up to the root, nearest
    /// first. Only those rule sets are parsed, and only the scope's lineage is read.
    static func boardVersions(scope: String?, period: Period, _ db: Database) throws -> [RuleSetVersion] {
        let roots = try String.fetchAll(db, sql: "SELECT id FROM unit WHERE parentID IS NULL LIMIT 2")
        guard let unit = scope ?? (roots.count == 1 ? roots[0] : nil) else { return [] }
        let lineage = try String.fetchAll(
            db,
            sql: """
                WITH RECURSIVE up(id, parentID, depth) AS (
                    SELECT id, parentID, 0 FROM unit WHERE id = ?
                    UNION ALL SELECT u.id, u.parentID, up.depth + 1 FROM unit u JOIN up ON u.id = up.parentID WHERE up.depth < 64)
                SELECT id FROM up ORDER BY depth
                """, arguments: [unit])
        let parser = try ruleSetParser(db)
        var versions: [RuleSetVersion] = []
        for id in lineage {
            for table in ["targetSetUnit", "ruleSetUnit"] {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT r.id, r.source FROM \(table) t JOIN ruleSet r ON r.id = t.ruleSetID WHERE t.unitID = ?",
                        arguments: [id])
                else { continue }
                if let version = try parseStored(row["id"], row["source"], with: parser).version(for: period) { versions.append(version) }
            }
        }
        return versions
    }

    static func officials(_ db: Database) throws -> [Official] {
        try Row.fetchAll(db, sql: "SELECT id, fullName, memberID FROM official ORDER BY id").map {
            try Official(id: $0["id"], fullName: $0["fullName"], memberID: $0["memberID"])
        }
    }

    static func positions(_ db: Database) throws -> [Position] {
        try Row.fetchAll(db, sql: "SELECT * FROM position ORDER BY officialID, fromDay").map {
            Position(
                officialID: $0["officialID"], committeeID: $0["committeeID"], role: PositionRole(rawValue: $0["role"])!,
                term: try RecordListing.range($0, "fromDay", "untilDay"))
        }
    }

    /// Assignments that no later record corrects.
    static func assignments(_ db: Database) throws -> [Assignment] {
        let units = Dictionary(
            grouping: try Row.fetchAll(db, sql: "SELECT assignmentID, unitID FROM assignmentUnit ORDER BY unitID"),
            by: { $0["assignmentID"] as String })
        // Every assignment, a correction too, stores its own units (the model refuses one without).
        return try Row.fetchAll(db, sql: "SELECT * FROM assignment WHERE \(effective("assignment")) ORDER BY id").map { row in
            try Assignment(
                id: row["id"], decisionNumber: row["decisionNumber"], decisionDate: day(row, "decisionDate"),
                officialID: row["officialID"], unitIDs: (units[row["id"]] ?? []).map { $0["unitID"] },
                valid: try RecordListing.range(row, "validFrom", "validUntil"),
                corrects: row["corrects"])
        }
    }

    /// The latest meeting of each corrected chain, by the id of every earlier meeting in it.
    static func meetingCorrections(_ db: Database) throws -> [String: Row] {
        // The correcting meetings' row ids come from the index on `corrects`: asked for the columns directly, SQLite
        // scans the whole table, which right after a write (the reader's page cache then dropped) was half of the
        // time of visits by level taking in a new visit.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT id, unitID, date, kind, corrects FROM meeting
                WHERE rowid IN (SELECT rowid FROM meeting WHERE corrects IS NOT NULL)
                """)
        let byCorrected = Dictionary(uniqueKeysWithValues: rows.map { ($0["corrects"] as String, $0) })
        var latest: [String: Row] = [:]
        for corrected in byCorrected.keys {
            var row = byCorrected[corrected]!
            while let next = byCorrected[row["id"]] { row = next }
            latest[corrected] = row
        }
        return latest
    }

    /// Visits no later visit corrects, each joined to the latest correction of its meeting, on days in
    /// `from...until`, to meetings of units in `scope`.
    static func visits(from: CalendarDay, until: CalendarDay, scope: String?, _ db: Database) throws -> [VisitFacts] {
        let corrections = try meetingCorrections(db)
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                \(with(scope)) SELECT v.id, v.officialID, v.meetingID, m.unitID, m.date, m.kind FROM visit v
                JOIN meeting m ON m.id = v.meetingID
                WHERE v.\(effective("visit"))
                  AND ((m.date BETWEEN :from AND :until AND \(inScope("m.unitID", scope))) OR m.corrects IS NOT NULL
                       OR m.id IN (SELECT corrects FROM meeting WHERE corrects IS NOT NULL))
                """, arguments: arguments(scope, ["from": from.iso, "until": until.iso]))
        let units =
            scope == nil
            ? nil : Set(try String.fetchAll(db, sql: "\(RecordListing.subtree) SELECT id FROM subtree", arguments: ["unit": scope]))
        // A cursor and columns by position: this runs once per visit of the year, and copying rows or looking
        // columns up by name would cost more than the rest of the report.
        var visits: [VisitFacts] = []
        while let row = try cursor.next() {
            guard let visit = visit(row, corrections, from: from, until: until), units?.contains(visit.unitID) ?? true else { continue }
            visits.append(visit)
        }
        return visits
    }

    /// The visits of the rows `rowIDs` on days in `from...until`, for kept facts to take in new visits without
    /// reading the period again; nil when one of them corrects another visit (the corrected one must go too).
    static func newVisits(rowIDs: [Int64], from: CalendarDay, until: CalendarDay, _ db: Database) throws -> [VisitFacts]? {
        guard !rowIDs.isEmpty else { return [] }
        let corrections = try meetingCorrections(db)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT v.id, v.officialID, v.meetingID, m.unitID, m.date, m.kind, v.corrects FROM visit v
                JOIN meeting m ON m.id = v.meetingID WHERE v.rowid IN (\(rowIDs.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(rowIDs))
        guard rows.allSatisfy({ ($0[6] as String?) == nil }) else { return nil }
        return rows.compactMap { visit($0, corrections, from: from, until: until) }
    }

    /// A visit row (id, official, meeting, unit, date, kind by position) at its meeting's latest correction, if
    /// that falls in `from...until`.
    private static func visit(_ row: Row, _ corrections: [String: Row], from: CalendarDay, until: CalendarDay) -> VisitFacts? {
        let meetingID: String = row[2]
        let corrected = corrections.isEmpty ? nil : corrections[meetingID]
        let date = corrected.map { day($0, "date") } ?? CalendarDay(stored: row[4] as String)!
        guard from <= date, date <= until else { return nil }
        return VisitFacts(
            visitID: row[0], officialID: row[1], meetingID: corrected?["id"] ?? meetingID, unitID: corrected?["unitID"] ?? row[3],
            date: date, meetingKind: MeetingKind(rawValue: corrected?["kind"] ?? row[5])!)
    }

    /// The memberships and exemptions of members who are officials: a visit to one's own cell may not count,
    /// and an exempt official owes nothing.
    static func officialsMembership(_ db: Database) throws -> ([Membership], [MemberStatusPeriod]) {
        let memberships = try Row.fetchAll(
            db,
            sql: """
                SELECT memberID, cellID, fromDay, untilDay FROM membership WHERE memberID IN (SELECT memberID FROM official)
                """
        ).map { Membership(memberID: $0["memberID"], cellID: $0["cellID"], days: try RecordListing.range($0, "fromDay", "untilDay")) }
        let statuses = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM memberStatus WHERE status = 'exempt' AND memberID IN (SELECT memberID FROM official)
                """
        ).map {
            try MemberStatusPeriod(
                memberID: $0["memberID"], status: .exempt, reason: $0["reason"], days: try RecordListing.range($0, "fromDay", "untilDay"))
        }
        return (memberships, statuses)
    }
}
