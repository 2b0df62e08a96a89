/// Numbers as Vietnamese documents print them: "." groups thousands, "," marks decimals (1.942; 74,48%).
/// English output uses the opposite marks (1,942; 74.48%).
public enum VietnameseNumber {
    public static func integer(_ value: Int, _ language: Language = .vi) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(language == .vi ? "." : ",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// `part / whole` as a percentage with two decimals, rounded half up in exact integer arithmetic
    /// (2.364 / 3.174 → "74,48%", 5 / 3.174 → "0,16%"). Nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int, _ language: Language = .vi) -> String? {
        guard let hundredths = percentHundredths(part, of: whole) else { return nil }
        let fraction = hundredths % 100
        let mark = language == .vi ? "," : "."
        return integer(hundredths / 100, language) + mark + (fraction < 10 ? "0" : "") + String(fraction) + "%"
    }

    /// `part / whole` as a percentage times 100, rounded half up (2.364 / 3.174 → 7448). Nil when `whole` is 0.
    public static func percentHundredths(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0, part >= 0 else { return nil }
        return (part * 20_000 / whole + 1) / 2
    }

    /// The seeds' own form: "2.364/3.174 = 74,48%".
    public static func share(_ part: Int, of whole: Int, _ language: Language = .vi) -> String {
        "\(integer(part, language))/\(integer(whole, language))" + (percent(part, of: whole, language).map { " = \($0)" } ?? "")
    }
}

extension VietnameseNumber {
    /// A value kept in hundredths, printed with two decimals: 8750 → "87,50".
    public static func hundredths(_ value: Int, _ language: Language = .vi) -> String {
        let fraction = value.magnitude % 100
        let sign = value < 0 ? "-" : ""
        return sign + integer(Int(value.magnitude / 100), language) + (language == .vi ? "," : ".")
            + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `total / count` in hundredths, rounded half up.
    public static func averageHundredths(_ total: Int, count: Int) -> Int {
        count == 0 ? 0 : (total * 200 / count + 1) / 2
    }
}
