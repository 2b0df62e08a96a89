import Foundation

/// Vietnamese alphabetical order, as dictionaries use it: letters first
/// (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then tones as the tie-break
/// (none, huyền, hỏi, ngã, sắc, nặng), then case.
public enum VietnameseCollation {
    private static let alphabet: [Character] = Array("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    private static let letterRank: [Character: Int] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    // Combining tone marks in dictionary order; 0 is "no tone".
    private static let toneRank: [UInt32: Int] = [0x0300: 1, 0x0309: 2, 0x0303: 3, 0x0301: 4, 0x0323: 5]
    // Marks that make another letter rather than a tone.
    private static let letterMarks: [Character: [UInt32: Character]] = [
        "a": [0x0306: "ă", 0x0302: "â"], "e": [0x0302: "ê"], "o": [0x0302: "ô", 0x031B: "ơ"], "u": [0x031B: "ư"],
    ]

    /// A key that sorts words in Vietnamese order when compared element by element.
    public struct Key: Comparable, Sendable {
        let letters: [Int]
        let tones: [Int]
        let text: String

        public static func < (a: Key, b: Key) -> Bool {
            if a.letters != b.letters { return a.letters.lexicographicallyPrecedes(b.letters) }
            if a.tones != b.tones { return a.tones.lexicographicallyPrecedes(b.tones) }
            return a.text < b.text
        }
    }

    public static func key(_ text: String) -> Key {
        guard VietnameseText.isNormalized(text) else { return slowKey(VietnameseText.normalized(text), text: text) }
        var letters: [Int] = []
        var tones: [Int] = []
        letters.reserveCapacity(text.utf8.count)
        tones.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let entry = LatinScalars.entry(scalar), let letter = entry.letter else { return slowKey(text) }
            letters.append(letter)
            tones.append(entry.tone)
        }
        return Key(letters: letters, tones: tones, text: text)
    }

    /// `key` of text in stored form, letter by letter through Foundation's decomposition: the general path,
    /// and what `LatinScalars` is made of.
    static func slowKey(_ normalized: String, text: String? = nil) -> Key {
        var letters: [Int] = []
        var tones: [Int] = []
        for character in normalized.lowercased() {
            var scalars = Array(String(character).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard let base = scalars.first else { continue }
            scalars.removeFirst()
            var letter = Character(base)
            var tone = 0
            for mark in scalars {
                if let made = letterMarks[letter]?[mark.value] {
                    letter = made
                } else if let rank = toneRank[mark.value] {
                    tone = rank
                }
            }
            // Letters outside the Vietnamese alphabet (f, j, w, z, digits) sort after it, by code point.
            letters.append(letterRank[letter] ?? (1000 + Int(letter.unicodeScalars.first!.value)))
            tones.append(tone)
        }
        return Key(letters: letters, tones: tones, text: text ?? normalized)
    }

    /// People are listed by given name (the last word), then by the rest of the name from the start.
    public static func personKey(_ fullName: String) -> [Key] {
        let words = VietnameseText.normalized(fullName).split(separator: " ").map(String.init)
        guard let given = words.last else { return [] }
        return [key(given), key(words.dropLast().joined(separator: " "))]
    }

    /// `personKey` as bytes that compare in the same order byte by byte, so a database can sort people by an
    /// indexed column: each part is its letters (3 bytes each, ranked from 1), a 0 byte triple, its tones (1
    /// byte each, from 1), a 0 byte, its text in UTF-8 and a 0 byte. The zero ends make a shorter word sort
    /// first, as the lexicographic comparison does.
    public static func personSortKey(_ fullName: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(6 * fullName.utf8.count + 16)
        for key in personKey(fullName) {
            for letter in key.letters {
                let rank = UInt32(letter + 1)
                bytes.append(UInt8(rank >> 16 & 0xFF))
                bytes.append(UInt8(rank >> 8 & 0xFF))
                bytes.append(UInt8(rank & 0xFF))
            }
            bytes.append(contentsOf: [0, 0, 0])
            for tone in key.tones { bytes.append(UInt8(tone + 1)) }
            bytes.append(0)
            bytes.append(contentsOf: key.text.utf8)
            bytes.append(0)
        }
        return bytes
    }

    public static func personPrecedes(_ a: String, _ b: String) -> Bool {
        personKey(a).lexicographicallyPrecedes(personKey(b))
    }
}

/// Collation keys of a set of names computed once, for sorting many rows by person: computing the key
/// inside each comparison costs most of a large report.
public struct PersonOrder: Sendable {
    private let keys: [String: [VietnameseCollation.Key]]

    public init(_ names: some Sequence<String>) {
        var keys: [String: [VietnameseCollation.Key]] = [:]
        for name in names where keys[name] == nil { keys[name] = VietnameseCollation.personKey(name) }
        self.keys = keys
    }

    public func precedes(_ a: String, _ b: String) -> Bool {
        key(a).lexicographicallyPrecedes(key(b))
    }

    /// Each name's place in this order, names that sort alike sharing one: a sort of many rows by name then
    /// compares integers instead of looking collation keys up on every comparison.
    public func places(of names: [String]) -> [Int] {
        let keyed = names.map(key)
        let order = keyed.indices.sorted { keyed[$0].lexicographicallyPrecedes(keyed[$1]) }
        var places = Array(repeating: 0, count: names.count)
        for (rank, index) in order.enumerated() {
            let previous = rank > 0 ? order[rank - 1] : nil
            places[index] = previous.map { keyed[$0] == keyed[index] ? places[$0] : rank } ?? rank
        }
        return places
    }

    private func key(_ name: String) -> [VietnameseCollation.Key] {
        keys[name] ?? VietnameseCollation.personKey(name)
    }
}
