import ChiboModel
import Foundation

/// Makes a synthetic province: the tree, members, officials at every level with their assignments, a year of
/// meetings with presence lists, visits (most quotas met, some missed), recommendations, monthly reports and
/// ratings in the proportions the seeds report. The same size, seed and year always give the same files.
public struct DemoGenerator {
    let size: DemoSize
    let districtCount: Int
    let year: Int
    var random: SeededRandom

    var units = CSVText(["id", "parent_id", "name", "level", "residential", "especially_difficult", "regular_meeting_day", "active_from"])
    var members = CSVText(["id", "full_name", "birth_year", "cell_id", "from"])
    var statuses = CSVText(["member_id", "status", "reason", "from"])
    var officials = CSVText(["id", "full_name", "member_id", "committee_id", "role", "from"])
    var assignments = CSVText(["id", "decision_number", "decision_date", "official_id", "unit_ids", "valid_from"])
    var meetings = CSVText([
        "id", "unit_id", "date", "kind", "start", "duration_minutes", "committee_met_first", "topic",
        "speakers", "score", "present", "absent_excused", "absent_unexcused", "exempt",
    ])
    var visits = CSVText(["id", "meeting_id", "official_id", "guidance"])
    var recommendations = CSVText([
        "id", "meeting_id", "text", "received_by", "received_on", "forwarded_on", "forward_note", "answered_on", "answer",
    ])
    var ratings = CSVText(["year", "unit_id", "member_id", "grade", "decided_by"])
    var reports = CSVText(["unit_id", "month", "submitted_on", "submitted_by"])
    var qualifications = CSVText([
        "id", "member_id", "as_of", "post", "general_education", "professional_level", "political_theory", "party_work_trained_on",
    ])

    struct Commune { let id: String; let difficult: Bool; var cells: [Cell] }
    struct Cell { let id: String; let residential: Bool; let day: Int; var members: [String]; var exempt: Set<String> }

    /// Meeting ids by unit and month, for visits to find.
    var regular: [String: [Int: (id: String, date: CalendarDay)]] = [:]
    var committee: [String: [Int: (id: String, date: CalendarDay)]] = [:]
    var visitCount = 0
    /// "meeting|official" pairs already visited: one official at one meeting is one visit.
    var visited: Set<String> = []
    var officialCount = 0
    var memberCount = 0

    /// - Parameter districts: how many districts, when not the size's own number.
    public static func generate(size: DemoSize, seed: UInt64, year: Int, districts: Int? = nil) -> DemoDataSet {
        var generator = DemoGenerator(size: size, districtCount: districts ?? size.districts, year: year, random: SeededRandom(seed: seed))
        return generator.run()
    }

    func day(_ month: Int, _ day: Int) -> CalendarDay {
        CalendarDay(year: year, month: month, day: min(day, CalendarDay.daysIn(month: month, year: year)))!
    }

    mutating func run() -> DemoDataSet {
        let since = "01/01/2010"
        units.add(["HB", "", "Đảng bộ tỉnh Hòa Bình", "province", "", "", "", since])
        var districts: [(id: String, communes: [Commune])] = []
        for d in 1...districtCount {
            let districtID = String(format: districtCount > 99 ? "HB.D%03d" : "HB.D%02d", d)
            units.add([
                districtID, "HB", "Đảng bộ huyện \(DemoNames.districts[(d - 1) % DemoNames.districts.count])", "district", "", "", "",
                since,
            ])
            var communes: [Commune] = []
            for x in 1...size.communesPerDistrict {
                let communeID = String(format: "%@.X%02d", districtID, x)
                let difficult = random.chance(0.25) || (size == .small && x == 2)
                let place = DemoNames.places[(d * 7 + x) % DemoNames.places.count]
                units.add([communeID, districtID, "Đảng bộ xã \(place) \(d)-\(x)", "grassroots", "", difficult ? "1" : "", "", since])
                var commune = Commune(id: communeID, difficult: difficult, cells: [])
                for c in 1...random.int(size.cellsPerCommune) {
                    let cellID = String(format: "%@.C%03d", communeID, c)
                    let residential = random.chance(0.9)
                    let meetingDay = random.pick([3, 5, 5, 10, 15, 20, 25])
                    let hamlet = residential ? random.pick(DemoNames.hamlets) : "cơ quan"
                    units.add([cellID, communeID, "Chi bộ \(hamlet) \(c)", "cell", residential ? "1" : "", "", String(meetingDay), since])
                    commune.cells.append(makeMembers(Cell(id: cellID, residential: residential, day: meetingDay, members: [], exempt: [])))
                }
                communes.append(commune)
            }
            districts.append((districtID, communes))
        }
        for commune in districts.flatMap(\.communes) { makeMeetings(commune) }
        makeProvinceOfficials(districts)
        for district in districts { makeDistrictOfficials(district.id, district.communes) }
        for commune in districts.flatMap(\.communes) { makeGrassrootsOfficials(commune) }
        makeRatings(districts.flatMap(\.communes))
        makeQualifications(districts.flatMap(\.communes))
        let ordered: [(String, CSVText)] = [
            ("units", units), ("members", members), ("member-statuses", statuses),
            ("officials", officials), ("assignments", assignments), ("meetings", meetings),
            ("visits", visits), ("recommendations", recommendations), ("ratings", ratings),
            ("reports", reports), ("qualifications", qualifications),
        ]
        return DemoDataSet(files: ordered.map { .init(kind: $0.0, header: $0.1.header, records: $0.1.records) }, year: year)
    }

    mutating func makeMembers(_ cell: Cell) -> Cell {
        var cell = cell
        for _ in 0..<random.int(size.membersPerCell) {
            memberCount += 1
            let id = String(format: "DV%06d", memberCount)
            let born = random.int(1940...2001)
            let joined = random.chance(0.8) ? "01/01/2010" : day(1, 1).adding(years: -random.int(1...10)).vietnamese
            members.add([id, DemoNames.person(&random), String(born), cell.id, joined])
            cell.members.append(id)
            if born < 1950, random.chance(0.5) {
                statuses.add([id, "exempt", random.pick(["Tuổi cao", "Sức khỏe yếu", "Tuổi cao, sức khỏe yếu"]), "01/01/2020"])
                cell.exempt.insert(id)
            }
        }
        return cell
    }
}

extension DemoGenerator {
    /// Đề án 13: each cell's secretary, deputy, a committee member and a group leader (its first members not
    /// exempt), stated on 15/01, in about the shares the Đề án aims at and falls short of.
    mutating func makeQualifications(_ communes: [Commune]) {
        var count = 0
        let posts = ["bi_thu_chi_bo", "pho_bi_thu_chi_bo", "chi_uy_vien", "to_truong_to_dang"]
        for cell in communes.flatMap(\.cells) {
            for (post, member) in zip(posts, cell.members.filter { !cell.exempt.contains($0) }) {
                count += 1
                let theory = random.chance(0.35) ? "trung_cap" : (random.chance(0.82) ? "so_cap" : "chua_dao_tao")
                qualifications.add([
                    String(format: "Q%06d", count), member, day(1, 15).vietnamese, post, random.chance(0.93) ? "thpt" : "thcs",
                    random.chance(0.66) ? random.pick(["trung_cap", "cao_dang", "dai_hoc"]) : random.pick(["chua_dao_tao", "so_cap"]),
                    theory, random.chance(0.95) ? day(1, 10).vietnamese : "",
                ])
            }
        }
    }
}

extension CalendarDay {
    func adding(years: Int) -> CalendarDay {
        CalendarDay(year: year + years, month: month, day: min(day, CalendarDay.daysIn(month: month, year: year + years)))!
    }
}
