import ChiboModel
import Testing

@testable import ChiboStore

/// `TextValues` recognises a column's text by comparing bytes with the one it guesses comes next; a wrong guess
/// must cost time only, never a wrong value.
@Suite struct TextValuesTests {
    func value<Value>(_ values: inout TextValues<Value>, _ text: String) -> Value? {
        Array(text.utf8).withUnsafeBufferPointer { values.value($0) }
    }

    @Test func guessesNeverChangeTheValues() {
        let units = (1...30).map { "HB.D02.X03.C\(String(1000 + $0).dropFirst())" }
        var keyOrder: [String] = []
        for month in 0..<5 { keyOrder += units.enumerated().filter { ($0.offset * 3 + month) % 5 != 0 }.map(\.element) }
        var random = SystemRandomNumberGenerator()
        for order in [keyOrder, keyOrder.reversed(), keyOrder.shuffled(using: &random), ["", "a", "", "ab", "a", "ab", "b"]] {
            var values = TextValues { $0 }
            for text in order { #expect(value(&values, text) == text) }
        }
    }

    /// A text `make` refuses gives nil each time it is met, and the texts around it are still recognised.
    @Test func aRefusedTextIsNotKept() {
        var months = TextValues { CalendarMonth($0) }
        for text in ["2025-01", "2025-01", "2025-13", "2025-01", "2025-13", "2025-02", "2025-01"] {
            #expect(value(&months, text) == CalendarMonth(text))
        }
    }
}
