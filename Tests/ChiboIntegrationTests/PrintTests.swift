import Foundation
import Testing

/// The printable forms (`--format html`), made by the real chibo against the real daemon on the demo data, printed
/// to PDF by headless Chromium (scripts/test.sh installs it with poppler-utils) and read back with pdftotext.
@Suite(.timeLimit(.minutes(4))) struct PrintTests {
    static func tool(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        Issue.record("\(name) is not installed; scripts/test.sh installs it (chromium, poppler-utils)")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Prints `html` to PDF; returns the page count, the page size line and the text.
    func print(_ html: String, _ name: String, in daemon: TestDaemon) async throws -> (pages: Int, size: String, text: String) {
        let page = daemon.root.appendingPathComponent("\(name).html")
        let pdf = daemon.root.appendingPathComponent("\(name).pdf")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let chromium = try await Subprocess.run(
            try Self.tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=\(daemon.root.appendingPathComponent("chromium").path)", "--print-to-pdf=\(pdf.path)", page.absoluteString,
            ], directory: daemon.root)
        #expect(chromium.status == 0, "\(chromium.stderr)")
        let info = try await Subprocess.run(try Self.tool("pdfinfo"), [pdf.path], directory: daemon.root)
        let lines = info.stdout.split(separator: "\n")
        let pages = Int(lines.first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        let size = String(lines.first { $0.hasPrefix("Page size:") } ?? "")
        let text = try await Subprocess.run(try Self.tool("pdftotext"), ["-layout", pdf.path, "-"], directory: daemon.root).stdout
        return (pages, size, text)
    }

    @Test func theThreeFormsPrintOnA4WithTheirVietnameseTextIntact() async throws {
        try await withDaemon { daemon in
            try await daemon.loadDemoWithTheBoardsRules()
            let forms: [(name: String, arguments: [String], expected: [String])] = [
                (
                    "monthly",
                    [
                        "regularity", "--period", "2025-05", "--unit", "HB.D01.X01", "--superior", "Đảng bộ huyện Lương Sơn", "--number",
                        "12-BC/ĐU", "--place", "Yên Bình", "--date", "05/06/2025", "--signer-title", "T/M ĐẢNG ỦY", "--signer-title",
                        "BÍ THƯ", "--signer", "Bùi Thị Hằng",
                    ],
                    [
                        "ĐẢNG BỘ XÃ YÊN BÌNH 1-1", "Yên Bình, ngày 05 tháng 06 năm 2025", "Tình hình sinh hoạt chi bộ tháng 05/2025",
                        "Báo cáo tháng chậm hoặc không gửi", "Tỷ lệ đảng viên dự sinh hoạt theo tháng", "Xếp loại chất lượng",
                        "Bùi Thị Hằng",
                    ]
                ),
                (
                    "compliance",
                    [
                        "compliance", "--period", "2025-Q2", "--unit", "HB.D01", "--number", "45-BC/HU", "--place", "Lương Sơn",
                        "--date", "05/07/2025",
                    ],
                    [
                        "ĐẢNG BỘ HUYỆN LƯƠNG SƠN", "Lương Sơn, ngày 05 tháng 07 năm 2025",
                        "Thực hiện quy định dự sinh hoạt chi bộ quý II/2025",
                        "Đảng ủy cơ sở", "Theo cấp ủy", "Đảng bộ xã Yên Bình 1-1", "T/M BAN THƯỜNG VỤ",
                    ]
                ),
                (
                    "ratings",
                    ["ratings", "--period", "2025", "--number", "05-BC/TU", "--place", "Hòa Bình", "--date", "05/01/2026"],
                    [
                        "ĐẢNG BỘ TỈNH HÒA BÌNH", "Hòa Bình, ngày 05 tháng 01 năm 2026", "Kết quả đánh giá, xếp loại năm 2025",
                        "Hoàn thành tốt nhiệm vụ trở lên", "(2+6)/8 = 100,00%", "Chỉ tiêu 90,00%",
                    ]
                ),
            ]
            let badDate = try await daemon.chibo(["report", "ratings", "--period", "2025", "--format", "html", "--date", "31/02/2025"])
            #expect(badDate.status == 64 && badDate.stderr.contains("--date 31/02/2025 is not a day"), "\(badDate.stderr)")
            for form in forms {
                let made = try await daemon.chibo(["report"] + form.arguments + ["--format", "html"])
                #expect(made.status == 0, "\(form.name): \(made.stderr)")
                #expect(made.stdout.hasPrefix("<!DOCTYPE html>") && made.stdout.contains("<svg"), "\(form.name)")
                let printed = try await print(made.stdout, form.name, in: daemon)
                #expect(printed.pages >= 1, "\(form.name)")
                #expect(printed.size.hasSuffix("(A4)"), "\(form.name): \(printed.size)")
                // pdftotext keeps the layout: compare with runs of spaces made single.
                let text = printed.text.replacingOccurrences(of: " +", with: " ", options: .regularExpression)
                for expected in ["ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO"] + form.expected {
                    #expect(text.contains(expected), "\(form.name): \"\(expected)\" missing from\n\(printed.text)")
                }
            }
        }
    }
}
