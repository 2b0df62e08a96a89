import ChiboModel

extension DemoGenerator {
    mutating func official(_ committee: String, _ role: String, memberID: String = "") -> String {
        officialCount += 1
        let id = String(format: "CB%05d", officialCount)
        officials.add([id, DemoNames.person(&random), memberID, committee, role, "01/10/2020"])
        return id
    }

    mutating func assign(_ official: String, _ units: [String], from month: Int = 1) {
        assignments.add([
            "PC-\(official)", "\(random.int(10...400))-QĐ/TU", day(month, 1).vietnamese, official,
            units.joined(separator: ";"), day(month, 1).vietnamese,
        ])
    }

    /// Standing members follow a district (1 visit a quarter); executive members an especially difficult commune
    /// (its committee and a residential cell each quarter).
    mutating func makeProvinceOfficials(_ districts: [(id: String, communes: [Commune])]) {
        for district in districts {
            let standing = official("HB", "uv_btv")
            assign(standing, [district.id])
            for quarter in 0..<4 where random.chance(0.9) {
                let commune = random.pick(district.communes)
                let month = quarter * 3 + random.int(1...3)
                if random.chance(0.5), let meeting = committee[commune.id]?[month] {
                    visit(meeting, by: standing)
                } else if let cell = commune.cells.first(where: \.residential), let meeting = regular[cell.id]?[month] {
                    visit(meeting, by: standing)
                }
            }
            for commune in district.communes where commune.difficult {
                let executive = official("HB", random.chance(0.7) ? "uv_bch" : "lanh_dao_so_nganh")
                assign(executive, [commune.id])
                quarterlyPair(executive, commune, reliability: 0.85)
            }
        }
    }

    /// District standing and executive members: each follows a commune, twice a quarter.
    mutating func makeDistrictOfficials(_ districtID: String, _ communes: [Commune]) {
        for (index, commune) in communes.enumerated() {
            let executive = official(districtID, index % 3 == 0 ? "uv_btv" : "uv_bch")
            let midYear = random.chance(0.05)
            assign(executive, [commune.id], from: midYear ? 7 : 1)
            quarterlyPair(executive, commune, reliability: 0.85, fromQuarter: midYear ? 2 : 0)
        }
    }

    /// One visit with the commune committee and one with a residential cell, in each quarter.
    mutating func quarterlyPair(_ official: String, _ commune: Commune, reliability: Double, fromQuarter: Int = 0) {
        for quarter in fromQuarter..<4 {
            let month = quarter * 3 + random.int(1...3)
            if random.chance(reliability), let meeting = committee[commune.id]?[month] { visit(meeting, by: official) }
            if random.chance(reliability), let cell = commune.cells.filter(\.residential).randomElement(using: &random),
                let meeting = regular[cell.id]?[random.int((quarter * 3 + 1)...(quarter * 3 + 3))]
            {
                visit(meeting, by: official)
            }
        }
    }

    /// Grassroots committee members each follow one to three cells of their commune, monthly. Each is a member
    /// of a cell of the commune, usually not one they follow.
    mutating func makeGrassrootsOfficials(_ commune: Commune) {
        var cells = commune.cells[...]
        var first = true
        while !cells.isEmpty {
            let take = min(cells.count, random.int(1...3))
            let followed = Array(cells.prefix(take))
            cells = cells.dropFirst(take)
            let home = commune.cells.filter { cell in !followed.contains { $0.id == cell.id } }.randomElement(using: &random) ?? followed[0]
            let role = first ? "bi_thu" : random.chance(0.3) ? "uv_btv" : "cap_uy_vien"
            first = false
            let official = official(commune.id, role, memberID: home.members.first ?? "")
            assign(official, followed.map(\.id))
            for cell in followed {
                for month in 1...12 where random.chance(0.88) {
                    if let meeting = regular[cell.id]?[month] { visit(meeting, by: official) }
                }
            }
            // Now and then a visit to a cell the official does not follow.
            if random.chance(0.05), let other = commune.cells.randomElement(using: &random),
                let meeting = regular[other.id]?[random.int(1...12)]
            {
                visit(meeting, by: official)
            }
        }
    }

    /// Cells and members rated in about the proportions Hòa Bình published for 2021.
    mutating func makeRatings(_ communes: [Commune]) {
        for commune in communes {
            for cell in commune.cells {
                ratings.add([String(year), cell.id, "", grade(excellent: 19, good: 74.5, completed: 6.34), commune.id])
                for member in cell.members where !cell.exempt.contains(member) {
                    ratings.add([String(year), "", member, grade(excellent: 16, good: 78, completed: 5.5), commune.id])
                }
            }
        }
    }

    mutating func grade(excellent: Double, good: Double, completed: Double) -> String {
        let roll = Double.random(in: 0..<100, using: &random)
        if roll < excellent { return "hoan_thanh_xuat_sac" }
        if roll < excellent + good { return "hoan_thanh_tot" }
        if roll < excellent + good + completed { return "hoan_thanh" }
        return "khong_hoan_thanh"
    }
}
