import ChiboModel
import Foundation
import SwiftProtobuf

/// The wire form of a `FieldRecord` kind, without code of its own: its fields are named like the fields of its
/// message in records.proto, so the record goes through swift-protobuf's JSON form (`{"kind": {"field": …}}`),
/// which checks every name and type against the generated message. The daemon reads that JSON back with
/// swift-protobuf's own parser into a `Google_Protobuf_Struct`: Foundation's `JSONDecoder` and a `Decodable`
/// trying each scalar type in turn were half the time of a 13.000-row qualifications import.
enum FieldRecordWire {
    static func encode(_ record: any FieldRecord) throws -> Chibo_V1_Record {
        let fields = record.fields.mapValues(Scalar.init)
        let json = try JSONEncoder().encode([type(of: record).kind.rawValue: fields])
        do {
            return try Chibo_V1_Record(jsonUTF8Data: json)
        } catch {
            throw ModelError(.outOfRange, "\(type(of: record).kind) does not match its message in records.proto: \(error)")
        }
    }

    static func decode(_ record: Chibo_V1_Record, today: CalendarDay) throws -> any DomainRecord {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        let object = try Google_Protobuf_Struct(jsonUTF8Data: try record.jsonUTF8Data(options: options))
        guard object.fields.count == 1, let (name, message) = object.fields.first, case .structValue(let values)? = message.kind,
            let type = RecordKinds.type(of: RecordKind(rawValue: name)) as? any FieldRecord.Type
        else { throw ModelError(.emptyField, "the record is empty or of a kind this daemon does not know") }
        return try type.init(fields: RecordFields(values.fields.mapValues(text)), today: today)
    }

    /// A field's value as `FieldValue.text` writes it. proto3 JSON writes 64-bit integers as strings and the
    /// others as numbers, which a `Struct` holds as doubles: a field's integer is exact in one.
    static func text(_ value: Google_Protobuf_Value) -> String {
        switch value.kind {
        case .stringValue(let text): text
        case .numberValue(let number): number.rounded() == number && abs(number) < 0x1p63 ? String(Int64(number)) : String(number)
        case .boolValue(let flag): String(flag)
        case .nullValue, .structValue, .listValue, nil: ""
        }
    }

    /// A JSON scalar as proto3 JSON writes the fields of a flat message.
    enum Scalar: Encodable {
        case text(String)
        case number(Int64)
        case flag(Bool)

        init(_ value: FieldValue) {
            switch value {
            case .text(let text): self = .text(text)
            case .number(let number): self = .number(Int64(number))
            case .flag(let flag): self = .flag(flag)
            }
        }

        func encode(to encoder: any Swift.Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .flag(let flag): try container.encode(flag)
            }
        }
    }
}
