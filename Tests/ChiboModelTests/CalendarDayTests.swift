import ChiboModel
import Foundation
import Testing

@Suite struct CalendarDayTests {
    @Test func parsesBothWrittenForms() {
        #expect(CalendarDay("2026-11-23") == CalendarDay(year: 2026, month: 11, day: 23))
        #expect(CalendarDay("23/11/2026") == CalendarDay(year: 2026, month: 11, day: 23))
        #expect(CalendarDay("3/1/2020") == CalendarDay(year: 2020, month: 1, day: 3))
    }

    @Test(arguments: ["31/02/2026", "29/02/2026", "2026-13-01", "00/01/2026", "2026-04-31", "", "23-11-2026", "1/1/26"])
    func refusesImpossibleOrMalformedDates(_ text: String) {
        #expect(CalendarDay(text) == nil)
    }

    /// The stored form's own parser, which reports feed a database column's bytes, takes nothing else.
    @Test(arguments: [
        "2026-11-2x", "2026/11/23", "2026-11-230", "2026-11-2", "2026-02-30", "2026-1-023", "-2026-11-2", "23/11/2026", "",
    ])
    func storedFormIsExact(_ text: String) {
        #expect(CalendarDay(stored: text) == nil)
        #expect(Array(text.utf8).withUnsafeBufferPointer { CalendarDay(storedUTF8: $0) } == nil)
    }

    @Test func storedFormReadsItsBytes() {
        #expect(
            Array("2024-02-29".utf8).withUnsafeBufferPointer { CalendarDay(storedUTF8: $0) } == CalendarDay(year: 2024, month: 2, day: 29))
        #expect(CalendarDay(stored: "0001-01-01") == CalendarDay(year: 1, month: 1, day: 1))
    }

    @Test func leapDaysFollowTheGregorianRules() {
        #expect(CalendarDay("29/02/2024") != nil)
        #expect(CalendarDay("29/02/2000") != nil)
        #expect(CalendarDay("29/02/1900") == nil)
    }

    @Test func printsVietnameseAndStorageForms() {
        let day = CalendarDay(year: 2019, month: 4, day: 16)!
        #expect(day.vietnamese == "16/04/2019")
        #expect(day.iso == "2019-04-16")
        #expect("\(day)" == "16/04/2019")
    }

    @Test func todayIsTheDayInHoChiMinhCity() {
        // 2026-11-23T18:30Z is already 24/11 in Asia/Ho_Chi_Minh (UTC+7).
        let evening = Date(timeIntervalSince1970: 1_795_458_600)
        #expect(CalendarDay.today(now: evening) == CalendarDay(year: 2026, month: 11, day: 24))
        let morning = Date(timeIntervalSince1970: 1_795_458_600 - 12 * 3600)
        #expect(CalendarDay.today(now: morning) == CalendarDay(year: 2026, month: 11, day: 23))
    }

    @Test func ordersByDate() {
        #expect(CalendarDay("31/12/2025")! < CalendarDay("01/01/2026")!)
        #expect(CalendarDay("01/02/2026")! > CalendarDay("31/01/2026")!)
    }

    @Test func ordinalRoundTripsEveryDayFrom1899To2101() {
        var day = CalendarDay(year: 1899, month: 1, day: 1)!
        var ordinal = day.ordinal
        while day.year <= 2100 {
            #expect(CalendarDay(ordinal: ordinal) == day)
            let next =
                CalendarDay(year: day.year, month: day.month, day: day.day + 1)
                ?? CalendarDay(year: day.year, month: day.month + 1, day: 1) ?? CalendarDay(year: day.year + 1, month: 1, day: 1)!
            ordinal += 1
            #expect(next.ordinal == ordinal)
            day = next
        }
        #expect(CalendarDay(ordinal: CalendarDay("29/02/2000")!.ordinal) == CalendarDay("29/02/2000"))
        #expect(CalendarDay(ordinal: CalendarDay("01/03/1900")!.ordinal - 1) == CalendarDay("28/02/1900"))
    }
}

@Suite struct CalendarMonthTests {
    /// The stored form has a quick path; every other spelling the general one, with the same answers.
    @Test func monthsParseInBothForms() {
        #expect(CalendarMonth("2025-03") == CalendarMonth(year: 2025, month: 3))
        #expect(CalendarMonth("03/2025") == CalendarMonth(year: 2025, month: 3))
        #expect(CalendarMonth("2025-3") == CalendarMonth(year: 2025, month: 3))
        #expect(CalendarMonth("2025-13") == nil)
        #expect(CalendarMonth("2025-00") == nil)
        #expect(CalendarMonth("2025-1a") == nil)
        #expect(CalendarMonth("0000-01") == nil)
        #expect(CalendarMonth("2025-031") == nil)
        #expect(CalendarMonth("2025/03") == nil)
        #expect(CalendarMonth("") == nil)
        #expect(CalendarMonth("2025-03").map { $0.iso } == "2025-03")
    }
}

@Suite struct RoleTests {
    @Test func labelsInBothLanguages() {
        #expect(Role.admin.label(.vi) == "quản trị")
        #expect(Role.clerk.label(.en) == "clerk")
        #expect(Set(Role.allCases.map { $0.label(.vi) }).count == Role.allCases.count)
    }
}
