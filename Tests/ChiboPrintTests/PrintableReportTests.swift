import ChiboModel
import ChiboPrint
import Testing

@Suite struct PrintableReportTests {
    let header = PrintHeader(
        superior: "Đảng bộ tỉnh Hòa Bình", committee: "Đảng ủy xã Tiền Phong", number: "45-BC/ĐU", place: "Hòa Bình",
        date: CalendarDay("05/01/2026")!, signerTitle: ["T/M ĐẢNG ỦY", "BÍ THƯ"], signer: "Bùi Văn Đức")

    @Test func theDateLineIsWrittenOut() {
        #expect(header.placeAndDate(.vi) == "Hòa Bình, ngày 05 tháng 01 năm 2026")
    }

    /// The masthead, title, each table with Vietnamese numbers, the chart of the good-or-better shares with the
    /// target line, and the signature block; text from the data escaped.
    @Test func aRatingsPageHasEveryPartOfTheForm() throws {
        let report = Report(
            kind: .ratings, period: "2025",
            tables: [
                ReportTable(
                    key: "cells", columns: ["grade", "count", "share"],
                    rows: [[RatingGrade.excellent.coded(.vi), .integer(604), .ratio(part: 604, whole: 3174)]]),
                ReportTable(
                    key: "good_or_better", columns: ["group", "count", "share", "figure"],
                    rows: [[.coded(code: "cells", label: "Chi bộ <A&B>"), .integer(2968), .ratio(part: 2968, whole: 3174), .text("x")]]),
                ReportTable(
                    key: "targets", columns: ["target", "actual", "target_percent", "met"],
                    rows: [[TargetMetric.cellsGoodOrBetter.coded(.vi), .ratio(part: 2968, whole: 3174), .hundredths(9000), .flag(true)]]),
            ])
        let html = PrintableReport.html([report], title: "Kết quả đánh giá, xếp loại năm 2025", header: header, language: .vi)
        for text in [
            "ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ TỈNH HÒA BÌNH", "Đảng ủy xã Tiền Phong", "Số 45-BC/ĐU",
            "Hòa Bình, ngày 05 tháng 01 năm 2026",
            "<h1>BÁO CÁO</h1>", "Kết quả đánh giá, xếp loại năm 2025", "604/3.174 = 19,03%", "Chi bộ &lt;A&amp;B&gt;", "Chỉ tiêu 90,00%",
            "T/M ĐẢNG ỦY<br>BÍ THƯ", "Bùi Văn Đức", "@page { size: A4;",
        ] {
            #expect(html.contains(text), "\(text)")
        }
        #expect(html.components(separatedBy: "<svg").count == 3)
        #expect(!html.contains("<A&B>"))
        #expect(!html.contains("<script"))
        // No link out: the only URLs are the SVG namespaces.
        #expect(html.components(separatedBy: "http").count == 3)
    }

    @Test func anEmptyTableSaysSo() {
        let report = Report(kind: .coverage, period: "2025-05", tables: [ReportTable(key: "cells_without_official", columns: ["unit_id"])])
        let html = PrintableReport.html([report], title: "x", header: header, language: .vi)
        #expect(html.contains("Không có."))
    }
}
