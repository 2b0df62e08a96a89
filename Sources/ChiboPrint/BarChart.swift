import ChiboModel
import Foundation

/// A horizontal bar chart of shares as inline SVG: one bar per row, its label on the left and the share in
/// Vietnamese (or English) numbers on the right, bars scaled to 100%, an optional target line.
struct BarChart {
    struct Bar {
        let label: String
        let part: Int
        let whole: Int
    }

    let caption: String
    let bars: [Bar]
    var targetHundredths: Int?

    func svg(_ language: Language) -> String {
        let labelWidth = 230.0
        let barWidth = 330.0
        let rowHeight = 22.0
        let width = labelWidth + barWidth + 110
        let height = Double(bars.count) * rowHeight + 30
        var out = """
            <figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTML.escape(caption))">
            """
        for (index, bar) in bars.enumerated() {
            let y = 8 + Double(index) * rowHeight
            let share = bar.whole > 0 ? Double(bar.part) / Double(bar.whole) : 0
            let percent = VietnameseNumber.percent(bar.part, of: bar.whole, language) ?? "–"
            out += """
                <text x="\(Int(labelWidth - 8))" y="\(y + 14)" text-anchor="end" font-size="11">\(HTML.escape(bar.label))</text>\
                <rect x="\(Int(labelWidth))" y="\(y + 3)" width="\(String(format: "%.1f", share * barWidth))" height="\(rowHeight - 7)" fill="#7a1f1f"/>\
                <rect x="\(Int(labelWidth))" y="\(y + 3)" width="\(Int(barWidth))" height="\(rowHeight - 7)" fill="none" stroke="#999" stroke-width="0.5"/>\
                <text x="\(Int(labelWidth + barWidth + 6))" y="\(y + 14)" font-size="11">\(percent)</text>
                """
        }
        if let target = targetHundredths {
            let x = labelWidth + barWidth * Double(target) / 10_000
            let label = (language == .vi ? "Chỉ tiêu " : "Target ") + VietnameseNumber.hundredths(target, language) + "%"
            out += """
                <line x1="\(String(format: "%.1f", x))" y1="4" x2="\(String(format: "%.1f", x))" y2="\(height - 18)" stroke="#1f4e7a" stroke-dasharray="4 2"/>\
                <text x="\(String(format: "%.1f", x))" y="\(height - 6)" text-anchor="middle" font-size="10" fill="#1f4e7a">\(HTML.escape(label))</text>
                """
        }
        return out + "</svg><figcaption>\(HTML.escape(caption))</figcaption></figure>\n"
    }
}
