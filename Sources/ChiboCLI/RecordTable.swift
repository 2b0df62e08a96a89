import ArgumentParser
import ChiboModel
import ChiboWire
import Foundation

/// Records of one kind as a listing: the kind's columns, and each record's cells in the user's format.
struct RecordTable {
    let type: any DomainRecord.Type
    let options: OutputOptions

    var columns: [Column] { type.columns }

    func row(_ record: Chibo_V1_Record) throws -> [String] {
        try record.decoded(today: .farFuture).cells(CellStyle(people: options.people, language: options.lang))
    }
}

/// A record kind named on the command line: by its list name ("member-statuses") or its own ("member_status").
struct RecordKindArgument: ExpressibleByArgument {
    let type: any DomainRecord.Type

    init?(argument: String) {
        guard let type = RecordKinds.type(listName: argument) else { return nil }
        self.type = type
    }

    init(_ type: any DomainRecord.Type) { self.type = type }

    static var allValueStrings: [String] { RecordKinds.all.map { $0.listName } }
}
