import ChiboModel
import Testing

@Suite struct ReportTests {
    let today = CalendarDay("23/11/2026")!

    /// Hòa Bình 2021: 3.174 cells rated 604 / 2.364 / 201 / 5.
    @Test func ratingsInTheSeedsForm() throws {
        var ratings: [Rating] = []
        for (grade, count) in [(RatingGrade.excellent, 604), (.good, 2364), (.completed, 201), (.notCompleted, 5)] {
            for index in 0..<count {
                ratings.append(
                    try Rating(year: 2021, subject: .unit("C\(grade.rawValue)\(index)"), grade: grade, decidedBy: "HB", today: today))
            }
        }
        let report = RatingsReport.build(ratings, year: 2021, committeeMembers: [], targets: [], language: .vi)
        let shares = try #require(report.table("cells")).rows.map { $0[2].formatted(.vi) }
        #expect(shares == ["604/3.174 = 19,03%", "2.364/3.174 = 74,48%", "201/3.174 = 6,33%", "5/3.174 = 0,16%"])
        #expect(try #require(report.table("cells")).rows[1][2].formatted(.en) == "2,364/3,174 = 74.48%")
        #expect(try #require(report.table("cells")).rows[1][0] == .coded(code: "hoan_thanh_tot", label: "Hoàn thành tốt nhiệm vụ"))
    }

    @Test func periodsParseAndSplit() throws {
        #expect(Period("2025-Q2")?.days == (try DayRange(from: CalendarDay("01/04/2025")!, until: CalendarDay("30/06/2025")!)))
        #expect(Period("Q2/2025") == Period("2025-Q2"))
        #expect(Period("05/2025")?.code == "2025-05")
        #expect(Period("2025-H2")?.first == CalendarDay("01/07/2025"))
        #expect(Period("2024")?.dayCount == 366)
        #expect(Period("2025-Q5") == nil)
        #expect(Period("2025-13") == nil)
        #expect(Period("2025")!.split(into: .quarter).map(\.code) == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"])
        #expect(Period("2025-H2")!.split(into: .month).first?.code == "2025-07")
        #expect(Period("2025-Q3")!.label(.vi) == "Quý III/2025")
    }

    @Test func qualityClassesAndTheTarget() throws {
        let cells = ["A", "B", "C", "D", "E"].map {
            CellFacts(
                id: $0, name: "Chi bộ \($0)", regularMeetingDay: nil,
                active: try! DayRange(from: CalendarDay("01/01/2020")!))
        }
        func meeting(_ cell: String, _ date: String, _ score: Int) -> MeetingFacts {
            MeetingFacts(
                id: "\(cell)-\(date)", unitID: cell, date: CalendarDay(date)!, kind: .regular, committeeMetFirst: true,
                score: score, present: 10, expected: 10)
        }
        let meetings = [
            meeting("A", "03/01/2025", 90), meeting("A", "03/02/2025", 91),  // 90,50 tốt
            meeting("B", "03/01/2025", 89), meeting("B", "03/02/2025", 90),  // 89,50 khá
            meeting("C", "03/01/2025", 70), meeting("D", "03/01/2025", 69),  // khá, trung bình
            meeting("E", "03/01/2025", 49),
        ]  // kém
        let report = QualityReport.build(
            cells: cells, meetings: meetings, period: Period("2025-Q1")!, target: Target(.cellsQualityGood, hundredths: 8000), language: .vi
        )
        let byCell = try #require(report.table("by_cell")).rows
        #expect(byCell.map { $0[4].formatted(.vi) } == ["90,50", "89,50", "70,00", "69,00", "49,00"])
        #expect(byCell.map { $0[5].formatted(.vi) } == ["Tốt", "Khá", "Khá", "Trung bình", "Kém"])
        #expect(byCell.map { $0[5].code } == ["tot", "kha", "kha", "trung_binh", "kem"])
        let target = try #require(report.table("targets")).rows[0]
        #expect(target[0].code == "cells-quality-good")
        #expect(target[1].formatted(.vi) == "1/5 = 20,00%")
        #expect(target[2].formatted(.vi) == "80,00")
        #expect(target[3] == .flag(false))
    }

    /// "Điểm bình quân tháng/năm": a month scores the average of its meetings, the period the average of its
    /// months. F meets twice in January (100, 100) and once in February (79): months 100 and 79, period 89,50
    /// (khá), where averaging the three meetings would give 93,00 (tốt). G meets three times in January (95, 96,
    /// 90: 93,67) and twice in February (86, 87: 86,50): period (281/3 + 173/2) / 2 = 1081/12 = 90,08 (tốt).
    @Test func qualityAveragesMonthsNotMeetings() throws {
        let cells = ["F", "G"].map {
            CellFacts(id: $0, name: "Chi bộ \($0)", regularMeetingDay: nil, active: try! DayRange(from: CalendarDay("01/01/2020")!))
        }
        func meeting(_ cell: String, _ date: String, _ kind: MeetingKind, _ score: Int) -> MeetingFacts {
            MeetingFacts(
                id: "\(cell)-\(date)-\(kind.rawValue)", unitID: cell, date: CalendarDay(date)!, kind: kind, committeeMetFirst: true,
                score: score, present: 10, expected: 10)
        }
        let meetings = [
            meeting("F", "03/01/2025", .regular, 100), meeting("F", "22/01/2025", .thematic, 100), meeting("F", "03/02/2025", .regular, 79),
            meeting("G", "03/01/2025", .regular, 95), meeting("G", "15/01/2025", .thematic, 96), meeting("G", "22/01/2025", .thematic, 90),
            meeting("G", "03/02/2025", .regular, 86), meeting("G", "22/02/2025", .thematic, 87),
        ]
        let report = QualityReport.build(
            cells: cells, meetings: meetings, period: Period("2025-Q1")!, target: Target(.cellsQualityGood, hundredths: 5000), language: .vi
        )
        let byMonth = try #require(report.table("by_cell_month")).rows
        #expect(byMonth.map { $0[4].formatted(.vi) } == ["100,00", "79,00", "93,67", "86,50"])
        #expect(byMonth.map { $0[5].code } == ["tot", "kha", "tot", "kha"])
        let byCell = try #require(report.table("by_cell")).rows
        #expect(byCell.map { $0[2] } == [.integer(3), .integer(5)])
        #expect(byCell.map { $0[3] } == [.integer(2), .integer(2)])
        #expect(byCell.map { $0[4].formatted(.vi) } == ["89,50", "90,08"])
        #expect(byCell.map { $0[5].code } == ["kha", "tot"])
        #expect(try #require(report.table("targets")).rows[0][1].formatted(.vi) == "1/2 = 50,00%")
        #expect(try #require(report.table("targets")).rows[0][3] == .flag(true))
    }

    /// Seed 001's "8 - 10 ý kiến phát biểu": A's meetings had 10 and 7 speakers (8,50 a meeting); B's 6 and 9
    /// (7,50, under 8); C recorded none and is left out; a cell committee meeting does not count.
    @Test func opinionsPerMeetingAndCellsUnderTheMinimum() throws {
        let cells = ["A", "B", "C"].map {
            CellFacts(id: $0, name: "Chi bộ \($0)", regularMeetingDay: nil, active: try! DayRange(from: CalendarDay("01/01/2020")!))
        }
        func meeting(_ cell: String, _ date: String, _ speakers: Int?, _ kind: MeetingKind = .regular) -> MeetingFacts {
            MeetingFacts(
                id: "\(cell)-\(date)", unitID: cell, date: CalendarDay(date)!, kind: kind, committeeMetFirst: true, score: nil,
                present: 10, expected: 10, speakers: speakers)
        }
        let meetings = [
            meeting("A", "03/01/2025", 10), meeting("A", "03/02/2025", 7), meeting("A", "01/02/2025", 0, .cellCommittee),
            meeting("B", "03/01/2025", 6), meeting("B", "03/02/2025", 9), meeting("C", "03/01/2025", nil),
        ]
        let report = QualityReport.build(
            cells: cells, meetings: meetings, period: Period("2025-Q1")!, target: Target(.cellsQualityGood, hundredths: 8000), language: .vi
        )
        let byCell = try #require(report.table("opinions_by_cell")).rows
        #expect(byCell.map { $0[0] } == [.text("A"), .text("B")])
        #expect(byCell.map { $0[3] } == [.integer(17), .integer(15)])
        #expect(byCell.map { $0[4].formatted(.vi) } == ["8,50", "7,50"])
        #expect(try #require(report.table("few_opinions")).rows.map { $0[0] } == [.text("B")])
        // A board that asks for 9 finds A short too (rule-set line "opinions-minimum 9").
        let set = try RuleSetParser().parse("ruleset x\nversion 01/01/2025\nopinions-minimum 9\n")
        let stricter = QualityReport.build(
            cells: cells, meetings: meetings, period: Period("2025-Q1")!, target: Target(.cellsQualityGood, hundredths: 8000),
            opinionsMinimum: try #require(set.version(for: Period("2025-Q1")!)?.opinionsMinimum), language: .vi)
        #expect(try #require(stricter.table("few_opinions")).rows.map { $0[0] } == [.text("A"), .text("B")])
    }

    @Test func regularityFindsEachKindOfLapse() throws {
        let active = try DayRange(from: CalendarDay("01/01/2020")!)
        let cells = [CellFacts(id: "A", name: "Chi bộ A", regularMeetingDay: 3, active: active)]
        func meeting(_ date: String, _ kind: MeetingKind, first: Bool = true) -> MeetingFacts {
            MeetingFacts(
                id: "A-\(date)-\(kind.rawValue)", unitID: "A", date: CalendarDay(date)!, kind: kind, committeeMetFirst: first,
                score: nil, present: 1, expected: 1)
        }
        // January on the 3rd; February skipped; March on the 5th without the committee first; no thematic meeting.
        let meetings = [meeting("03/01/2025", .regular), meeting("05/03/2025", .regular, first: false)]
        let reports = [
            try MonthlyReport(
                unitID: "A", month: CalendarMonth("2025-01")!, submittedOn: CalendarDay("05/02/2025")!,
                submittedBy: "x", today: today),
            try MonthlyReport(
                unitID: "A", month: CalendarMonth("2025-02")!, submittedOn: CalendarDay("06/03/2025")!,
                submittedBy: "x", today: today),
        ]
        let report = RegularityReport.build(
            cells: cells, meetings: meetings, reports: reports, period: Period("2025-Q1")!,
            reportDueDay: 5, today: today)
        #expect(report.table("skipped_regular")?.rows.map { $0[2].code } == ["2025-02"])
        #expect(report.table("off_day")?.rows.map { $0[3] } == [.day(CalendarDay("05/03/2025")!)])
        #expect(report.table("committee_not_first")?.rows.count == 1)
        #expect(report.table("no_thematic")?.rows.map { $0[2] } == [.coded(code: "2025-Q1", label: "Quý I/2025")])
        // February's report one day late; March's never sent.
        #expect(
            report.table("late_report")?.rows.map { $0[2] } == [
                .coded(code: "2025-02", label: "02/2025"), .coded(code: "2025-03", label: "03/2025"),
            ])
        #expect(report.table("late_report")?.rows[0][5] == .integer(1))
    }

    /// The summary counts each issue's cases and the cells they are in, whatever order the cells, the sums and the
    /// meetings come in; a cell listed twice is judged once.
    @Test func regularitySummaryCountsCasesAndCells() throws {
        let active = try DayRange(from: CalendarDay("01/01/2020")!)
        let cells = ["C", "A", "B"].map { CellFacts(id: $0, name: "Chi bộ \($0)", regularMeetingDay: 3, active: active) }
        // A meets off its day in January and March, B in February; C never meets; nobody sends a report.
        let meetings = [("A", "05/03/2025"), ("B", "04/02/2025"), ("A", "04/01/2025")].map { unit, date in
            MeetingFacts(
                id: "\(unit)-\(date)", unitID: unit, date: CalendarDay(date)!, kind: .regular, committeeMetFirst: true, score: nil,
                present: 1, expected: 1)
        }
        let period = Period("2025-Q1")!
        let report = RegularityReport.build(cells: cells, meetings: meetings, reports: [], period: period, reportDueDay: 5, today: today)
        func summary(_ report: Report) -> [[ReportValue]]? { report.table("summary")?.rows.map { Array($0.dropFirst()) } }
        // skipped: A in Feb, B in Jan and Mar, C thrice; off day: the three meetings; late: every cell's three months.
        #expect(
            summary(report) == [
                [.integer(6), .integer(3)], [.integer(3), .integer(2)], [.integer(0), .integer(0)], [.integer(3), .integer(3)],
                [.integer(9), .integer(3)],
            ])
        #expect(report.table("off_day")?.rows.map { $0[0] } == [.text("A"), .text("A"), .text("B")])
        let twice = RegularityReport.build(
            cells: cells + [cells[1]], months: CellMonthFacts.summing(meetings).reversed(), listed: meetings.reversed(), period: period,
            reportDueDay: 5, today: today)
        #expect(twice == report)
    }

    /// Cells' months come out by cell code, then month, across a year's turn; a month with no counted meeting (or
    /// only a cell committee's) has no row, and a cell committee meeting counts for nothing.
    @Test func participationListsEachCellsMonthsInOrder() throws {
        let since = try DayRange(from: CalendarDay("01/01/2020")!)
        let cells = [
            CellFacts(id: "B", name: "Chi bộ B", regularMeetingDay: nil, active: since),
            CellFacts(id: "A", name: "Chi bộ A", regularMeetingDay: nil, active: since),
        ]
        func meeting(_ id: String, _ unit: String, _ day: String, _ kind: MeetingKind = .regular, present: Int) -> MeetingFacts {
            MeetingFacts(
                id: id, unitID: unit, date: CalendarDay(day)!, kind: kind, committeeMetFirst: true, score: nil, present: present,
                expected: 10)
        }
        let meetings = [
            meeting("b1", "B", "05/01/2026", present: 9), meeting("a1", "A", "03/12/2025", present: 10),
            meeting("a2", "A", "03/02/2026", present: 7), meeting("a3", "A", "20/02/2026", .thematic, present: 9),
            meeting("a4", "A", "03/01/2026", .cellCommittee, present: 1),
        ]
        let tree = UnitTree([
            UnitFacts(id: "X", parentID: nil, name: "Xã X", level: "grassroots"),
            UnitFacts(id: "A", parentID: "X", name: "Chi bộ A", level: "cell"),
            UnitFacts(id: "B", parentID: "X", name: "Chi bộ B", level: "cell"),
        ])
        let report = ParticipationReport.build(
            cells: cells, meetings: meetings, presence: [], tree: tree, scope: nil, levels: Level.standard, targets: [],
            period: Period("2025")!, language: .vi)
        let rows = try #require(report.table("by_cell_month")).rows
        #expect(
            rows.map { [$0[0], $0[2], $0[3], $0[4]] } == [
                [
                    .text("A"), .coded(code: "2025-12", label: "12/2025"), .ratio(part: 10, whole: 10),
                    .flag(false),
                ],
                [
                    .text("A"), .coded(code: "2026-02", label: "02/2026"), .ratio(part: 16, whole: 20),
                    .flag(true),
                ],
                [
                    .text("B"), .coded(code: "2026-01", label: "01/2026"), .ratio(part: 9, whole: 10),
                    .flag(false),
                ],
            ])
        #expect(report.table("overall")?.rows.first?[2] == .ratio(part: 35, whole: 40))
    }

    @Test func participationLeavesExemptOutAndFindsExcusedRuns() throws {
        let cells = [CellFacts(id: "A", name: "Chi bộ A", regularMeetingDay: 3, active: try DayRange(from: CalendarDay("01/01/2020")!))]
        let meetings = [
            MeetingFacts(
                id: "m1", unitID: "A", date: CalendarDay("03/01/2025")!, kind: .regular, committeeMetFirst: true,
                score: nil, present: 17, expected: 20),
            MeetingFacts(
                id: "m2", unitID: "A", date: CalendarDay("03/02/2025")!, kind: .regular, committeeMetFirst: true,
                score: nil, present: 16, expected: 20),
        ]
        let presence =
            (1...5).map { month in
                PresenceFacts(
                    memberID: "DV1", cellID: "A", date: CalendarDay(year: 2025, month: month, day: 3)!,
                    presence: month == 5 ? .present : .absentExcused)
            }
            + (1...3).map {
                PresenceFacts(memberID: "DV2", cellID: "A", date: CalendarDay(year: 2025, month: $0, day: 3)!, presence: .absentExcused)
            }
        let tree = UnitTree([
            UnitFacts(id: "X", parentID: nil, name: "Xã X", level: "grassroots"),
            UnitFacts(id: "A", parentID: "X", name: "Chi bộ A", level: "cell"),
        ])
        let report = ParticipationReport.build(
            cells: cells, meetings: meetings, presence: presence, tree: tree, scope: nil, levels: Level.standard,
            targets: [Target(.participation, hundredths: 9000)], period: Period("2025")!, language: .vi)
        // (17 + 16)/(20 + 20): the commune and the whole tree, against a 90% target.
        #expect(report.table("overall")?.rows.first?[2] == .ratio(part: 33, whole: 40))
        #expect(report.table("by_committee")?.rows.map { [$0[0], $0[3]] } == [[.text("X"), .ratio(part: 33, whole: 40)]])
        #expect(report.table("targets")?.rows.first?[3] == .flag(false))
        // 17/20 = 85% is not under 85%; 16/20 is.
        #expect(report.table("under_threshold")?.rows.map { $0[3].formatted(.vi) } == ["16/20 = 80,00%"])
        #expect(report.table("by_cell_month")?.rows.map { $0[4] } == [.flag(false), .flag(true)])
        let runs = try #require(report.table("excused_runs")).rows
        #expect(runs.count == 1)
        #expect(runs[0][0] == .text("DV1"))
        #expect(runs[0][4] == .integer(4))
    }
}
