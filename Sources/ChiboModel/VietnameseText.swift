import Foundation

/// Vietnamese text rules: how names are stored, searched and sorted.
public enum VietnameseText {
    /// The stored form of a name: NFC (so "ệ" typed as e + two marks equals the precomposed letter),
    /// surrounding space trimmed, inner runs of white space made one space.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
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
