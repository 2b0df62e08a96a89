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

extension Statement {
    /// Runs this statement once with `values` bound in order, through SQLite's C API: GRDB's arguments,
    /// conversions and checks cost as much as SQLite's own insert for the 740.000 presence rows of a province.
    ///
    /// GRDB does not see the statement run, so no `TransactionObserver` hears of its changes: only for tables no
    /// observer watches (`WarmFacts.tables`; `ColumnBytesTests` checks the tables it is used for).
    func runUnobserved(_ values: any RawBindable...) throws { try runUnobserved(values) }

    func runUnobserved(_ values: [any RawBindable]) throws {
        let code = try stepOnce(values)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Whether this query, with `values` bound in order, yields a row: a write's checks that what it refers to
    /// exists, bound without GRDB's arguments as `runUnobserved` is (a read has no observer to miss).
    func returnsRow(_ values: any RawBindable...) throws -> Bool {
        let code = try stepOnce(values)
        guard code == SQLITE_ROW || code == SQLITE_DONE else { throw failure(code) }
        return code == SQLITE_ROW
    }

    /// Binds `values`, steps once and resets, so the statement holds no cursor open; the step's code.
    private func stepOnce(_ values: [any RawBindable]) throws -> Int32 {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let code = value.bind(statement, Int32(index + 1))
            guard code == SQLITE_OK else { throw failure(code) }
        }
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        return code
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(sqliteStatement)
        return DatabaseError(
            resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
    }
}

/// A value `Statement.runUnobserved` binds.
protocol RawBindable {
    func bind(_ statement: SQLiteStatement, _ index: Int32) -> Int32
}

extension String: RawBindable {
    func bind(_ statement: SQLiteStatement, _ index: Int32) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies the text before the string's storage can go.
        sqlite3_bind_text(statement, index, self, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

extension Int: RawBindable {
    func bind(_ statement: SQLiteStatement, _ index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension DatabaseValue: RawBindable {
    func bind(_ statement: SQLiteStatement, _ index: Int32) -> Int32 {
        switch storage {
        case .null: sqlite3_bind_null(statement, index)
        case .int64(let value): sqlite3_bind_int64(statement, index, value)
        case .double(let value): sqlite3_bind_double(statement, index, value)
        case .string(let value): value.bind(statement, index)
        case .blob(let value):
            value.withUnsafeBytes { bytes in
                sqlite3_bind_blob(
                    statement, index, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }
    }
}
