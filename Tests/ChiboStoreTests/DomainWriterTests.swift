import ChiboModel
import ChiboStore
import Foundation
import GRDB
import Testing

/// A fresh database in a temporary directory, with a small tree:
/// province HB > district HB.LS > commune HB.LS.CY > cells T01 (residential), T02; member M1 in T01.
final class Fixture {
    let directory: URL
    let store: Store
    let today = CalendarDay("23/11/2026")!

    init() async throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chibo-store-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The journal's chain hash is irrelevant here; the store only needs a deterministic function.
        store = try Store.create(at: directory.appendingPathComponent("t.sqlite").path) { Data($0.reversed()) }
        try store.enrolFirstAdmin(EnrolledKey(id: Self.keyID, publicKey: Data(repeating: 7, count: 32), role: .clerk,
                                              name: "Văn thư", createdAt: 0, createdBy: nil))
        let since = try DayRange(from: CalendarDay("01/01/2015")!)
        let units = [
            try PartyUnit(id: "HB", parentID: nil, name: "Đảng bộ tỉnh Hòa Bình", level: "province", active: since),
            try PartyUnit(id: "HB.LS", parentID: "HB", name: "Đảng bộ huyện Lương Sơn", level: "district", active: since),
            try PartyUnit(id: "HB.LS.CY", parentID: "HB.LS", name: "Đảng bộ xã Cư Yên", level: "grassroots",
                          especiallyDifficult: true, active: since),
            try PartyUnit(id: "HB.LS.CY.T01", parentID: "HB.LS.CY", name: "Chi bộ xóm Rụ 1", level: "cell",
                          residential: true, regularMeetingDay: 3, active: since),
            try PartyUnit(id: "HB.LS.CY.T02", parentID: "HB.LS.CY", name: "Chi bộ xóm Rụ 2", level: "cell",
                          residential: true, regularMeetingDay: 5, active: try DayRange(from: CalendarDay("01/01/2015")!, until: CalendarDay("30/06/2025")!)),
        ]
        let member = try Member(id: "M1", fullName: "Bùi Văn Tâm")
        let membership = Membership(memberID: "M1", cellID: "HB.LS.CY.T01", days: since)
        let official = try Official(id: "O1", fullName: "Nguyễn Văn Sơn")
        let position = Position(officialID: "O1", committeeID: "HB.LS", role: .standingMember, term: try DayRange(from: CalendarDay("01/10/2020")!))
        try await store.write(journal: nil) { db in
            for level in Level.standard { _ = try DomainWriter.insert(level, in: db) }
            for unit in units { _ = try DomainWriter.insert(unit, in: db) }
            _ = try DomainWriter.insert(member, in: db)
            _ = try DomainWriter.insert(membership, in: db)
            _ = try DomainWriter.insert(official, in: db)
            _ = try DomainWriter.insert(position, in: db)
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static let keyID = "0123456789abcdef0123456789abcdef"

    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }

    /// Runs a write expected to fail; returns the error's code and checks nothing at all was written.
    func refused(_ body: @Sendable @escaping (Database) throws -> Void) async throws -> String? {
        let before = try await store.counts()
        var code: String?
        do {
            try await store.write(journal: journal()) { try body($0) }
        } catch let error as ModelError {
            code = error.code.rawValue
        } catch let error as StoreError {
            code = error.code.rawValue
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
        let first = try await f.store.write(journal: nil) { try DomainWriter.insert(member, in: $0) }
        let second = try await f.store.write(journal: nil) { try DomainWriter.insert(member, in: $0) }
        #expect(first == .inserted)
        #expect(second == .unchanged)
        #expect(try await f.store.counts()["member"] == 2)
        let other = try Member(id: "M2", fullName: "Hoàng Đức Ánh")
        #expect(try await f.refused { _ = try DomainWriter.insert(other, in: $0) } == "conflict")
    }

    @Test func namesAreStoredNFCWithASearchForm() async throws {
        let f = try await Fixture()
        let decomposed = try Member(id: "M3", fullName: "Hoàng Đức Anh".decomposedStringWithCanonicalMapping)
        _ = try await f.store.write(journal: nil) { try DomainWriter.insert(decomposed, in: $0) }
        let row = try await f.store.pool.read { try Row.fetchOne($0, sql: "SELECT fullName, nameSearch FROM member WHERE id = 'M3'")! }
        #expect(Array((row["fullName"] as String).unicodeScalars) == Array("Hoàng Đức Anh".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(row["nameSearch"] as String == "hoang duc anh")
        // The NFC spelling of the same name is the same record, not a conflict.
        let composed = try Member(id: "M3", fullName: "Hoàng Đức Anh".precomposedStringWithCanonicalMapping)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(composed, in: $0) } == .unchanged)
    }

    @Test func unknownAndEndedUnitsAreRefused() async throws {
        let f = try await Fixture()
        let orphan = try PartyUnit(id: "X1", parentID: "NOPE", name: "Chi bộ ma", level: "cell", active: try DayRange(from: f.day("01/01/2026")))
        #expect(try await f.refused { _ = try DomainWriter.insert(orphan, in: $0) } == "not_found")
        let late = try Meeting(id: "H9", unitID: "HB.LS.CY.T02", date: f.day("03/08/2025"), kind: .regular, today: f.today)
        #expect(try await f.refused { _ = try DomainWriter.insert(late, in: $0) } == "inactive_unit")
        let nowhere = try Meeting(id: "H9", unitID: "NOPE", date: f.day("03/08/2025"), kind: .regular, today: f.today)
        #expect(try await f.refused { _ = try DomainWriter.insert(nowhere, in: $0) } == "not_found")
    }

    @Test func memberInTwoCellsOnTheSameDayIsRefused() async throws {
        let f = try await Fixture()
        let second = Membership(memberID: "M1", cellID: "HB.LS.CY.T02", days: try DayRange(from: f.day("01/01/2020"), until: f.day("01/01/2021")))
        #expect(try await f.refused { _ = try DomainWriter.insert(second, in: $0) } == "overlapping_membership")
        let inCommittee = Membership(memberID: "M1", cellID: "HB.LS.CY", days: try DayRange(from: f.day("01/01/2030")))
        #expect(try await f.refused { _ = try DomainWriter.insert(inCommittee, in: $0) } == "not_a_cell")
    }

    @Test func presenceOutsideTheCellRefusesTheWholeMeeting() async throws {
        let f = try await Fixture()
        let stranger = try Member(id: "M9", fullName: "Lò Văn Khánh")
        _ = try await f.store.write(journal: nil) { try DomainWriter.insert(stranger, in: $0) }
        let meeting = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular,
                                  presence: ["M1": .present, "M9": .present], today: f.today)
        #expect(try await f.refused { _ = try DomainWriter.insert(meeting, in: $0) } == "not_in_cell")
        let good = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, presence: ["M1": .present], today: f.today)
        #expect(try await f.store.write(journal: f.journal()) { try DomainWriter.insert(good, in: $0) } == .inserted)
        #expect(try await f.store.counts()["attendance"] == 1)
        #expect(try await f.store.journal().count == 1)
    }

    @Test func visitNeedsAPositionOnTheMeetingDay() async throws {
        let f = try await Fixture()
        let early = try Meeting(id: "H0", unitID: "HB.LS.CY.T01", date: f.day("03/09/2019"), kind: .regular, today: f.today)
        let recent = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        let nobody = try Official(id: "O2", fullName: "Đinh Thị Hoa")
        _ = try await f.store.write(journal: nil) { db in
            _ = try DomainWriter.insert(early, in: db)
            _ = try DomainWriter.insert(recent, in: db)
            _ = try DomainWriter.insert(nobody, in: db)
        }
        let beforeTerm = try Visit(id: "V0", meetingID: "H0", officialID: "O1")
        #expect(try await f.refused { _ = try DomainWriter.insert(beforeTerm, in: $0) } == "no_position")
        let noPosition = try Visit(id: "V1", meetingID: "H1", officialID: "O2")
        #expect(try await f.refused { _ = try DomainWriter.insert(noPosition, in: $0) } == "no_position")
        let ok = try Visit(id: "V2", meetingID: "H1", officialID: "O1", guidance: "Nâng cao chất lượng sinh hoạt")
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(ok, in: $0) } == .inserted)
    }

    @Test func assignmentsAreCheckedAndEndedByCorrection() async throws {
        let f = try await Fixture()
        let assignment = try Assignment(id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
                                        unitIDs: ["HB.LS.CY", "HB.LS.CY.T01"], valid: try DayRange(from: f.day("15/01/2026")))
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(assignment, in: $0) } == .inserted)
        let ended = try assignment.ended(on: f.day("30/06/2026"), id: "A1-end", decisionNumber: "301-QĐ/HU", decisionDate: f.day("25/06/2026"))
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(ended, in: $0) } == .inserted)
        #expect(try await f.store.counts()["assignment"] == 2)
        let toEndedCell = try Assignment(id: "A2", decisionNumber: "1", decisionDate: f.day("01/01/2026"), officialID: "O1",
                                         unitIDs: ["HB.LS.CY.T02"], valid: try DayRange(from: f.day("01/01/2026")))
        #expect(try await f.refused { _ = try DomainWriter.insert(toEndedCell, in: $0) } == "inactive_unit")
        let otherUnits = try Assignment(id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: f.day("15/01/2026"), officialID: "O1",
                                        unitIDs: ["HB.LS.CY"], valid: try DayRange(from: f.day("15/01/2026")))
        #expect(try await f.refused { _ = try DomainWriter.insert(otherUnits, in: $0) } == "conflict")
    }

    @Test func ratingsAreOnePerSubjectAndYear() async throws {
        let f = try await Fixture()
        let cell = try Rating(year: 2025, subject: .unit("HB.LS.CY.T01"), grade: .good, decidedBy: "HB.LS.CY", today: f.today)
        let member = try Rating(year: 2025, subject: .member("M1"), grade: .excellent, decidedBy: "HB.LS.CY.T01", today: f.today)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(cell, in: $0) } == .inserted)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(member, in: $0) } == .inserted)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(cell, in: $0) } == .unchanged)
        let changed = try Rating(year: 2025, subject: .unit("HB.LS.CY.T01"), grade: .completed, decidedBy: "HB.LS.CY", today: f.today)
        #expect(try await f.refused { _ = try DomainWriter.insert(changed, in: $0) } == "conflict")
    }

    @Test func recommendationsGrowTheirHistoryOnLaterImports() async throws {
        let f = try await Fixture()
        let meeting = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/09/2026"), kind: .regular, today: f.today)
        _ = try await f.store.write(journal: nil) { try DomainWriter.insert(meeting, in: $0) }
        let received = Recommendation.Step(status: .received, day: f.day("03/09/2026"))
        let answered = Recommendation.Step(status: .answered, day: f.day("02/10/2026"))
        let first = try Recommendation(id: "R1", meetingID: "H1", text: "Sửa đường", receivedBy: "O1", steps: [received])
        let later = try Recommendation(id: "R1", meetingID: "H1", text: "Sửa đường", receivedBy: "O1", steps: [received, answered])
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(first, in: $0) } == .inserted)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(later, in: $0) } == .inserted)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(later, in: $0) } == .unchanged)
        #expect(try await f.store.counts()["recommendationStep"] == 2)
    }

    @Test func monthlyReportIsRecordedOnce() async throws {
        let f = try await Fixture()
        let report = try MonthlyReport(unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-10")!, submittedOn: f.day("05/11/2026"),
                                       submittedBy: "Bùi Văn Tâm", today: f.today)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(report, in: $0) } == .inserted)
        #expect(try await f.store.write(journal: nil) { try DomainWriter.insert(report, in: $0) } == .unchanged)
        let other = try MonthlyReport(unitID: "HB.LS.CY.T01", month: CalendarMonth("2026-10")!, submittedOn: f.day("20/11/2026"),
                                      submittedBy: "Bùi Văn Tâm", today: f.today)
        #expect(try await f.refused { _ = try DomainWriter.insert(other, in: $0) } == "conflict")
    }
}
