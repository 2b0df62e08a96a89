import Foundation

/// Vietnamese text rules: how names are stored, searched and sorted.
public enum VietnameseText {
    /// The stored form of a name: NFC (so "ệ" typed as e + two marks equals the precomposed letter),
    /// surrounding space trimmed, inner runs of white space made one space.
    public static func normalized(_ text: String) -> String {
        if isNormalized(text) { return text }
        return text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether `text` is already in stored form, decided without Foundation for the common case: every
    /// scalar below U+0300 or a precomposed Vietnamese letter (U+1E00–U+1EFF), where no combining mark, no
    /// canonical singleton and no composition exclusion lies, so the text is NFC; and single spaces between
    /// words only. Anything else takes the slow path, which gives the same answer.
    static func isNormalized(_ text: String) -> Bool {
        var previousWasSpace = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x20 {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            guard value < 0x300 || (0x1E00...0x1EFF).contains(value), !scalar.properties.isWhitespace else { return false }
            previousWasSpace = false
        }
        return !previousWasSpace || text.isEmpty
    }

    /// The search form: lower case with every diacritic removed and đ read as d, so "Hoang Duc Anh" and
    /// "hoàng đức anh" both find "Hoàng Đức Anh".
    public static func searchKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in normalized(text).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue  // combining marks: tones, breve, circumflex, horn
            case 0x0111: out.append("d")  // đ has no decomposition of its own
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `text` contains `query`, both compared in search form.
    public static func matches(_ text: String, query: String) -> Bool {
        let needle = searchKey(query)
        return needle.isEmpty || searchKey(text).contains(needle)
    }
}
