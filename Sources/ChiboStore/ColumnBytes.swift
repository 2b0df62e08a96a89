import Foundation
import GRDB
import GRDBSQLite

/// The columns of the row a statement stands on, read with SQLite's C API: the readers of the largest report facts
/// (`ReportReader.cellMonths`, 38.000 rows for a province's year) see the same few thousand unit IDs and a dozen
/// months tens of thousands of times, and making a `String` of each cost a third of their time.
extension Statement {
    /// The text of column `index`, nil when it is NULL; the bytes are valid only until the statement steps again.
    func textBytes(_ index: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let text = sqlite3_column_text(sqliteStatement, index) else { return nil }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqliteStatement, index)))
    }

    /// The integer of column `index` (0 when it is NULL).
    func integer(_ index: Int32) -> Int { Int(sqlite3_column_int64(sqliteStatement, index)) }
}

/// Values made from text met again and again in one read, each made once. The text met next is guessed to be the
/// last one again, or else one of the two first met after it: a table read in key order meets one month many times
/// over, and the same units in the same order month after month, a few missing from each. Most texts are then
/// recognised by comparing their bytes with a few known texts, neither hashed nor decoded.
struct TextValues<Value> {
    private let make: (String) -> Value?
    /// The texts' bytes one after another (`spans` says where each is): an array of arrays retained the array
    /// compared each time.
    private var bytes: [UInt8] = []
    private var spans: [Range<Int>] = []
    private var values: [Value] = []
    private var numbers: [String: Int] = [:]
    private var next = 0

    init(_ make: @escaping (String) -> Value?) { self.make = make }

    /// The value of `text`, or nil when `make` gives none.
    mutating func value(_ text: UnsafeBufferPointer<UInt8>) -> Value? {
        if let guess = guessed(text, next - 1) ?? guessed(text, next) ?? guessed(text, next + 1) {
            next = guess + 1
            return values[guess]
        }
        let string = String(decoding: text, as: UTF8.self)
        if let known = numbers[string] {
            next = known + 1
            return values[known]
        }
        guard let value = make(string) else { return nil }
        numbers[string] = values.count
        spans.append(bytes.count..<bytes.count + text.count)
        bytes.append(contentsOf: text)
        values.append(value)
        next = values.count
        return value
    }

    private func guessed(_ text: UnsafeBufferPointer<UInt8>, _ guess: Int) -> Int? {
        guard spans.indices.contains(guess), spans[guess].count == text.count else { return nil }
        guard text.count > 0 else { return guess }
        let equal = bytes.withUnsafeBufferPointer { known in
            memcmp(known.baseAddress! + spans[guess].lowerBound, text.baseAddress!, text.count) == 0
        }
        return equal ? guess : nil
    }
}
