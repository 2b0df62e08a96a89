import ChiboModel
import Foundation
import SwiftProtobuf

/// The wire form of a `FieldRecord` kind, without code of its own: its fields are named like the fields of its
/// message in records.proto, so the record goes through swift-protobuf's JSON form (`{"kind": {"field": …}}`),
/// which checks every name and type against the generated message. Slower than the hand-written conversions of
/// the first kinds, which is no matter for the small kinds that take this way.
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
        let object = try JSONDecoder().decode([String: [String: Scalar]].self, from: try record.jsonUTF8Data(options: options))
        guard object.count == 1, let (name, values) = object.first,
            let type = RecordKinds.type(of: RecordKind(rawValue: name)) as? any FieldRecord.Type
        else { throw ModelError(.emptyField, "the record is empty or of a kind this daemon does not know") }
        return try type.init(fields: RecordFields(values.mapValues(\.text)), today: today)
    }

    /// A JSON scalar as proto3 JSON writes the fields of a flat message.
    enum Scalar: Codable {
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

        init(from decoder: any Swift.Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Int64.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
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

        var text: String {
            switch self {
            case .text(let text): text
            case .number(let number): String(number)
            case .flag(let flag): String(flag)
            }
        }
    }
}
