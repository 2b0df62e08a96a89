/// How big a data set to make. `province` is about the size of Hòa Bình in the seeds (3.174 cells, 62.331
/// members, 10 district-level committees, about 150 grassroots committees).
public enum DemoSize: String, Sendable, CaseIterable {
    case small, district, province

    public var districts: Int { self == .province ? 10 : 1 }
    var communesPerDistrict: Int { self == .small ? 2 : 15 }
    var cellsPerCommune: ClosedRange<Int> { self == .small ? 4...4 : 20...23 }
    var membersPerCell: ClosedRange<Int> { self == .small ? 8...16 : 15...24 }
}
