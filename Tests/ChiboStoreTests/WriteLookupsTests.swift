import ChiboModel
import Foundation
import GRDB
import Testing

@testable import ChiboStore

/// A write keeps the units and the cell's members its meetings looked up (`WriteLookups`); a record of another
/// kind in the same write must be seen by the meetings after it.
@Suite struct WriteLookupsTests {
    func meeting(_ f: Fixture, _ id: String, _ day: String, _ presence: [String: Presence]) throws -> Meeting {
        try Meeting(id: id, unitID: "HB.LS.CY.T01", date: f.day(day), kind: .regular, presence: presence, today: f.today)
    }

    func counts(_ f: Fixture) async throws -> [String] {
        try await f.store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT id || ' ' || presentCount || '/' || expectedCount FROM meeting ORDER BY id")
        }
    }

    @Test func aMemberJoiningMidWriteIsInTheCellForTheMeetingsAfter() async throws {
        let f = try await Fixture()
        let since = try DayRange(from: f.day("01/01/2020"))
        let counts = try await f.put([
            try meeting(f, "H1", "03/03/2026", ["M1": .present]),
            try Member(id: "M2", fullName: "Hà Thị Lan"), Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: since),
            try meeting(f, "H2", "03/04/2026", ["M1": .present, "M2": .absentUnexcused]),
        ])
        #expect(counts.inserted == 4)
        #expect(try await self.counts(f) == ["H1 1/1", "H2 1/2"])
    }

    @Test func anExemptionWrittenMidWriteLeavesTheMemberOutOfTheMeetingsAfter() async throws {
        let f = try await Fixture()
        _ = try await f.put([
            try meeting(f, "H1", "03/03/2026", ["M1": .present]),
            try MemberStatusPeriod(memberID: "M1", status: .exempt, reason: "tuổi cao", days: DayRange(from: f.day("01/04/2026"))),
            try meeting(f, "H2", "03/04/2026", ["M1": .present]),
        ])
        #expect(try await counts(f) == ["H1 1/1", "H2 0/0"])
    }

    @Test func aMeetingOfAnotherCellIsCheckedAgainstThatCellsMembers() async throws {
        let f = try await Fixture()
        let before = try await f.store.counts()
        var failure: RecordFailure?
        do {
            _ = try await f.put([
                try meeting(f, "H1", "05/03/2025", ["M1": .present]),
                try Meeting(
                    id: "H2", unitID: "HB.LS.CY.T02", date: f.day("05/03/2025"), kind: .regular, presence: ["M1": .present],
                    today: f.today),
            ])
        } catch let error as RecordFailure {
            failure = error
        }
        #expect(failure?.index == 1)
        #expect((failure?.underlying as? ModelError)?.code == .notInCell)
        #expect(try await f.store.counts() == before)
    }

    /// A member just written is known to hold no membership, but only for the membership right after it.
    @Test func aNewMembersSecondMembershipIsCheckedAgainstItsFirst() async throws {
        let f = try await Fixture()
        let before = try await f.store.counts()
        var failure: RecordFailure?
        do {
            _ = try await f.put([
                try Member(id: "M2", fullName: "Hà Thị Lan"),
                Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: try DayRange(from: f.day("01/01/2020"))),
                Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: try DayRange(from: f.day("01/01/2021"))),
            ])
        } catch let error as RecordFailure {
            failure = error
        }
        #expect(failure?.index == 2)
        #expect(try await f.store.counts() == before)
        #expect(
            try await f.put([
                try Member(id: "M2", fullName: "Hà Thị Lan"),
                Membership(memberID: "M2", cellID: "HB.LS.CY.T01", days: try DayRange(from: f.day("01/01/2020"))),
            ]).inserted == 2)
    }

    @Test func aPositionWrittenMidWriteCountsForTheVisitsAfter() async throws {
        let f = try await Fixture()
        let early = try Meeting(id: "H0", unitID: "HB.LS.CY.T01", date: f.day("03/09/2019"), kind: .regular, today: f.today)
        let recent = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        _ = try await f.put([early, recent])
        // O1's term starts in 2020: the first visit keeps its positions, the earlier term makes the second valid.
        let earlierTerm = Position(
            officialID: "O1", committeeID: "HB.LS.CY", role: .executiveMember,
            term: try DayRange(from: f.day("01/01/2019"), until: f.day("30/09/2020")))
        let counts = try await f.put([
            try Visit(id: "V1", meetingID: "H1", officialID: "O1"), earlierTerm, try Visit(id: "V0", meetingID: "H0", officialID: "O1"),
        ])
        #expect(counts.inserted == 3)
    }

    @Test func aVisitByNoOfficialIsRefusedWithinAWriteThatKnowsOthers() async throws {
        let f = try await Fixture()
        let meeting = try Meeting(id: "H1", unitID: "HB.LS.CY.T01", date: f.day("03/11/2026"), kind: .regular, today: f.today)
        _ = try await f.put(meeting)
        let known = try Visit(id: "V1", meetingID: "H1", officialID: "O1")
        let unknown = try Visit(id: "V2", meetingID: "H1", officialID: "O9")
        await #expect(throws: RecordFailure.self) { _ = try await f.put([known, unknown]) }
        do { _ = try await f.put([known, unknown]) } catch let failure as RecordFailure {
            #expect((failure.underlying as? StoreError)?.code == .notFound)
            #expect((failure.underlying as? StoreError)?.message == "no official O9")
        }
        #expect(try await f.store.counts()["visit"] == 0)
    }
}
