import ChiboModel
import Foundation
import Testing

@Suite struct DomainRuleTests {
    let today = CalendarDay("23/11/2026")!
    func day(_ text: String) -> CalendarDay { CalendarDay(text)! }
    func range(_ from: String, _ until: String? = nil) throws -> DayRange {
        try DayRange(from: day(from), until: until.map(day))
    }
    func code(_ body: () throws -> Void) -> ModelError.Code? {
        do { try body() } catch let error as ModelError { return error.code } catch { return nil }
        return nil
    }

    @Test func rangesRefuseEndingBeforeStarting() throws {
        #expect(code { _ = try range("01/02/2026", "31/01/2026") } == .endsBeforeStart)
        let oneDay = try range("01/02/2026", "01/02/2026")
        #expect(oneDay.contains(day("01/02/2026")))
        #expect(!oneDay.contains(day("02/02/2026")))
        #expect(try range("01/01/2026").contains(day("31/12/2099")))
    }

    @Test func rangesOverlapWhenTheyShareADay() throws {
        #expect(try range("01/01/2026", "31/03/2026").overlaps(range("31/03/2026", "30/06/2026")))
        #expect(try !range("01/01/2026", "30/03/2026").overlaps(range("31/03/2026")))
        #expect(try range("01/01/2026").overlaps(range("01/01/2020", "01/01/2026")))
    }

    @Test func endedUnitRefusesRecordsAfterItsEnd() throws {
        let unit = try PartyUnit(
            id: "HB.LS.T01", parentID: "HB.LS", name: "Chi bộ thôn 1", level: "cell",
            residential: true, regularMeetingDay: 3, active: range("01/01/2015", "30/06/2025"))
        try unit.requireActive(on: day("30/06/2025"))
        #expect(code { try unit.requireActive(on: day("01/07/2025")) } == .inactiveUnit)
        #expect(
            code { _ = try PartyUnit(id: "X", parentID: nil, name: "x", level: "cell", regularMeetingDay: 32, active: range("01/01/2020")) }
                == .outOfRange)
        #expect(code { _ = try PartyUnit(id: "X", parentID: "X", name: "x", level: "cell", active: range("01/01/2020")) } == .outOfRange)
        #expect(code { _ = try PartyUnit(id: " ", parentID: nil, name: "x", level: "cell", active: range("01/01/2020")) } == .emptyField)
    }

    @Test func memberIsInOneCellAtATime() throws {
        let first = Membership(memberID: "M1", cellID: "C1", days: try range("01/01/2020", "31/05/2026"))
        let overlapping = Membership(memberID: "M1", cellID: "C2", days: try range("31/05/2026"))
        #expect(code { try Membership.requireNoOverlap(overlapping, with: [first]) } == .overlappingMembership)
        let next = Membership(memberID: "M1", cellID: "C2", days: try range("01/06/2026"))
        try Membership.requireNoOverlap(next, with: [first])
        let someoneElse = Membership(memberID: "M2", cellID: "C2", days: try range("01/01/2020"))
        try Membership.requireNoOverlap(someoneElse, with: [first])
    }

    @Test func exemptionNeedsAReason() throws {
        #expect(code { _ = try MemberStatusPeriod(memberID: "M1", status: .exempt, days: range("01/01/2026")) } == .emptyField)
        let exempt = try MemberStatusPeriod(memberID: "M1", status: .exempt, reason: "Tuổi cao, sức khỏe yếu", days: range("01/01/2026"))
        #expect(exempt.reason == "Tuổi cao, sức khỏe yếu")
    }

    @Test func namesAreStoredInNFC() throws {
        let decomposed = "Nguyễn Thị Hường".decomposedStringWithCanonicalMapping
        let member = try Member(id: "M1", fullName: decomposed)
        #expect(Array(member.fullName.unicodeScalars) == Array("Nguyễn Thị Hường".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(member.givenName == "Hường")
    }

    @Test func meetingsInTheFutureOrOutOfRangeAreRefused() throws {
        #expect(CalendarDay("31/02/2026") == nil)
        #expect(code { _ = try Meeting(id: "H1", unitID: "C1", date: day("24/11/2026"), kind: .regular, today: today) } == .futureDate)
        #expect(
            code { _ = try Meeting(id: "H1", unitID: "C1", date: day("03/11/2026"), kind: .regular, score: 101, today: today) }
                == .outOfRange)
        #expect(
            code { _ = try Meeting(id: "H1", unitID: "C1", date: day("03/11/2026"), kind: .regular, durationMinutes: 0, today: today) }
                == .outOfRange)
        let meeting = try Meeting(id: "H1", unitID: "C1", date: day("23/11/2026"), kind: .regular, today: today)
        #expect(meeting.date == today)
    }

    @Test func presenceListNamesOnlyMembersOfTheCellOnTheDay() throws {
        let memberships = [
            Membership(memberID: "M1", cellID: "C1", days: try range("01/01/2020")),
            Membership(memberID: "M2", cellID: "C1", days: try range("01/01/2020", "31/10/2026")),
            Membership(memberID: "M3", cellID: "C2", days: try range("01/01/2020")),
        ]
        let ok = try Meeting(
            id: "H1", unitID: "C1", date: day("03/10/2026"), kind: .regular,
            presence: ["M1": .present, "M2": .absentExcused], today: today)
        try ok.requirePresenceInCell(memberships)
        let moved = try Meeting(
            id: "H2", unitID: "C1", date: day("03/11/2026"), kind: .regular,
            presence: ["M1": .present, "M2": .present], today: today)
        #expect(code { try moved.requirePresenceInCell(memberships) } == .notInCell)
        let stranger = try Meeting(
            id: "H3", unitID: "C1", date: day("03/11/2026"), kind: .regular,
            presence: ["M1": .present, "M3": .present], today: today)
        #expect(code { try stranger.requirePresenceInCell(memberships) } == .notInCell)
    }

    @Test func attendanceLeavesExemptMembersOut() throws {
        let meeting = try Meeting(
            id: "H1", unitID: "C1", date: day("03/11/2026"), kind: .regular,
            presence: ["A": .present, "B": .present, "C": .absentExcused, "D": .exempt, "E": .absentUnexcused],
            today: today)
        #expect(meeting.attendance == (present: 2, expected: 4))
    }

    @Test func visitNeedsAnOfficialWithAPositionOnTheDay() throws {
        let positions = [
            Position(officialID: "O1", committeeID: "HB.LS", role: .standingMember, term: try range("01/10/2020", "30/09/2025"))
        ]
        try Position.requireHeld(by: "O1", on: day("30/09/2025"), in: positions)
        #expect(code { try Position.requireHeld(by: "O1", on: day("01/10/2025"), in: positions) } == .noPosition)
        #expect(code { try Position.requireHeld(by: "O2", on: day("01/01/2023"), in: positions) } == .noPosition)
    }

    @Test func endingAnAssignmentAddsACorrectionAndKeepsTheOriginal() throws {
        let original = try Assignment(
            id: "A1", decisionNumber: "125-QĐ/HU", decisionDate: day("15/01/2026"),
            officialID: "O1", unitIDs: ["C1", "C2"], valid: range("15/01/2026"))
        let ended = try original.ended(on: day("30/06/2026"), id: "A1-end", decisionNumber: "301-QĐ/HU", decisionDate: day("25/06/2026"))
        #expect(ended.corrects == "A1")
        #expect(ended.valid.end == day("30/06/2026"))
        #expect(original.valid.end == nil)
        #expect(
            code { _ = try original.ended(on: day("01/01/2026"), id: "A1-x", decisionNumber: "x", decisionDate: day("01/01/2026")) }
                == .endsBeforeStart)
        #expect(
            code {
                _ = try Assignment(
                    id: "A2", decisionNumber: "1", decisionDate: day("01/01/2026"), officialID: "O1", unitIDs: ["C1", "C1"],
                    valid: range("01/01/2026"))
            } == .duplicate)
        #expect(
            code {
                _ = try Assignment(
                    id: "A2", decisionNumber: "1", decisionDate: day("01/01/2026"), officialID: "O1", unitIDs: [],
                    valid: range("01/01/2026"))
            } == .emptyField)
    }

    @Test func recommendationsMoveForwardOnly() throws {
        let received = Recommendation.Step(status: .received, day: day("03/09/2026"))
        let forwarded = Recommendation.Step(status: .forwarded, day: day("10/09/2026"), note: "Gửi UBND xã")
        let answered = Recommendation.Step(status: .answered, day: day("02/10/2026"))
        let done = try Recommendation(
            id: "R1", meetingID: "H1", text: "Sửa đường thôn", receivedBy: "O1", steps: [received, forwarded, answered])
        #expect(done.status == .answered)
        #expect(done.daysWaiting(today: today) == 29)
        let open = try Recommendation(id: "R2", meetingID: "H1", text: "Đèn đường", receivedBy: "O1", steps: [received])
        #expect(open.daysWaiting(today: today) == 81)
        #expect(
            code { _ = try Recommendation(id: "R3", meetingID: "H1", text: "x", receivedBy: "O1", steps: [received, answered, forwarded]) }
                == .badTransition)
        #expect(
            code { _ = try Recommendation(id: "R4", meetingID: "H1", text: "x", receivedBy: "O1", steps: [forwarded]) } == .badTransition)
    }

    @Test func reportsAndRatingsAreDatedPlausibly() throws {
        let october = CalendarMonth("2026-10")!
        _ = try MonthlyReport(unitID: "C1", month: october, submittedOn: day("05/11/2026"), submittedBy: "Bí thư", today: today)
        #expect(
            code { _ = try MonthlyReport(unitID: "C1", month: october, submittedOn: day("30/09/2026"), submittedBy: "x", today: today) }
                == .outOfRange)
        #expect(
            code { _ = try MonthlyReport(unitID: "C1", month: october, submittedOn: day("30/11/2026"), submittedBy: "x", today: today) }
                == .futureDate)
        #expect(code { _ = try Rating(year: 2027, subject: .unit("C1"), grade: .good, decidedBy: "HB.LS", today: today) } == .outOfRange)
        #expect(CalendarMonth("10/2026") == october)
        #expect(october.last == day("31/10/2026"))
        #expect(CalendarMonth("2026-13") == nil)
    }

    @Test func dayDifferencesAreExact() {
        #expect(day("01/01/2024").days(until: day("01/01/2025")) == 366)
        #expect(day("28/02/2026").days(until: day("01/03/2026")) == 1)
        #expect(day("01/03/2026").days(until: day("28/02/2026")) == -1)
    }
}
