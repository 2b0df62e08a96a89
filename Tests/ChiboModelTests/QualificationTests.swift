import ChiboModel
import Testing

/// Đề án 13 qualifications: read from a file's fields with clear refusals, written back the same.
@Suite struct QualificationTests {
    let today = CalendarDay("01/12/2026")!
    let row = [
        "id": "Q1", "member_id": "M1", "as_of": "01/06/2025", "post": "bi_thu_chi_bo", "general_education": "thpt",
        "professional_level": "dai_hoc", "political_theory": "trung_cap", "party_work_trained_on": "15/04/2025",
    ]

    func refusal(_ changes: [String: String]) -> String? {
        do { _ = try Qualification(fields: RecordFields(row.merging(changes) { $1 }), today: today) } catch let error as ModelError {
            return error.message
        } catch { return "\(error)" }
        return nil
    }

    @Test func readsAndWritesItsFields() throws {
        let q = try Qualification(fields: RecordFields(row), today: today)
        #expect(q.post == .cellSecretary && q.professionalLevel == .university && q.politicalTheory == .intermediate)
        #expect(q.partyWorkTrainedOn == CalendarDay("15/04/2025"))
        #expect(q.fields["as_of"] == .text("2025-06-01"))
        let again = try Qualification(fields: RecordFields(q.fields.mapValues(\.text)), today: today)
        #expect(again == q)
    }

    @Test func refusesWhatCannotBe() {
        #expect(refusal(["post": "bi_thu"])?.contains("post \"bi_thu\" is not one of: bi_thu_chi_bo") == true)
        #expect(refusal(["general_education": ""]) == "general_education is empty")
        #expect(refusal(["as_of": "31/06/2025"]) == "as_of \"31/06/2025\" is not a date")
        #expect(refusal(["as_of": "02/12/2026"])?.contains("after today") == true)
        #expect(refusal(["party_work_trained_on": "02/06/2025"])?.contains("after as_of") == true)
        #expect(refusal(["party_work_trained_on": ""]) == nil)
    }
}
