import ChiboModel
import Foundation

/// Reports and rule sets between the model and the wire.
extension Chibo_V1_ReportResponse {
    public init(_ report: Report, elapsedMicroseconds: Int) {
        self.init()
        kind = report.kind.rawValue
        period = report.period
        elapsedUs = UInt32(clamping: elapsedMicroseconds)
        tables = report.tables.map { table in
            .with {
                $0.key = table.key
                $0.columns = table.columns
                $0.rows = table.rows.map { row in .with { $0.values = row.map(Chibo_V1_ReportValue.init) } }
            }
        }
    }

    /// The report as model values; refuses a value this client does not know. A kind it does not know (a
    /// newer daemon's report) is shown under its code.
    public func model() throws -> Report {
        Report(
            kind: ReportKind(rawValue: kind), period: period,
            tables: try tables.map { table in
                ReportTable(key: table.key, columns: table.columns, rows: try table.rows.map { try $0.values.map { try $0.model() } })
            })
    }
}

extension Chibo_V1_ReportValue {
    init(_ value: ReportValue) {
        self.init()
        switch value {
        case .text(let text): self.text = text
        case .integer(let number): integer = Int64(number)
        case .ratio(let part, let whole):
            ratio = .with {
                $0.part = UInt64(part); $0.whole = UInt64(whole)
            }
        case .hundredths(let number): hundredths = Int64(number)
        case .day(let day): self.day = day.iso
        case .flag(let flag): self.flag = flag
        case .coded(let code, let label):
            coded = .with {
                $0.code = code; $0.label = label
            }
        case .none: break
        }
    }

    func model() throws -> ReportValue {
        switch value {
        case .text(let text): return .text(text)
        case .integer(let number): return .integer(Int(number))
        case .ratio(let ratio): return .ratio(part: Int(ratio.part), whole: Int(ratio.whole))
        case .hundredths(let number): return .hundredths(Int(number))
        case .day(let text):
            guard let day = CalendarDay(text) else { throw WireError(.invalidArgument, "report day \"\(text)\" is not yyyy-MM-dd") }
            return .day(day)
        case .flag(let flag): return .flag(flag)
        case .coded(let coded): return .coded(code: coded.code, label: coded.label)
        case nil: return .none
        }
    }
}

extension Chibo_V1_RuleSetInfo {
    public init(_ set: RuleSet, unitIDs: [String], source: String?, loadedAtMs: Int64) {
        self.init()
        id = set.id
        title = set.title
        self.unitIds = unitIDs
        versions = set.versions.map { version in
            .with {
                $0.from = version.effective.start.iso
                $0.until = version.effective.end?.iso ?? ""
                $0.rules = UInt32(version.rules.count)
            }
        }
        self.source = source ?? ""
        self.loadedAtMs = loadedAtMs
    }
}
