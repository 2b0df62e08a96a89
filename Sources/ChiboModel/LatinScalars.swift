/// What the slow, general paths of `VietnameseText.searchKey` and `VietnameseCollation.key` make of each single
/// scalar of the ranges names are written in (U+0000–U+02FF and the precomposed Vietnamese letters
/// U+1E00–U+1EFF), worked out once by those same paths. Text already in stored form (NFC, single spaces; see
/// `VietnameseText.isNormalized`) holds no combining mark, so each of its scalars is a letter of its own and
/// lower-casing has no context there: its keys are its scalars' keys one after the other. An import of sixty
/// thousand members then spends its time writing them, not decomposing their names with Foundation.
enum LatinScalars {
    struct Entry: Sendable {
        /// The scalar's search form (`VietnameseText.searchKey`).
        let fold: String
        /// Its letter and tone ranks (`VietnameseCollation.key`), nil when it is not exactly one letter.
        let letter: Int?
        let tone: Int
    }

    static func entry(_ scalar: Unicode.Scalar) -> Entry? {
        let value = Int(scalar.value)
        if value < 0x300 { return table[value] }
        if (0x1E00..<0x1F00).contains(value) { return table[0x300 + value - 0x1E00] }
        return nil
    }

    private static let table: [Entry] = (Array(0..<0x300) + Array(0x1E00..<0x1F00)).map { value in
        let text = String(Unicode.Scalar(UInt32(value))!)
        let key = VietnameseCollation.slowKey(text)
        return Entry(
            fold: VietnameseText.slowSearchKey(text), letter: key.letters.count == 1 ? key.letters[0] : nil,
            tone: key.tones.first ?? 0)
    }
}
