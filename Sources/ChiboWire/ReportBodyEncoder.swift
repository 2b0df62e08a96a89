import SwiftProtobuf

/// Writes the body of a response that carries a report, byte for byte as SwiftProtobuf would, in one pass.
///
/// SwiftProtobuf works out the length of every nested message again at each level above it: a report's value
/// sits six messages deep (Response, ReportResponse, ReportTable, ReportRow, ReportValue, Ratio), so a province's
/// year of participation (38.000 rows, 300.000 values) had each value measured six times, which took longer than
/// building the report. Here each row is measured once before it is written, and the rest of the response goes
/// through SwiftProtobuf as usual. `ReportBodyEncoderTests` checks the bytes against SwiftProtobuf's. Unknown
/// fields are not written: the report was built in this process, from the model, and has none.
enum ReportBodyEncoder {
    /// `response` (whose result is unset) with `report` as its result.
    static func body(_ response: Chibo_V1_Response, report: Chibo_V1_ReportResponse) -> [UInt8] {
        // Encoding a message built in this process cannot fail: every field is set by our own code.
        var bytes: [UInt8] = try! response.serializedBytes()
        // Each row's length is worked out once, and each table's from its rows'.
        let rowSizes = report.tables.map { $0.rows.map(rowSize) }
        let tableSizes = zip(report.tables, rowSizes).map { tableSize($0, rowSizes: $1) }
        let size = reportSize(report, tableSizes: tableSizes)
        bytes.reserveCapacity(bytes.count + 3 + varintSize(UInt64(size)) + size)
        // Field 25 (`report`) comes after every other field of Response, so appending it keeps SwiftProtobuf's order.
        writeTag(25, .lengthDelimited, &bytes)
        writeVarint(UInt64(size), &bytes)
        writeReport(report, tableSizes: tableSizes, rowSizes: rowSizes, &bytes)
        return bytes
    }

    private enum WireType: UInt64 {
        case varint = 0
        case lengthDelimited = 2
    }

    // MARK: sizes

    private static func varintSize(_ value: UInt64) -> Int {
        value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    }

    /// A tag of a field numbered below 16 is one byte; the report's own fields all are.
    private static func stringField(_ text: String) -> Int { 1 + varintSize(UInt64(text.utf8.count)) + text.utf8.count }

    private static func messageField(_ size: Int) -> Int { 1 + varintSize(UInt64(size)) + size }

    private static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private static func reportSize(_ report: Chibo_V1_ReportResponse, tableSizes: [Int]) -> Int {
        var size = 0
        if !report.kind.isEmpty { size += stringField(report.kind) }
        if !report.period.isEmpty { size += stringField(report.period) }
        for tableSize in tableSizes { size += messageField(tableSize) }
        if report.elapsedUs != 0 { size += 1 + varintSize(UInt64(report.elapsedUs)) }
        return size
    }

    private static func tableSize(_ table: Chibo_V1_ReportTable, rowSizes: [Int]) -> Int {
        var size = table.key.isEmpty ? 0 : stringField(table.key)
        for column in table.columns { size += stringField(column) }
        for rowSize in rowSizes { size += messageField(rowSize) }
        return size
    }

    private static func rowSize(_ row: Chibo_V1_ReportRow) -> Int {
        row.values.reduce(0) { $0 + messageField(valueSize($1)) }
    }

    private static func valueSize(_ value: Chibo_V1_ReportValue) -> Int {
        // A member of a oneof is written even when it holds its type's default.
        switch value.value {
        case nil: 0
        case .text(let text), .day(let text): stringField(text)
        case .integer(let number), .hundredths(let number): 1 + varintSize(zigZag(number))
        case .flag: 2
        case .ratio(let ratio): messageField(ratioSize(ratio))
        case .coded(let coded): messageField(codedSize(coded))
        }
    }

    private static func ratioSize(_ ratio: Chibo_V1_Ratio) -> Int {
        (ratio.part == 0 ? 0 : 1 + varintSize(ratio.part)) + (ratio.whole == 0 ? 0 : 1 + varintSize(ratio.whole))
    }

    private static func codedSize(_ coded: Chibo_V1_Coded) -> Int {
        (coded.code.isEmpty ? 0 : stringField(coded.code)) + (coded.label.isEmpty ? 0 : stringField(coded.label))
    }

    // MARK: writing

    private static func writeVarint(_ value: UInt64, _ bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func writeTag(_ field: UInt64, _ type: WireType, _ bytes: inout [UInt8]) {
        writeVarint(field << 3 | type.rawValue, &bytes)
    }

    private static func writeString(_ field: UInt64, _ text: String, _ bytes: inout [UInt8]) {
        writeTag(field, .lengthDelimited, &bytes)
        writeVarint(UInt64(text.utf8.count), &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func writeMessageHeader(_ field: UInt64, size: Int, _ bytes: inout [UInt8]) {
        writeTag(field, .lengthDelimited, &bytes)
        writeVarint(UInt64(size), &bytes)
    }

    private static func writeReport(
        _ report: Chibo_V1_ReportResponse, tableSizes: [Int], rowSizes: [[Int]], _ bytes: inout [UInt8]
    ) {
        if !report.kind.isEmpty { writeString(1, report.kind, &bytes) }
        if !report.period.isEmpty { writeString(2, report.period, &bytes) }
        for (index, table) in report.tables.enumerated() {
            writeMessageHeader(3, size: tableSizes[index], &bytes)
            writeTable(table, rowSizes: rowSizes[index], &bytes)
        }
        if report.elapsedUs != 0 {
            writeTag(4, .varint, &bytes)
            writeVarint(UInt64(report.elapsedUs), &bytes)
        }
    }

    private static func writeTable(_ table: Chibo_V1_ReportTable, rowSizes: [Int], _ bytes: inout [UInt8]) {
        if !table.key.isEmpty { writeString(1, table.key, &bytes) }
        for column in table.columns { writeString(2, column, &bytes) }
        for (row, size) in zip(table.rows, rowSizes) {
            writeMessageHeader(3, size: size, &bytes)
            for value in row.values {
                writeMessageHeader(1, size: valueSize(value), &bytes)
                writeValue(value, &bytes)
            }
        }
    }

    private static func writeValue(_ value: Chibo_V1_ReportValue, _ bytes: inout [UInt8]) {
        switch value.value {
        case nil: break
        case .text(let text): writeString(1, text, &bytes)
        case .integer(let number):
            writeTag(2, .varint, &bytes)
            writeVarint(zigZag(number), &bytes)
        case .ratio(let ratio):
            writeMessageHeader(3, size: ratioSize(ratio), &bytes)
            if ratio.part != 0 {
                writeTag(1, .varint, &bytes)
                writeVarint(ratio.part, &bytes)
            }
            if ratio.whole != 0 {
                writeTag(2, .varint, &bytes)
                writeVarint(ratio.whole, &bytes)
            }
        case .hundredths(let number):
            writeTag(4, .varint, &bytes)
            writeVarint(zigZag(number), &bytes)
        case .day(let text): writeString(5, text, &bytes)
        case .flag(let flag):
            writeTag(6, .varint, &bytes)
            bytes.append(flag ? 1 : 0)
        case .coded(let coded):
            writeMessageHeader(7, size: codedSize(coded), &bytes)
            if !coded.code.isEmpty { writeString(1, coded.code, &bytes) }
            if !coded.label.isEmpty { writeString(2, coded.label, &bytes) }
        }
    }
}
