import ChiboClient
import ChiboWire
import Foundation
import Testing

/// A small data set as CSV files, one per kind, in dependency order.
enum SampleData {
    static let files: [(kind: String, csv: String)] = [
        (
            "units",
            """
            id,parent_id,name,level,residential,especially_difficult,regular_meeting_day,active_from,active_until
            HB,,Đảng bộ tỉnh Hòa Bình,province,,,,01/01/2015,
            HB.LS,HB,Đảng bộ huyện Lương Sơn,district,,,,01/01/2015,
            HB.LS.CY,HB.LS,Đảng ủy xã Cư Yên,grassroots,,1,,01/01/2015,
            HB.LS.CY.T01,HB.LS.CY,Chi bộ xóm Rụ 1,cell,1,,3,01/01/2015,
            HB.LS.CY.T02,HB.LS.CY,Chi bộ xóm Rụ 2,cell,1,,5,01/01/2015,30/06/2025
            """
        ),
        (
            "members",
            """
            id,full_name,birth_year,cell_id,from,until
            M1,Bùi Văn Tâm,1960,HB.LS.CY.T01,01/01/2015,
            M2,Hoàng Đức Anh,1985,HB.LS.CY.T01,01/03/2018,
            M3,Nguyễn Thị An,1990,HB.LS.CY.T02,01/01/2019,30/06/2025
            """
        ),
        (
            "member-statuses",
            """
            member_id,status,reason,from,until
            M1,exempt,Tuổi cao,01/01/2026,
            """
        ),
        (
            "officials",
            """
            id,full_name,member_id,committee_id,role,from,until
            O1,Nguyễn Văn Sơn,,HB.LS,uv_btv,01/10/2020,
            O2,Đinh Thị Hoa,,HB.LS.CY,cap_uy_vien,01/10/2020,
            """
        ),
        (
            "assignments",
            """
            id,decision_number,decision_date,official_id,unit_ids,valid_from,valid_until,corrects
            A1,125-QĐ/HU,15/01/2026,O1,HB.LS.CY;HB.LS.CY.T01,15/01/2026,,
            A2,126-QĐ/ĐU,15/01/2026,O2,HB.LS.CY.T01,15/01/2026,,
            """
        ),
        (
            "meetings",
            """
            id,unit_id,date,kind,online,start,duration_minutes,committee_met_first,topic,resolution,speakers,score,present,absent_excused,absent_unexcused,exempt
            H1,HB.LS.CY.T01,03/11/2026,regular,,19:30,95,1,Chuyển đổi số,Nghị quyết tháng 11,2,92,M2,,,M1
            H0,HB.LS.CY.T01,01/11/2026,cell_committee,,,60,,,,,,,,,
            """
        ),
        (
            "visits",
            """
            id,meeting_id,official_id,guidance
            V1,H1,O1,Nâng cao chất lượng sinh hoạt
            V2,H1,O2,
            """
        ),
        (
            "recommendations",
            """
            id,meeting_id,text,received_by,received_on,forwarded_on,forward_note,answered_on,answer
            R1,H1,Sửa đường liên xóm,O1,03/11/2026,10/11/2026,Gửi UBND xã,,
            """
        ),
        (
            "ratings",
            """
            year,unit_id,member_id,grade,decided_by
            2025,HB.LS.CY.T01,,hoan_thanh_tot,HB.LS.CY
            2025,,M2,hoan_thanh_xuat_sac,HB.LS.CY.T01
            """
        ),
        (
            "reports",
            """
            unit_id,month,submitted_on,submitted_by
            HB.LS.CY.T01,2026-10,05/11/2026,Bùi Văn Tâm
            """
        ),
    ]

    /// Writes the files into `directory` and imports them with the real chibo binary.
    static func load(into daemon: TestDaemon) async throws {
        for (kind, csv) in files {
            let path = daemon.root.appendingPathComponent("\(kind).csv").path
            try csv.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try await daemon.chibo(["import", path, "--kind", kind, "--format", "json"])
            #expect(result.status == 0, "\(kind): \(result.stderr)")
        }
    }
}

@Suite(.timeLimit(.minutes(3))) struct RecordsTests {
    func jsonRows(_ result: Subprocess.Result) throws -> [[String: String]] {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]] ?? []
    }

    func library(_ daemon: TestDaemon, _ kind: String, _ configure: (inout Chibo_V1_ListRecordsRequest) -> Void = { _ in })
        async throws -> [Chibo_V1_Record]
    {
        var request = Chibo_V1_ListRecordsRequest.with { $0.kind = kind }
        configure(&request)
        let finished = request
        return try await ChiboConnection.with(daemon.unix, key: daemon.adminKey, trust: .expect(daemon.daemonKeyID)) {
            try await $0.listAll(finished)
        }
    }

    @Test func everyKindRoundTripsThroughTheDaemon() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)

            let units = try jsonRows(try await daemon.chibo(["list", "units", "--format", "json"]))
            #expect(units.map { $0["id"]! } == ["HB", "HB.LS", "HB.LS.CY", "HB.LS.CY.T01", "HB.LS.CY.T02"])
            #expect(units[4]["active_until"] == "2025-06-30")
            #expect(units[2]["especially_difficult"] == "true")
            let libraryUnits = try await library(daemon, "unit")
            #expect(
                libraryUnits.map(\.unit.name) == [
                    "Đảng bộ tỉnh Hòa Bình", "Đảng bộ huyện Lương Sơn", "Đảng ủy xã Cư Yên",
                    "Chi bộ xóm Rụ 1", "Chi bộ xóm Rụ 2",
                ])
            #expect(libraryUnits[3].unit.regularMeetingDay == 3 && libraryUnits[3].unit.residential)

            let members = try jsonRows(try await daemon.chibo(["list", "members", "--format", "json"]))
            #expect(members.map { $0["full_name"]! } == ["Nguyễn Thị An", "Hoàng Đức Anh", "Bùi Văn Tâm"])
            #expect(try await library(daemon, "member").map(\.member.id) == ["M3", "M2", "M1"])
            #expect(try await library(daemon, "membership").map(\.membership.cellID) == ["HB.LS.CY.T01", "HB.LS.CY.T01", "HB.LS.CY.T02"])
            #expect(try await library(daemon, "member_status").first?.memberStatus.reason == "Tuổi cao")

            let positions = try await library(daemon, "position")
            #expect(positions.map(\.position.role) == ["uv_btv", "cap_uy_vien"])
            let assignment = try await library(daemon, "assignment") { $0.id = "A1" }
            #expect(assignment.first?.assignment.unitIds == ["HB.LS.CY", "HB.LS.CY.T01"])
            #expect(assignment.first?.assignment.decisionNumber == "125-QĐ/HU")

            let meeting = try await library(daemon, "meeting") { $0.id = "H1" }
            let h1 = try #require(meeting.first?.meeting)
            #expect(h1.startMinute == 19 * 60 + 30 && h1.durationMinutes == 95 && h1.score == 92 && h1.committeeMetFirst)
            #expect(h1.attendance.map { "\($0.memberID)=\($0.presence)" } == ["M1=exempt", "M2=present"])
            let shown = try await daemon.chibo(["show", "meetings", "H1"])
            #expect(shown.stdout.contains("Có mặt:           1/1 (100,00%)"))

            #expect(try await library(daemon, "visit") { $0.officialID = "O1" }.map(\.visit.guidance) == ["Nâng cao chất lượng sinh hoạt"])
            let recommendation = try await library(daemon, "recommendation")
            #expect(recommendation.first?.recommendation.steps.map(\.status) == ["received", "forwarded"])
            #expect(try await library(daemon, "rating").count == 2)
            #expect(try await library(daemon, "monthly_report").first?.monthlyReport.submittedOn == "2026-11-05")
        }
    }

    @Test func searchIgnoresDiacriticsAndUnitFilterTakesTheSubtree() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let found = try jsonRows(try await daemon.chibo(["list", "members", "--search", "Hoang Duc Anh", "--format", "json"]))
            #expect(found.map { $0["id"]! } == ["M2"])
            let decomposed = "hoàng đức".decomposedStringWithCanonicalMapping
            #expect(try jsonRows(try await daemon.chibo(["list", "members", "--search", decomposed, "--format", "json"])).count == 1)
            let under = try jsonRows(try await daemon.chibo(["list", "units", "--unit", "HB.LS.CY", "--format", "json"]))
            #expect(under.map { $0["id"]! } == ["HB.LS.CY", "HB.LS.CY.T01", "HB.LS.CY.T02"])
            let meetings = try jsonRows(
                try await daemon.chibo(["list", "meetings", "--unit", "HB.LS", "--from", "02/11/2026", "--format", "json"]))
            #expect(meetings.map { $0["id"]! } == ["H1"])
        }
    }

    @Test func reimportingAFileWritesNothing() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            let path = daemon.root.appendingPathComponent("members.csv").path
            let again = try await daemon.chibo(["import", path, "--kind", "members", "--format", "json"])
            let summary = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: String]
            #expect(summary?["inserted"] == "0")
            #expect(summary?["unchanged"] == "6")
            #expect(try await library(daemon, "member").count == 3)
        }
    }
}
