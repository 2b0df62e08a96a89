import ChiboClient
import ChiboModel
import Foundation
import Testing

/// The docs' tables follow the registries: a kind or report registered without its row fails here.
@Suite struct DocsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func rows(_ path: String) throws -> [String] {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("| `") }.map(String.init)
    }

    @Test func everyReportHasARowInTheReportsDoc() throws {
        let rows = try rows("docs/reports.md")
        for report in ReportKinds.all {
            #expect(rows.contains { $0.hasPrefix("| `\(report.kind.rawValue)`") }, "docs/reports.md has no row for \(report.kind)")
        }
    }

    @Test func everyImportFormHasARowInTheImportDoc() throws {
        let rows = try rows("docs/import.md")
        for kind in ImportKind.allCases {
            #expect(rows.contains { $0.hasPrefix("| `\(kind.rawValue)`") }, "docs/import.md has no row for \(kind)")
        }
    }

    @Test func everyRecordKindIsInTheProtocol() throws {
        let spec = try String(contentsOf: Self.root.appendingPathComponent("Proto/PROTOCOL.md"), encoding: .utf8)
        for type in RecordKinds.all {
            #expect(spec.contains("(`\(type.kind.rawValue)`"), "PROTOCOL.md §7.3 has no message row for \(type.kind)")
        }
    }
}
