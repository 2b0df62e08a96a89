import Foundation

/// A decision (phân công phụ trách, theo dõi) making an official responsible for one or more units.
/// Ending or correcting an assignment adds a record; the original is never rewritten.
public struct Assignment: Hashable, Sendable, Codable {
    public let id: String
    public let decisionNumber: String
    public let decisionDate: CalendarDay
    public let officialID: String
    public let unitIDs: [String]
    public let valid: DayRange
    /// The assignment this one corrects, if it is a correction.
    public let corrects: String?

    public init(
        id: String, decisionNumber: String, decisionDate: CalendarDay, officialID: String, unitIDs: [String],
        valid: DayRange, corrects: String? = nil
    ) throws {
        guard !id.isEmpty else { throw ModelError(.emptyField, "an assignment needs a code") }
        let number = VietnameseText.normalized(decisionNumber)
        guard !number.isEmpty else { throw ModelError(.emptyField, "assignment \(id) needs its decision number") }
        let units = unitIDs.map { $0.trimmedOfWhitespace }.filter { !$0.isEmpty }
        guard !units.isEmpty else { throw ModelError(.emptyField, "assignment \(id) names no unit") }
        guard Set(units).count == units.count else { throw ModelError(.duplicate, "assignment \(id) names a unit twice") }
        self.id = id
        self.decisionNumber = number
        self.decisionDate = decisionDate
        self.officialID = officialID
        self.unitIDs = units
        self.valid = valid
        self.corrects = corrects
    }

    /// The same assignment ending on `day`: a new record that corrects this one.
    public func ended(on day: CalendarDay, id newID: String, decisionNumber: String, decisionDate: CalendarDay) throws
        -> Assignment
    {
        try Assignment(
            id: newID, decisionNumber: decisionNumber, decisionDate: decisionDate, officialID: officialID,
            unitIDs: unitIDs, valid: try DayRange(from: valid.start, until: day), corrects: id)
    }
}
