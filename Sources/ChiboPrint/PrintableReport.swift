import ChiboModel

/// A report (or several, for a form that gathers them) as one self-contained HTML page laid out as a
/// Vietnamese party report for A4 paper: the masthead, the title, each table with its chart where one helps,
/// and the signature block. No external file, font or script: it prints the same from any browser.
public enum PrintableReport {
    /// - Parameters:
    ///   - title: the document's kind and subject under "BÁO CÁO", e.g. "Kết quả đánh giá, xếp loại năm 2025".
    public static func html(_ reports: [Report], title: String, header: PrintHeader, language: Language) -> String {
        var body = masthead(header, language)
        body += "<h1>\(language == .vi ? "BÁO CÁO" : "REPORT")</h1>\n<p class=\"subject\">\(HTML.escape(title))</p>\n"
        body += "<p class=\"rule\">-----</p>\n"
        for report in reports {
            if reports.count > 1 { body += "<h2>\(HTML.escape(ReportLabels.title(report.kind, language)))</h2>\n" }
            let charts = ReportCharts.charts(for: report, language: language)
            for table in printOrder(report) {
                body += "<section>\n<h3>\(HTML.escape(ReportLabels.table(table.key, language)))</h3>\n"
                for chart in charts where chart.table == table.key { body += chart.chart.svg(language) }
                body += self.table(table, language)
                body += "</section>\n"
            }
        }
        body += signature(header, language)
        return document(title: title, body: body, language: language)
    }

    /// A plain listing as a page to print: its title and one table, no masthead.
    public static func page(title: String, columns: [String], rows: [[String]], language: Language) -> String {
        var table = "<table>\n<thead><tr>" + columns.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { table += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
        table += "</tbody>\n</table>\n"
        return document(title: title, body: (title.isEmpty ? "" : "<h2>\(HTML.escape(title))</h2>\n") + table, language: language)
    }

    static func document(title: String, body: String, language: Language) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(HTML.escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let style = """
        @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
        @media screen { body { width: 165mm; margin: 10mm auto; padding: 10mm 15mm 10mm 20mm; box-shadow: 0 0 3mm #999; } }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; color: #000; margin: 0; }
        .masthead { display: flex; justify-content: space-between; text-align: center; margin-bottom: 8mm; }
        .masthead div { width: 48%; }
        .masthead .party { font-weight: bold; text-decoration: underline; }
        .masthead .committee { font-weight: bold; text-transform: uppercase; }
        .masthead .date { font-style: italic; margin-top: 3mm; }
        h1 { text-align: center; font-size: 15pt; margin: 2mm 0 0; }
        .subject { text-align: center; font-weight: bold; margin: 1mm 0; }
        .rule { text-align: center; margin: 0 0 4mm; }
        h2 { font-size: 13pt; text-transform: uppercase; margin: 6mm 0 2mm; }
        h3 { font-size: 13pt; margin: 4mm 0 2mm; }
        table { border-collapse: collapse; width: 100%; font-size: 10.5pt; page-break-inside: auto; }
        tr { page-break-inside: avoid; }
        th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top; }
        th { background: #eee; }
        td.n { text-align: right; white-space: nowrap; }
        .none { font-style: italic; }
        figure.chart { margin: 2mm 0 3mm; page-break-inside: avoid; }
        figcaption { font-size: 10pt; font-style: italic; text-align: center; }
        .closing { display: flex; justify-content: space-between; margin-top: 10mm; page-break-inside: avoid; }
        .recipients { font-size: 11pt; width: 45%; }
        .sign { text-align: center; width: 50%; font-weight: bold; }
        .sign .name { margin-top: 22mm; }
        """

    static func masthead(_ header: PrintHeader, _ language: Language) -> String {
        let superior = header.superior.map { "<p>\(HTML.escape($0.uppercased()))</p>" } ?? ""
        let number = (language == .vi ? "Số " : "No. ") + HTML.escape(header.number ?? "........")
        return """
            <div class="masthead">
            <div>\(superior)<p class="committee">\(HTML.escape(header.committee))</p><p>*</p><p>\(number)</p></div>
            <div><p class="party">ĐẢNG CỘNG SẢN VIỆT NAM</p><p class="date">\(HTML.escape(header.placeAndDate(language)))</p></div>
            </div>

            """
    }

    /// On paper the summaries come first, the long lists after them.
    static func printOrder(_ report: Report) -> [ReportTable] {
        let first: [String] =
            switch report.kind {
            case .compliance: ["by_level", "by_unit"]
            case .participation: ["overall", "targets", "by_committee"]
            case .ratings: ["good_or_better", "targets"]
            default: []
            }
        return first.compactMap { report.table($0) } + report.tables.filter { !first.contains($0.key) }
    }

    /// Codes a reader of the paper does not need when the table names the person or unit anyway.
    static let codesBesideNames: Set<String> = [
        "official_id", "unit_id", "committee_id", "member_id", "parent_id", "via_unit_id", "rule",
    ]

    static func table(_ table: ReportTable, _ language: Language) -> String {
        guard !table.rows.isEmpty else { return "<p class=\"none\">\(language == .vi ? "Không có." : "None.")</p>\n" }
        let named = table.columns.contains("name") || table.columns.contains("full_name")
        let shown = table.columns.indices.filter { index in
            guard named else { return true }
            // A level given as a bare code beside its name (by_level) is a code too.
            if table.columns[index] == "level", case .text = table.rows[0][index] { return false }
            return !codesBesideNames.contains(table.columns[index])
        }
        var out = "<table>\n<thead><tr><th>\(language == .vi ? "TT" : "#")</th>"
        out += shown.map { "<th>\(HTML.escape(ReportLabels.label(table.columns[$0], language)))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for (index, row) in table.rows.enumerated() {
            out += "<tr><td class=\"n\">\(index + 1)</td>"
            for value in shown.map({ row[$0] }) {
                let numeric: Bool
                switch value {
                case .integer, .ratio, .hundredths: numeric = true
                default: numeric = false
                }
                out += numeric ? "<td class=\"n\">" : "<td>"
                out += HTML.escape(value.formatted(language)) + "</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static func signature(_ header: PrintHeader, _ language: Language) -> String {
        let recipients = header.recipients.map { "<br>- " + HTML.escape($0) }.joined()
        let titles = header.signerTitle.map(HTML.escape).joined(separator: "<br>")
        return """
            <div class="closing">
            <div class="recipients"><b><i>\(language == .vi ? "Nơi nhận:" : "To:")</i></b>\(recipients)</div>
            <div class="sign"><p>\(titles)</p><p class="name">\(HTML.escape(header.signer ?? ""))</p></div>
            </div>

            """
    }
}
