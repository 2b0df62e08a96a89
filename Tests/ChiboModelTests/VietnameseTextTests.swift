import Foundation
import Testing

@testable import ChiboModel

@Suite struct VietnameseTextTests {
    @Test func nfcAndNfdInputStoreTheSameName() {
        let composed = "Hoàng Đức Anh".precomposedStringWithCanonicalMapping
        let decomposed = "Hoàng Đức Anh".decomposedStringWithCanonicalMapping
        #expect(Array(composed.unicodeScalars) != Array(decomposed.unicodeScalars))
        #expect(Array(VietnameseText.normalized(decomposed).unicodeScalars) == Array(composed.unicodeScalars))
        #expect(VietnameseText.normalized("  Nguyễn   Thị\tLệ ") == "Nguyễn Thị Lệ")
    }

    /// The stored form decided without Foundation (already NFC, single spaces) agrees with Foundation's.
    @Test func theQuickCheckForStoredFormAgreesWithTheSlowPath() {
        let samples = [
            "", " ", "Nguyễn Thị Lệ", "Nguyễn  Thị", " Lệ", "Lệ ", "Lệ\u{00A0}Thu", "A\u{0300}", "Ω\u{2126}", "\u{212B}ngström",
            "Tổ dân phố 2, phường Pú Trạng", "Đặng Ưng Ơn", "x\r\ny", "ẛ", "e\u{0301}", "Chi bộ\tthôn 3", "\u{1EA0}\u{0323}",
        ]
        for text in samples + samples.map(\.decomposedStringWithCanonicalMapping) {
            let slow = text.precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(Array(VietnameseText.normalized(text).unicodeScalars) == Array(slow.unicodeScalars), "\(Array(text.unicodeScalars))")
        }
    }

    /// Search and sort keys of text in stored form, made scalar by scalar from a table, are those of the general
    /// path through Foundation: for every scalar of the table's ranges inside a word, and for whole names.
    @Test func keysFromTheTableAgreeWithTheGeneralPath() {
        let scalars = (Array(0x21..<0x300) + Array(0x1E00..<0x1F00)).map { String(Unicode.Scalar(UInt32($0))!) }
        let names = [
            "Nguyễn Thị Lệ", "ĐẶNG ƯNG ƠN", "Hoàng Đức Anh", "Lò Văn Sống", "Tổ dân phố 2, phường Pú Trạng", "ẞ Straße", "İstanbul",
            "ǅemal", "Ωmega", "x\u{0085}y", "A\u{0300}", "Ngô Quyền".decomposedStringWithCanonicalMapping,
        ]
        for text in scalars.map { "a\($0)b" } + scalars + names {
            let stored = VietnameseText.normalized(text)
            #expect(VietnameseText.searchKey(text) == VietnameseText.slowSearchKey(stored), "\(Array(text.unicodeScalars))")
            #expect(VietnameseCollation.key(text) == VietnameseCollation.slowKey(stored, text: text), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func trimmingWithoutFoundationTrimsWhatFoundationTrims() {
        let samples = [
            "", " ", "\t", "HB.01", " HB.01", "HB.01 ", "\tHB 01\t", "\u{00A0}Lệ\u{3000}", "Lệ\n", "\u{200B}x", "\u{2003}", "Lò Văn Sống",
            "Nguyễn Thị Lệ", "\u{1680}Lệ", "x\u{180E}", "\u{0085}x",
        ]
        for text in samples {
            #expect(text.trimmedOfWhitespace == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func searchIgnoresDiacriticsAndReadsĐAsD() {
        #expect(VietnameseText.searchKey("Hoàng Đức Anh") == "hoang duc anh")
        #expect(VietnameseText.matches("Hoàng Đức Anh", query: "Hoang Duc Anh"))
        #expect(VietnameseText.matches("Hoàng Đức Anh", query: "đức"))
        #expect(VietnameseText.matches("Chi bộ Tổ dân phố 2, phường Pú Trạng", query: "to dan pho 2"))
        #expect(VietnameseText.matches("Nguyễn Văn Sơn".decomposedStringWithCanonicalMapping, query: "son"))
        #expect(!VietnameseText.matches("Hoàng Đức Anh", query: "duc an h"))
    }

    @Test func wordsSortInVietnameseAlphabeticalOrder() {
        let words = ["Đông", "Dung", "Ân", "Anh", "Ăn", "Bình", "Ơn", "Ông", "Oanh", "Ưng", "Uyên", "Yến", "Xuân"]
        let sorted = words.sorted { VietnameseCollation.key($0) < VietnameseCollation.key($1) }
        #expect(sorted == ["Anh", "Ăn", "Ân", "Bình", "Dung", "Đông", "Oanh", "Ông", "Ơn", "Uyên", "Ưng", "Xuân", "Yến"])
    }

    @Test func tonesBreakTiesInDictionaryOrder() {
        // ngang, huyền, hỏi, ngã, sắc, nặng
        let words = ["má", "mạ", "mà", "ma", "mã", "mả"]
        let sorted = words.sorted { VietnameseCollation.key($0) < VietnameseCollation.key($1) }
        #expect(sorted == ["ma", "mà", "mả", "mã", "má", "mạ"])
    }

    @Test func peopleSortByGivenNameThenTheRest() {
        let people = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Đỗ Thị Đào", "Phạm Văn Dũng", "Hoàng Đức Anh"]
        let sorted = people.sorted(by: VietnameseCollation.personPrecedes)
        #expect(sorted == ["Lê Văn An", "Nguyễn Thị An", "Hoàng Đức Anh", "Trần Văn Bình", "Phạm Văn Dũng", "Đỗ Thị Đào"])
    }

    @Test func sortingDoesNotDependOnNormalisationForm() {
        let a = "Nguyễn Thị Ánh".decomposedStringWithCanonicalMapping
        let b = "Nguyễn Thị Ánh".precomposedStringWithCanonicalMapping
        #expect(Array(a.unicodeScalars) != Array(b.unicodeScalars))
        #expect(VietnameseCollation.personKey(a) == VietnameseCollation.personKey(b))
        #expect(VietnameseCollation.personPrecedes(a, "Nguyễn Văn Bảo"))
    }
}

@Suite struct VietnameseNumberTests {
    @Test func thousandsUseDots() {
        #expect(VietnameseNumber.integer(1942) == "1.942")
        #expect(VietnameseNumber.integer(62331) == "62.331")
        #expect(VietnameseNumber.integer(187) == "187")
        #expect(VietnameseNumber.integer(1_234_567) == "1.234.567")
        #expect(VietnameseNumber.integer(0) == "0")
        #expect(VietnameseNumber.integer(-29000) == "-29.000")
        #expect(VietnameseNumber.integer(1942, .en) == "1,942")
    }

    @Test func percentagesMatchTheSeeds() {
        #expect(VietnameseNumber.percent(2364, of: 3174) == "74,48%")
        #expect(VietnameseNumber.percent(5, of: 3174) == "0,16%")
        #expect(VietnameseNumber.percent(9942, of: 62331) == "15,95%")
        #expect(VietnameseNumber.percent(604, of: 3174) == "19,03%")
        #expect(VietnameseNumber.percent(3174, of: 3174) == "100,00%")
        #expect(VietnameseNumber.percent(1, of: 0) == nil)
        #expect(VietnameseNumber.percent(2364, of: 3174, .en) == "74.48%")
        #expect(VietnameseNumber.share(2364, of: 3174) == "2.364/3.174 = 74,48%")
    }
}

@Suite struct PersonSortKeyTests {
    /// The bytes a database sorts by give the order the collation gives, whatever the names.
    @Test func bytesSortAsTheCollationDoes() {
        let names = [
            "Nguyễn Văn Ánh", "Trần Thị Anh", "Lê Văn Bình", "Đỗ Thị Ấn", "Hoàng Đức Anh", "Phạm Văn Đức", "Vũ Thị Dung",
            "Anh", "Nguyễn Anh", "Lò Văn Ăn", "Hà Thị Ân", "Bùi Văn Tâm", "Bùi Văn Tấm", "Bùi Văn Tầm", "Nguyễn Văn An",
            "Nguyễn Văn Anh", "Mai Zoe", "Mai Wendy", "Trương Thị Ư", "Trương Thị U",
        ]
        let byCollation = names.sorted(by: VietnameseCollation.personPrecedes)
        let byBytes = names.sorted {
            VietnameseCollation.personSortKey($0).lexicographicallyPrecedes(VietnameseCollation.personSortKey($1))
        }
        #expect(byBytes == byCollation)
    }
}
