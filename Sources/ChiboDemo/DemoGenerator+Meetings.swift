import ChiboModel

extension DemoGenerator {
    /// A year of meetings in one commune: the committee monthly; each cell its regular meeting (a few skipped,
    /// some off their day), usually preceded by the cell committee, and a thematic meeting most quarters.
    mutating func makeMeetings(_ commune: Commune) {
        for month in 1...12 {
            let id = "\(commune.id)-\(year)-\(pad(month))-DU"
            let date = day(month, 1)
            meetings.add([
                id, commune.id, date.vietnamese, "party_committee", "08:00", "120", "", "Lãnh đạo nhiệm vụ tháng", "", "", "", "", "", "",
            ])
            committee[commune.id, default: [:]][month] = (id, date)
        }
        for cell in commune.cells {
            for month in 1...12 {
                if random.chance(0.02) { continue }  // skipped this month
                var meetingDay = cell.day
                if random.chance(0.08) { meetingDay = max(2, min(28, cell.day + random.pick([-3, -2, 2, 4, 6]))) }
                let date = day(month, meetingDay)
                let committeeFirst = random.chance(0.9)
                if committeeFirst {
                    let before = day(month, max(1, meetingDay - 2))
                    meetings.add([
                        "\(cell.id)-\(year)-\(pad(month))-CU", cell.id, before.vietnamese, "cell_committee", "19:00", "60", "", "", "", "",
                        "", "", "", "",
                    ])
                }
                var present: [String] = []
                var excused: [String] = []
                var unexcused: [String] = []
                for member in cell.members where !cell.exempt.contains(member) {
                    let roll = random.int(1...100)
                    if roll <= 91 { present.append(member) } else if roll <= 97 { excused.append(member) } else { unexcused.append(member) }
                }
                let id = "\(cell.id)-\(year)-\(pad(month))-TK"
                let score = random.chance(0.75) ? random.int(90...99) : random.chance(0.9) ? random.int(72...89) : random.int(50...69)
                meetings.add([
                    id, cell.id, date.vietnamese, "regular", "19:30", String(random.int(60...130)), committeeFirst ? "1" : "",
                    random.pick(DemoNames.topics), String(min(present.count, random.int(3...10))), String(score),
                    present.joined(separator: ";"), excused.joined(separator: ";"), unexcused.joined(separator: ";"),
                    cell.exempt.sorted().joined(separator: ";"),
                ])
                regular[cell.id, default: [:]][month] = (id, date)
                if month % 3 == 2, random.chance(0.85) {
                    meetings.add([
                        "\(cell.id)-\(year)-\(pad(month))-CD", cell.id, day(month, 22).vietnamese, "thematic", "19:30", "100", "",
                        random.pick(DemoNames.topics), "", "", "", "", "", "",
                    ])
                }
                if random.chance(0.95) {
                    // Most reports arrive by the 5th of the next month, the usual deadline; some later.
                    let sent = random.chance(0.85) ? random.int(1...5) : random.int(6...12)
                    let next = month == 12 ? CalendarDay(year: year + 1, month: 1, day: sent)! : day(month + 1, sent)
                    reports.add([cell.id, "\(year)-\(pad(month))", next.vietnamese, "Bí thư chi bộ"])
                }
            }
        }
    }

    func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// Records a visit to `meeting` by `official`, and sometimes a recommendation raised there. An official
    /// who already attends that meeting (two duties leading to one meeting) makes no second visit: the daemon
    /// would refuse it.
    mutating func visit(_ meeting: (id: String, date: CalendarDay), by official: String) {
        guard visited.insert(meeting.id + "|" + official).inserted else { return }
        visitCount += 1
        visits.add([
            "V\(visitCount)", meeting.id, official,
            random.pick([
                "Nâng cao chất lượng sinh hoạt", "Đổi mới nội dung sinh hoạt",
                "Phát huy vai trò đảng viên", "",
            ]),
        ])
        guard random.chance(0.15) else { return }
        let forwarded = random.chance(0.6) ? meeting.date.plus(days: random.int(3...10)) : nil
        let answered = forwarded.flatMap { random.chance(0.7) ? $0.plus(days: random.int(10...40)) : nil }
        recommendations.add([
            "R\(visitCount)", meeting.id, random.pick(DemoNames.requests), official, meeting.date.vietnamese,
            forwarded?.vietnamese ?? "", forwarded == nil ? "" : "Chuyển UBND xã", answered?.vietnamese ?? "",
            answered == nil ? "" : "Đã đưa vào kế hoạch",
        ])
    }
}

extension CalendarDay {
    func plus(days: Int) -> CalendarDay {
        var result = self
        for _ in 0..<days {
            result =
                result.day < CalendarDay.daysIn(month: result.month, year: result.year)
                ? CalendarDay(year: result.year, month: result.month, day: result.day + 1)!
                : result.month < 12
                    ? CalendarDay(year: result.year, month: result.month + 1, day: 1)!
                    : CalendarDay(year: result.year + 1, month: 1, day: 1)!
        }
        return result
    }
}
