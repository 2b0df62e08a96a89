import Foundation
import Testing

/// What a clerk trips over at the command line: where the connection options go, a config file of defaults,
/// import errors that name the file and line, a ";"-separated file, an official with two positions.
@Suite(.timeLimit(.minutes(3))) struct CLIFrictionTests {
    /// No CHIBO_SOCKET or CHIBO_KEY: only flags or the config file say where the daemon is.
    static let bare = ["CHIBO_SOCKET": "", "CHIBO_KEY": ""]

    @Test func connectionOptionsBeforeTheCommandAndAConfigFileOfDefaults() async throws {
        try await withDaemon { daemon in
            let before = try await daemon.chibo(
                ["--socket", daemon.socket, "--key=\(daemon.adminKeyPath)", "--lang", "en", "status"], environment: Self.bare)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(before.stdout.contains("Role:             admin"))

            let config = URL(fileURLWithPath: daemon.configHome).appendingPathComponent("chibo/config")
            try FileManager.default.createDirectory(at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "# chibo's defaults\nsocket = \(daemon.socket)\nkey = \(daemon.adminKeyPath)\n".write(
                to: config, atomically: true, encoding: .utf8)
            let fromFile = try await daemon.chibo(["status"], environment: Self.bare)
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
            #expect(fromFile.stdout.contains("Vai trò:             quản trị"))

            try "socket: \(daemon.socket)\n".write(to: config, atomically: true, encoding: .utf8)
            let bad = try await daemon.chibo(["status"], environment: Self.bare)
            #expect(bad.status == 64 && bad.stderr.contains("config:1: write \"name = value\""), "\(bad.stderr)")
        }
    }

    @Test func importErrorsNameTheFileAndLineAndNothingIsWritten() async throws {
        try await withDaemon { daemon in
            let before = try await daemon.chibo(["list", "members", "--format", "csv"])
            let semicolons = daemon.root.appendingPathComponent("dang-vien.csv")
            try "id;full_name\nDV1;Nguyễn Văn An\n".write(to: semicolons, atomically: true, encoding: .utf8)
            let refused = try await daemon.chibo(["import", semicolons.path, "--kind", "members"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("dang-vien.csv:line 1: the fields are separated by \";\""), "\(refused.stderr)")

            // The daemon finds the unknown unit; the message names the file and the line.
            let meetings = daemon.root.appendingPathComponent("ky-hop.csv")
            try "id,unit_id,date,kind\nH1,KHONG-CO,03/01/2025,regular\n".write(to: meetings, atomically: true, encoding: .utf8)
            let unknown = try await daemon.chibo(["import", meetings.path, "--kind", "meetings"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.contains("ky-hop.csv:line 2: "), "\(unknown.stderr)")
            #expect(try await daemon.chibo(["list", "members", "--format", "csv"]).stdout == before.stdout)
        }
    }

    /// docs/import.md: a row per position, the official's own fields repeated; a differing name is refused.
    @Test func anOfficialWithTwoPositionsInOneFile() async throws {
        try await withDaemon { daemon in
            let units = daemon.root.appendingPathComponent("units.csv")
            try """
            id,parent_id,name,level,active_from
            T,,Đảng bộ tỉnh,province,01/01/2010
            T.H,T,Đảng bộ huyện,district,01/01/2010
            T.H.X,T.H,Đảng bộ xã,grassroots,01/01/2010

            """.write(to: units, atomically: true, encoding: .utf8)
            #expect(try await daemon.chibo(["import", units.path, "--kind", "units"]).status == 0)
            let officials = daemon.root.appendingPathComponent("can-bo.csv")
            try """
            id,full_name,member_id,committee_id,role,from
            CB1,Lò Văn Pọm,,T.H,uv_bch,01/01/2025
            CB1,Lò Văn Pọm,,T.H.X,bi_thu,01/01/2025

            """.write(to: officials, atomically: true, encoding: .utf8)
            let imported = try await daemon.chibo(["import", officials.path, "--kind", "officials", "--format", "json"])
            #expect(imported.status == 0, "\(imported.stderr)")
            let positions = try await daemon.chibo(["list", "positions", "--official", "CB1", "--format", "csv"])
            #expect(positions.stdout.split(separator: "\r\n").count == 3, "\(positions.stdout)")

            let renamed = daemon.root.appendingPathComponent("can-bo-2.csv")
            try """
            id,full_name,member_id,committee_id,role,from
            CB2,Lò Văn Pọm,,T.H,uv_bch,01/01/2025
            CB2,Lò Thị Pọm,,T.H.X,bi_thu,01/01/2025

            """.write(to: renamed, atomically: true, encoding: .utf8)
            let refused = try await daemon.chibo(["import", renamed.path, "--kind", "officials"])
            #expect(refused.status == 1 && refused.stderr.contains("line 3: official CB2 has another name"), "\(refused.stderr)")
        }
    }
}
