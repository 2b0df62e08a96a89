/// A data set cut the way a province runs it with one daemon per district (docs/upward.md): each district's
/// own rows, with the district as their top unit, and the province's own rows (its unit tree down to the
/// districts, its officials, their assignments and visits, which the province writes once the districts'
/// meetings have come up).
extension DemoDataSet {
    public struct Part: Sendable {
        /// The district's unit id, or the province's for the province's own part.
        public let unit: String
        public let set: DemoDataSet
    }

    /// The districts' parts in unit order, then the province's.
    public func byDistrict() -> [Part] {
        guard let units = file("units") else { return [] }
        var parent: [String: String] = [:]
        for record in units.records { parent[units.value(record, "id")] = units.value(record, "parent_id") }
        let roots = Set(parent.filter { $0.value.isEmpty }.keys)
        // The district a unit lies in: its ancestor whose parent is a top unit; nil for a top unit itself.
        var districtOf: [String: String] = [:]
        for unit in parent.keys {
            var current = unit
            while let up = parent[current], !up.isEmpty, !roots.contains(up) { current = up }
            if !roots.contains(current) { districtOf[unit] = current }
        }
        let top = roots.sorted().first ?? ""
        var ownerOf: [String: [String: String]] = [:]
        func owner(_ kind: String, _ id: String) -> String? { ownerOf[kind]?[id] }
        func remember(_ kind: String, _ id: String, _ owner: String?) {
            if let owner, ownerOf[kind]?[id] == nil { ownerOf[kind, default: [:]][id] = owner }
        }
        var parts: [String: [String: [[String]]]] = [:]
        for file in files {
            for record in file.records {
                let value = { file.value(record, $0) }
                let district: String?
                switch file.kind {
                case "units":
                    let id = value("id")
                    district = districtOf[id]
                    if let district, district == id {
                        // The district's top unit: in its own part with no parent, and in the province's tree.
                        parts[top, default: [:]][file.kind, default: []].append(record)
                        var own = record
                        if let column = file.header.firstIndex(of: "parent_id") { own[column] = "" }
                        parts[district, default: [:]][file.kind, default: []].append(own)
                        continue
                    }
                case "members": district = districtOf[value("cell_id")]
                case "officials": district = districtOf[value("committee_id")]
                case "meetings", "reports": district = districtOf[value("unit_id")]
                case "ratings": district = value("unit_id").isEmpty ? owner("member", value("member_id")) : districtOf[value("unit_id")]
                case "member-statuses", "qualifications": district = owner("member", value("member_id"))
                case "assignments": district = owner("official", value("official_id"))
                case "recommendations":
                    // Received by an official of the province: the province writes it.
                    let meeting = owner("meeting", value("meeting_id"))
                    let receiver = value("received_by")
                    district = receiver.isEmpty || owner("official", receiver) == meeting ? meeting : nil
                case "visits":
                    let official = owner("official", value("official_id"))
                    district = official == owner("meeting", value("meeting_id")) ? official : nil
                default: district = nil
                }
                switch file.kind {
                case "members": remember("member", value("id"), district)
                case "officials": remember("official", value("id"), district)
                case "meetings": remember("meeting", value("id"), district)
                default: break
                }
                parts[district ?? top, default: [:]][file.kind, default: []].append(record)
            }
        }
        let order = parts.keys.filter { $0 != top }.sorted() + [top]
        return order.map { unit in
            Part(
                unit: unit,
                set: DemoDataSet(
                    files: files.map { File(kind: $0.kind, header: $0.header, records: parts[unit]?[$0.kind] ?? []) }, year: year))
        }
    }
}
