/// Yearly ratings of cells and members as counts and shares, in the seeds' form "2.364/3.174 = 74,48%".
public enum RatingsReport {
    public static func build(_ ratings: [Rating], year: Int, language: Language) -> Report {
        let ofYear = ratings.filter { $0.year == year }
        func table(_ key: String, _ grades: [RatingGrade]) -> ReportTable {
            ReportTable(
                key: key, columns: ["grade", "count", "share"],
                rows: RatingGrade.allCases.map { grade in
                    let count = grades.filter { $0 == grade }.count
                    return [grade.coded(language), .integer(count), .ratio(part: count, whole: grades.count)]
                })
        }
        let cells = ofYear.compactMap { rating -> RatingGrade? in if case .unit = rating.subject { rating.grade } else { nil } }
        let members = ofYear.compactMap { rating -> RatingGrade? in if case .member = rating.subject { rating.grade } else { nil } }
        return Report(kind: .ratings, period: String(year), tables: [table("cells", cells), table("members", members)])
    }
}
