import ChiboModel
import ChiboStore
import Foundation
import Testing

/// A fresh database in memory, with a small tree:
/// province HB > district HB.LS > commune HB.LS.CY > cells T01 (residential), T02; member M1 in T01.
final class Fixture {
    let store: Store
    let today = CalendarDay("23/11/2026")!

    init() async throws {
        // The journal's chain hash is irrelevant here; the store only needs a deterministic function.
        store = try Store.inMemory { Data($0.reversed()) }
        try store.enrolFirstAdmin(
            EnrolledKey(
                id: Self.keyID, publicKey: Data(repeating: 7, count: 32), role: .clerk,
                name: "Văn thư", createdAt: 0, createdBy: nil))
        let since = try DayRange(from: CalendarDay("01/01/2015")!)
        let units = [
            try PartyUnit(id: "HB", parentID: nil, name: "Đảng bộ tỉnh Hòa Bình", level: "province", active: since),
            try PartyUnit(id: "HB.LS", parentID: "HB", name: "Đảng bộ huyện Lương Sơn", level: "district", active: since),
            try PartyUnit(
                id: "HB.LS.CY", parentID: "HB.LS", name: "Đảng bộ xã Cư Yên", level: "grassroots",
                especiallyDifficult: true, active: since),
            try PartyUnit(
                id: "HB.LS.CY.T01", parentID: "HB.LS.CY", name: "Chi bộ xóm Rụ 1", level: "cell",
                residential: true, regularMeetingDay: 3, active: since),
            try PartyUnit(
                id: "HB.LS.CY.T02", parentID: "HB.LS.CY", name: "Chi bộ xóm Rụ 2", level: "cell",
                residential: true, regularMeetingDay: 5,
                active: try DayRange(from: CalendarDay("01/01/2015")!, until: CalendarDay("30/06/2025")!)),
        ]
        let member = try Member(id: "M1", fullName: "Bùi Văn Tâm")
        let membership = Membership(memberID: "M1", cellID: "HB.LS.CY.T01", days: since)
        let official = try Official(id: "O1", fullName: "Nguyễn Văn Sơn")
        let position = Position(
            officialID: "O1", committeeID: "HB.LS", role: .standingMember, term: try DayRange(from: CalendarDay("01/10/2020")!))
        let records: [any DomainRecord] = Level.standard + units + [member, membership, official, position]
        _ = try await put(records)
    }

    /// Writes records in one transaction through the store's API; returns what was new and what unchanged.
    func put(_ records: [any DomainRecord], journal: JournalInput? = nil) async throws -> RecordCounts {
        try await store.writeRecords(
            dryRun: false, journal: journal.map { [$0] } ?? [], idempotency: nil,
            feed: { sink in for record in records { try sink.insert(record) } }, result: { $0 })
    }

    /// Writes one record: inserted or unchanged.
    func put(_ record: any DomainRecord, journal: JournalInput? = nil) async throws -> DomainWriter.Outcome {
        try await put([record], journal: journal).inserted == 1 ? .inserted : .unchanged
    }

    static let keyID = "0123456789abcdef0123456789abcdef"

    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// Runs a write expected to fail; returns the error's code and checks nothing at all was written.
    func refused(_ record: any DomainRecord) async throws -> String? {
        let before = try await store.counts()
        var code: String?
        do {
            _ = try await put(record, journal: journal())
        } catch let failure as RecordFailure {
            code = (failure.underlying as? ModelError)?.code.rawValue ?? (failure.underlying as? StoreError)?.code.rawValue
        }
        #expect(try await store.counts() == before)
        #expect(try await store.journal().isEmpty)
        return code
    }

    func journal() -> JournalInput {
        JournalInput(keyID: Self.keyID, requestID: Data([1]), operation: "test", envelope: Data([2]), at: 0)
    }
}

@Suite struct DomainWriterTests {
    @Test func sameRecordTwiceIsWrittenOnce() async throws {
        let f = try await Fixture()
        let member = try Member(id: "M2", fullName: "Hoàng Đức Anh")
        let first = try await f.put(member)
        let second = try await f.put(member)
        #expect(first == .inserted)
        #expect(second == .unchanged)
        #expect(try await f.store.counts()["member"] == 2)
        let other = try Member(id: "M2", fullName: "Hoàng Đức Ánh")
        #expect(try await f.refused(other) == "conflict")
    }

    @Test func namesAreStoredNFCWithASearchForm() async throws {
        let f = try await Fixture()
        let decomposed = try Member(id: "M3", fullName: "Hoàng Đức Anh".decomposedStringWithCanonicalMapping)
        _ = try await f.put(decomposed)
        let stored = try await f.store.list(RecordFilter(kind: .member, id: "M3")).records.first as? Member
        #expect(
            stored.map { Array($0.fullName.unicodeScalars) } == Array("Hoàng Đức Anh".precomposedStringWithCanonicalMapping.unicodeScalars))
        // The search form drops the diacritics, đ included.
        #expect(
            try await f.store.list(RecordFilter(kind: .member, search: "hoang duc anh")).records.compactMap { ($0 as? Member)?.id } == [
                "M3"
            ])
        // The NFC spelling of the same name is the same record, not a conflict.
        let composed = try Member(id: "M3", fullName: "Hoàng Đức Anh".precomposedStringWithCanonicalMapping)
        #expect(try await f.put(composed) == .unchanged)
    }

    @Test func unknownAndEndedUnitsAreRefused() async throws {
        let f = try await Fixture()
        let orphan = try PartyUnit(
            id: "X1", parentID: "NOPE", name: "Chi bộ ma", level: "cell", active: try DayRange(from: f.day("01/01/2026")))
        #expect(try await f.refused(orphan) == "not_found")
        let late = try Meeting(id: "H9", unitID: "HB.LS.CY.T02", date: f.day("03/08/2025"), kind: .regular, today: f.today)
        #expect(try await f.refused(late) == "inactive_unit")
        let nowhere = try Meeting(id: "H9", unitID: "NOPE", date: f.day("03/08/2025"), kind: .regular, today: f.today)
        #expect(try await f.refused(nowhere) == "not_found")
    }

    @Test func memberInTwoCellsOnTheSameDayIsRefused() async throws {
        let f = try await Fixture()
        let second = Membership(
            memberID: "M1", cellID: "HB.LS.CY.T02", days: try DayRange(from: f.day("01/01/2020"), until: f.day("01/01/2021")))
        #expect(try await f.refused(second) == "overlapping_membership")
        let inCommittee = Membership(memberID: "M1", cellID: "HB.LS.CY", days: try DayRange(from: f.day("01/01/2030")))
        #expect(try await f.refused(inCommittee) == "not_a_cell")
    }

    @Test func presenceOutsideTheCellRefusesTheWholeMeeting() async throws {
        let f = try await Fixture()
        let stranger = try Member(id: "M9", fullName: "Lò Văn Khánh")
        _ = try await f.put(stranger)
        let meeting = try Meeting(
            id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular,
            presence: ["M1": .present, "M9": .present], today: f.today)
        #expect(try await f.refused(meeting) == "not_in_cell")
        let good = try Meeting(
            id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, presence: ["M1": .present], today: f.today)
        #expect(try await f.put(good, journal: f.journal()) == .inserted)
        #expect(try await f.store.counts()["attendance"] == 1)
        #expect(try await f.store.journal().count == 1)
    }

    @Test func aMeetingAgainIsUnchangedOnlyWithTheSamePresenceList() async throws {
        let f = try await Fixture()
        _ = try await f.put(try Member(id: "M2", fullName: "Hoàng Đức Anh"))
        _ = try await f.put(Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: try DayRange(from: f.day("01/01/2020"))))
        func meeting(_ presence: [String: Presence]) throws -> Meeting {
            try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, presence: presence, today: f.today)
        }
        #expect(try await f.put(try meeting(["M1": .present, "M2": .absentExcused])) == .inserted)
        #expect(try await f.put(try meeting(["M2": .absentExcused, "M1": .present])) == .unchanged)
        #expect(try await f.refused(try meeting(["M1": .present, "M2": .present])) == "conflict")
        #expect(try await f.refused(try meeting(["M1": .present])) == "conflict")
        #expect(try await f.store.counts()["attendance"] == 2)
    }

    @Test func visitNeedsAPositionOnTheMeetingDay() async throws {
        let f = try await Fixture()
        let early = try Meeting(id: "H0", unitID: "HB.LS.CY.T01", date: f.day("03/09/2019"), kind: .regular, today: f.today)
        let recent = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        let nobody = try Official(id: "O2", fullName: "Đinh Thị Hoa")
        _ = try await f.put([early, recent, nobody])
        let beforeTerm = try Visit(id: "V0", meetingID: "H0", officialID: "O1")
        #expect(try await f.refused(beforeTerm) == "no_position")
        let noPosition = try Visit(id: "V1", meetingID: "H1", officialID: "O2")
        #expect(try await f.refused(noPosition) == "no_position")
        let ok = try Visit(id: "V2", meetingID: "H1", officialID: "O1", guidance: "Nâng cao chất lượng sinh hoạt")
        #expect(try await f.put(ok) == .inserted)
    }

    @Test func oneOfficialAtOneMeetingIsOneVisit() async throws {
        let f = try await Fixture()
        let meeting = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        let other = try Meeting(id: "H2", unitID: "HB.LS.CY.T01", date: f.day("10/11/2026"), kind: .thematic, today: f.today)
        _ = try await f.put([meeting, other])
        #expect(try await f.put(try Visit(id: "V1", meetingID: "H1", officialID: "O1")) == .inserted)
        // The same visit again is the same record; another code for the same official and meeting is refused.
        #expect(try await f.put(try Visit(id: "V1", meetingID: "H1", officialID: "O1")) == .unchanged)
        #expect(try await f.refused(try Visit(id: "V1b", meetingID: "H1", officialID: "O1")) == "second_visit")
        #expect(try await f.store.counts()["visit"] == 1)
        // A correction replaces the visit it corrects; after it, only a correction of the correction may follow.
        #expect(try await f.put(try Visit(id: "V2", meetingID: "H1", officialID: "O1", guidance: "Sửa", corrects: "V1")) == .inserted)
        #expect(try await f.refused(try Visit(id: "V3", meetingID: "H1", officialID: "O1", corrects: "V1")) == "second_visit")
        // Moving a visit onto a meeting where the official already has one is refused too; another meeting is fine.
        #expect(try await f.put(try Visit(id: "V4", meetingID: "H2", officialID: "O1")) == .inserted)
        #expect(try await f.refused(try Visit(id: "V5", meetingID: "H2", officialID: "O1", corrects: "V2")) == "second_visit")
        #expect(try await f.store.counts()["visit"] == 3)
    }

    @Test func assignmentsAreCheckedAndEndedByCorrection() async throws {
        let f = try await Fixture()
        let assignment = try Assignment(
            id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
            unitIDs: ["HB.LS.CY", "HB.LS.CY.T01"], valid: try DayRange(from: f.day("15/01/2026")))
        #expect(try await f.put(assignment) == .inserted)
        let ended = try assignment.ended(
            on: f.day("30/06/2026"), id: "A1-end", decisionNumber: "301-QĐ/HU", decisionDate: f.day("25/06/2026"))
        #expect(try await f.put(ended) == .inserted)
        #expect(try await f.store.counts()["assignment"] == 2)
        let toEndedCell = try Assignment(
            id: "A2", decisionNumber: "1", decisionDate: f.day("01/01/2026"), officialID: "O1",
            unitIDs: ["HB.LS.CY.T02"], valid: try DayRange(from: f.day("01/01/2026")))
        #expect(try await f.refused(toEndedCell) == "inactive_unit")
        let otherUnits = try Assignment(
            id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
            unitIDs: ["HB.LS.CY"], valid: try DayRange(from: f.day("15/01/2026")))
        #expect(try await f.refused(otherUnits) == "conflict")
    }

    @Test func ratingsAreOnePerSubjectAndYear() async throws {
        let f = try await Fixture()
        let cell = try Rating(year: 2025, subject: .unit("HB.LS.CY.T01"), grade: .good, decidedBy: "HB.LS.CY", today: f.today)
        let member = try Rating(year: 2025, subject: .member("M1"), grade: .excellent, decidedBy: "HB.LS.CY.T01", today: f.today)
        #expect(try await f.put(cell) == .inserted)
        #expect(try await f.put(member) == .inserted)
        #expect(try await f.put(cell) == .unchanged)
        let changed = try Rating(year: 2025, subject: .unit("HB.LS.CY.T01"), grade: .completed, decidedBy: "HB.LS.CY", today: f.today)
        #expect(try await f.refused(changed) == "conflict")
        // A member's rating is one a year too, and decided by the same unit; an unknown member is refused.
        let otherGrade = try Rating(year: 2025, subject: .member("M1"), grade: .good, decidedBy: "HB.LS.CY.T01", today: f.today)
        #expect(try await f.refused(otherGrade) == "conflict")
        let otherDecider = try Rating(year: 2025, subject: .member("M1"), grade: .excellent, decidedBy: "HB.LS.CY", today: f.today)
        #expect(try await f.refused(otherDecider) == "conflict")
        #expect(
            try await f.refused(try Rating(year: 2025, subject: .member("M9"), grade: .good, decidedBy: "HB", today: f.today))
                == "not_found")
        // Another year is another rating.
        #expect(
            try await f.put(try Rating(year: 2024, subject: .member("M1"), grade: .good, decidedBy: "HB.LS.CY.T01", today: f.today))
                == .inserted)
        #expect(try await f.store.counts()["rating"] == 3)
    }

    @Test func recommendationsGrowTheirHistoryOnLaterImports() async throws {
        let f = try await Fixture()
        let meeting = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/09/2026"), kind: .regular, today: f.today)
        _ = try await f.put(meeting)
        let received = Recommendation.Step(status: .received, day: f.day("03/09/2026"))
        let answered = Recommendation.Step(status: .answered, day: f.day("02/10/2026"))
        let first = try Recommendation(id: "R1", meetingID: "H1", text: "Sửa đường", receivedBy: "O1", steps: [received])
        let later = try Recommendation(id: "R1", meetingID: "H1", text: "Sửa đường", receivedBy: "O1", steps: [received, answered])
        #expect(try await f.put(first) == .inserted)
        #expect(try await f.put(later) == .inserted)
        #expect(try await f.put(later) == .unchanged)
        #expect(try await f.store.counts()["recommendationStep"] == 2)
    }

    @Test func monthlyReportIsRecordedOnce() async throws {
        let f = try await Fixture()
        let report = try MonthlyReport(
            unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-10")!, submittedOn: f.day("05/11/2026"),
            submittedBy: "Bùi Văn Tâm", today: f.today)
        #expect(try await f.put(report) == .inserted)
        #expect(try await f.put(report) == .unchanged)
        let other = try MonthlyReport(
            unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-10")!, submittedOn: f.day("20/11/2026"),
            submittedBy: "Bùi Văn Tâm", today: f.today)
        #expect(try await f.refused(other) == "conflict")
    }
}
