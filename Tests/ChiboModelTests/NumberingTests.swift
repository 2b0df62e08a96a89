import Testing

@testable import ChiboModel

/// `Numbering` guesses which name comes next; a wrong guess must cost time only, never a wrong number.
@Suite struct NumberingTests {
    /// Names asked for in orders the guess fits (month after month, some missing), in none (reversed, shuffled),
    /// and over again, get the numbers a plain dictionary gives them.
    @Test func guessesNeverChangeTheNumbers() {
        let units = (1...40).map { "HB.D01.X01.C\(String(1000 + $0).dropFirst())" }
        var monthly: [String] = []
        for month in 0..<6 { monthly += units.enumerated().filter { ($0.offset + month) % 7 != 0 }.map(\.element) }
        var random = SystemRandomNumberGenerator()
        for order in [monthly, monthly.reversed(), monthly.shuffled(using: &random), units + units, ["x", "x", "y", "x"]] {
            var numbering = Numbering()
            var reference: [String: Int] = [:]
            for name in order {
                let expected = reference[name] ?? reference.count
                reference[name] = expected
                #expect(numbering.number(name) == expected)
                #expect(numbering.existing(name) == expected)
            }
            #expect(numbering.count == reference.count)
            #expect(numbering.names == reference.sorted { $0.value < $1.value }.map(\.key))
        }
    }

    @Test func anUnknownNameHasNoNumberAndGetsNone() {
        var numbering = Numbering(["a", "b", "c"])
        #expect(numbering.existing("d") == nil)
        #expect(numbering.existing("b") == 1)
        #expect(numbering.existing("d") == nil)
        #expect(numbering.existing("c") == 2)
        #expect(numbering.count == 3)
        #expect(numbering.number("d") == 3)
    }
}
