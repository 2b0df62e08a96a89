import ChiboModel
import SwiftProtobuf
import Testing

@testable import ChiboWire

/// The generic wire form of the flat kinds: a record comes back from its bytes as it went, and each JSON scalar
/// reads back as the text its field was written from.
@Suite struct FieldRecordWireTests {
    let today = CalendarDay("01/12/2026")!

    @Test func aQualificationComesBackFromItsBytesAsItWent() throws {
        let fields = [
            "id": "Q1", "member_id": "M1", "as_of": "01/06/2025", "post": "bi_thu_chi_bo", "general_education": "thpt",
            "professional_level": "dai_hoc", "political_theory": "trung_cap", "party_work_trained_on": "15/04/2025",
        ]
        let sent = try Qualification(fields: RecordFields(fields), today: today)
        let bytes: [UInt8] = try Chibo_V1_Record(sent).serializedBytes()
        #expect(try Chibo_V1_Record(serializedBytes: bytes).qualification.memberID == "M1")
        let back = try Chibo_V1_Record(serializedBytes: bytes).decoded(today: today)
        #expect(back as? Qualification == sent)
        // An optional field left out stays out.
        var without = fields
        without["party_work_trained_on"] = ""
        let bare = try Qualification(fields: RecordFields(without), today: today)
        #expect(try Chibo_V1_Record(bare).decoded(today: today) as? Qualification == bare)
    }

    @Test func eachScalarReadsBackAsTheTextOfItsField() {
        func value(_ kind: Google_Protobuf_Value.OneOf_Kind) -> Google_Protobuf_Value { .with { $0.kind = kind } }
        #expect(FieldRecordWire.text(value(.stringValue("Đồng"))) == "Đồng")
        // int64 fields arrive as strings, int32 ones as numbers, which must not read as "2025.0".
        #expect(FieldRecordWire.text(value(.stringValue("9007199254740993"))) == "9007199254740993")
        #expect(FieldRecordWire.text(value(.numberValue(2025))) == "2025")
        #expect(FieldRecordWire.text(value(.numberValue(-7))) == "-7")
        #expect(FieldRecordWire.text(value(.boolValue(true))) == "true")
        #expect(FieldRecordWire.text(value(.boolValue(false))) == "false")
        #expect(FieldRecordWire.text(value(.nullValue(.nullValue))) == "")
    }

    @Test func anEmptyRecordIsRefusedByName() {
        #expect(throws: ModelError.self) { try Chibo_V1_Record().decoded(today: today) }
        do { _ = try Chibo_V1_Record().decoded(today: today) } catch let error as ModelError {
            #expect(error.message == "the record is empty or of a kind this daemon does not know")
        } catch { Issue.record("\(error)") }
    }
}
