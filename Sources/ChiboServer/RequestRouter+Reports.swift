import ChiboModel
import ChiboStore
import ChiboWire
import Foundation

extension RequestRouter {
    func report(_ request: Chibo_V1_ReportRequest, caller: EnrolledKey) async throws -> Chibo_V1_ReportResponse {
        guard let definition = ReportKinds.definition(ReportKind(rawValue: request.kind)) else {
            throw WireError(.invalidArgument, "report \"\(request.kind)\" is not one of: \(ReportKinds.names)")
        }
        guard let language = request.language.isEmpty ? .vi : Language(rawValue: request.language) else {
            throw WireError(.invalidArgument, "language \"\(request.language)\" is not vi or en")
        }
        let today = CalendarDay.today()
        let period: Period
        if request.period.isEmpty {
            period = Period.containing(today, kind: definition.defaultPeriod)
        } else {
            guard let parsed = Period(request.period) else {
                throw WireError(
                    .invalidArgument,
                    "period \"\(request.period)\" is not a year (2025), half (2025-H1), quarter (2025-Q2) or month (2025-05)")
            }
            period = parsed
        }
        var scope = request.unitID.isEmpty ? nil : request.unitID
        let store = context.store
        if let asked = scope, try await !store.unitExists(asked) { throw WireError(.notFound, "unit \(asked) does not exist") }
        if let own = caller.scopeUnit {
            if let asked = scope {
                guard try await store.unit(asked, isWithin: own) else {
                    throw WireError(.forbidden, "unit \(asked) is outside your scope \(own)")
                }
            } else {
                scope = own
            }
        }
        let options = ReportOptions(
            kind: definition.kind, period: period, today: today, scope: scope,
            officialID: request.officialID.isEmpty ? nil : request.officialID, details: request.details,
            targetPercent: request.targetPercent == 0 ? nil : Int(request.targetPercent),
            reportDueDay: request.reportDueDay == 0 ? ReportDefaults.reportDueDay : Int(request.reportDueDay), language: language)
        guard (1...100).contains(options.targetPercent ?? 1) else { throw WireError(.invalidArgument, "target_percent must be 1 to 100") }
        guard (1...28).contains(options.reportDueDay) else { throw WireError(.invalidArgument, "report_due_day must be 1 to 28") }
        let started = ContinuousClock.now
        let report = try await store.report(options)
        let elapsed = ContinuousClock.now - started
        if MemoryTrim.worthIt(rows: report.tables.reduce(0) { $0 + $1.rows.count }) { MemoryTrim.soon() }
        return Chibo_V1_ReportResponse(
            report,
            elapsedMicroseconds: Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000))
    }
}
