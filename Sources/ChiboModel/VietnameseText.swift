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
            guard value < 0x300 || (0x1E00...0x1EFF).contains(value), !isOtherWhitespace(value) else { return false }
            previousWasSpace = false
        }
        return !previousWasSpace || text.isEmpty
    }

    /// White space other than U+0020 below U+0300 (Unicode's White_Space; there is none in U+1E00–U+1EFF).
    private static func isOtherWhitespace(_ value: UInt32) -> Bool {
        (0x09...0x0D).contains(value) || value == 0x85 || value == 0xA0
    }

    /// The search form: lower case with every diacritic removed and đ read as d, so "Hoang Duc Anh" and
    /// "hoàng đức anh" both find "Hoàng Đức Anh".
    public static func searchKey(_ text: String) -> String {
        if isNormalized(text) {
            var out = ""
            out.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars { out += LatinScalars.entry(scalar)!.fold }
            return out
        }
        return slowSearchKey(normalized(text))
    }

    /// `searchKey` of text in stored form, by Foundation: the general path, and what `LatinScalars` is made of.
    static func slowSearchKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
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
