import ChiboModel
import ChiboWire
import Foundation
import Testing

@testable import ChiboClient

@Suite struct CSVReaderTests {
    @Test func quotesCommasNewlinesAndCRLF() {
        let text = "id,name\r\n1,\"Chi bộ \"\"Rụ\"\", xóm 1\"\r\n2,\"two\nlines\"\r\n\r\n3,plain"
        let (rows, failures) = CSVReader.rows(Data(text.utf8))
        #expect(failures.isEmpty)
        #expect(rows.map(\.fields) == [["id", "name"], ["1", "Chi bộ \"Rụ\", xóm 1"], ["2", "two\nlines"], ["3", "plain"]])
        #expect(rows.map(\.line) == [1, 2, 3, 6])
    }

    @Test func byteOrderMarkIsSkipped() {
        let (rows, _) = CSVReader.rows(Data([0xEF, 0xBB, 0xBF] + Array("id\nx\n".utf8)))
        #expect(rows.first?.fields == ["id"])
    }

    @Test func brokenUTF8IsReportedWithItsLine() {
        var bytes = Array("id,full_name\nM1,Bùi Văn Tâm\nM2,".utf8)
        bytes += [0xC3, 0x28]  // an invalid two-byte sequence
        bytes += Array("\nM3,Lê Văn Cường\n".utf8)
        let (rows, failures) = CSVReader.rows(Data(bytes))
        #expect(failures == [CSVReader.Failure(line: 3, message: "not valid UTF-8 text (save the file as UTF-8)")])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func unclosedQuoteIsReported() {
        let (_, failures) = CSVReader.rows(Data("id\n\"open\n".utf8))
        #expect(failures.map(\.line) == [2])
    }
}

@Suite struct CSVRecordsTests {
    let today = CalendarDay("23/11/2026")!

    func records(_ text: String, _ kind: ImportKind) -> CSVRecords { CSVRecords(Data(text.utf8), kind: kind, today: today) }

    @Test func membersRowsGiveAMemberAndItsMembership() {
        let csv = records("id,full_name,birth_year,cell_id,from\nM1,Bùi Văn Tâm,1960,C1,01/01/2015\nM2,Hà Thị Lan,,,\n", .members)
        #expect(csv.problems.isEmpty)
        #expect(csv.records.count == 3)
        #expect(csv.lines == [2, 2, 3])
        #expect(csv.records[1].membership.cellID == "C1")
    }

    @Test func missingAndUnknownColumnsAreNamed() {
        let missing = records("id,name,level\nX,Chi bộ,cell\n", .units)
        #expect(missing.problems.map(\.description) == ["line 1: missing column: active_from"])
        #expect(missing.records.isEmpty)
        let unknown = records("id,fullname\nM1,x\n", .members)
        #expect(unknown.problems.count == 2)
        #expect(unknown.problems.contains { $0.message.hasPrefix("unknown column: fullname") })
    }

    @Test func everyBadRowIsReportedWithItsLine() {
        let text = """
            id,unit_id,date,kind,present,score
            H1,C1,03/11/2026,regular,M1;M2,90
            H2,C1,31/02/2026,regular,,
            H3,C1,03/12/2026,regular,,
            H4,C1,03/10/2026,monthly,,
            H5,C1,03/10/2026,regular,,101
            H1,C1,03/11/2026,regular,M1;M2,90
            H6,C1,03/09/2026,regular,M1;M1,
            H7,C1
            """
        let csv = records(text, .meetings)
        #expect(csv.problems.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(csv.problems[0].message == "date \"31/02/2026\" is not a date")
        #expect(csv.problems[1].message.contains("after today"))
        #expect(csv.problems[2].message.contains("kind \"monthly\" is not one of: regular, thematic"))
        #expect(csv.problems[3].message.contains("score 101"))
        #expect(csv.problems[4].message == "repeats line 2 (H1)")
        #expect(csv.problems[5].message.contains("listed twice"))
        #expect(csv.problems[6].message == "has 2 fields, the header has 6")
    }

    @Test func assignmentEndingBeforeItStartsIsRefused() {
        let csv = records(
            "id,decision_number,decision_date,official_id,unit_ids,valid_from,valid_until\nA1,12-QĐ/HU,01/02/2026,O1,C1;C2,01/02/2026,31/01/2026\n",
            .assignments)
        #expect(csv.problems.map(\.line) == [2])
        #expect(csv.problems.first?.message.contains("before it starts") == true)
    }

    @Test func flagsAcceptVietnameseWords() {
        let csv = records(
            "id,name,level,residential,especially_difficult,active_from\nC1,Chi bộ,cell,Có,không,01/01/2020\nC2,x,cell,maybe,,01/01/2020\n",
            .units)
        #expect(csv.records.first?.unit.residential == true)
        #expect(csv.records.first?.unit.especiallyDifficult == false)
        #expect(csv.problems.map(\.line) == [3])
    }

    @Test func largeImportsAreSplitIntoFrameSizedChunks() {
        let record = Chibo_V1_Record.with {
            $0.member = .with {
                $0.id = String(repeating: "x", count: 1000); $0.fullName = "A"
            }
        }
        let chunks = Importer.split(Array(repeating: record, count: 3000))
        #expect(chunks.count > 1)
        #expect(chunks.reduce(0) { $0 + $1.count } == 3000)
        #expect(Importer.split([]).count == 1)
    }
}

/// Inputs the fuzzers found (docs/fuzzing.md), kept as regression tests.
@Suite struct CSVFuzzFindingsTests {
    @Test func aColumnNamedTwiceIsRefusedNotACrash() {
        // libFuzzer, csv target, 2026-11-25: a header naming `present` twice trapped in
        // Dictionary(uniqueKeysWithValues:) and brought `chibo import` down.
        let text = "id,unit_id,date,kind,start,present,present,absent_excused\nH1,C1,03/09/2025,regular,07:30,M1;M2,M3,M4\n"
        let csv = CSVRecords(Data(text.utf8), kind: .meetings, today: CalendarDay("23/11/2026")!)
        #expect(csv.problems.map(\.description) == ["line 1: column named twice: present"])
        #expect(csv.records.isEmpty)
        let upper = CSVRecords(Data("id,full_name,ID\nM1,An,M1\n".utf8), kind: .members, today: CalendarDay("23/11/2026")!)
        #expect(upper.problems.map(\.description) == ["line 1: column named twice: id"])
    }
}
