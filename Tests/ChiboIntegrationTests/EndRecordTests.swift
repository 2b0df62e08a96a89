import ChiboClient
import ChiboWire
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct EndRecordTests {
    @Test func aMemberTransfersByEndingOneMembershipAndStartingAnother() async throws {
        try await withDaemon { daemon in
            try await SampleData.load(into: daemon)
            #expect(
                try await daemon.chibo([
                    "add", "units", "id=HB.LS.CY.T03", "parent_id=HB.LS.CY", "name=Chi bộ xóm Rụ 3",
                    "level=cell", "active_from=01/01/2026",
                ]).status == 0)
            // While the first membership is open, a second one overlaps and is refused.
            let overlapping = try await daemon.chibo([
                "add", "members", "id=M2", "full_name=Hoàng Đức Anh", "birth_year=1985",
                "cell_id=HB.LS.CY.T03", "from=01/06/2026",
            ])
            #expect(overlapping.status == 1)

            let ended = try await daemon.chibo([
                "end", "memberships", "member_id=M2", "cell_id=HB.LS.CY.T01", "until=31/05/2026", "--format", "json",
            ])
            #expect(ended.status == 0, "\(ended.stderr)")
            #expect(ended.stdout.contains("\"until\" : \"2026-05-31\""))
            let moved = try await daemon.chibo([
                "add", "members", "id=M2", "full_name=Hoàng Đức Anh", "birth_year=1985",
                "cell_id=HB.LS.CY.T03", "from=01/06/2026",
            ])
            #expect(moved.status == 0, "\(moved.stderr)")
            let history = try await daemon.chibo(["list", "memberships", "--member", "M2", "--format", "csv"])
            #expect(
                history.stdout == "member_id,cell_id,from,until\r\nM2,HB.LS.CY.T01,2018-03-01,2026-05-31\r\nM2,HB.LS.CY.T03,2026-06-01,\r\n"
            )

            let again = try await daemon.chibo(["end", "memberships", "member_id=M2", "cell_id=HB.LS.CY.T01", "until=30/06/2026"])
            #expect(again.status == 1 && again.stderr.contains("no open membership of M2 in HB.LS.CY.T01"))
            let early = try await daemon.chibo(["end", "memberships", "member_id=M2", "cell_id=HB.LS.CY.T03", "until=01/01/2026"])
            #expect(early.status == 1 && early.stderr.contains("before it started"))
            let parent = try await daemon.chibo(["end", "units", "id=HB.LS.CY", "until=31/12/2026"])
            #expect(parent.status == 1 && parent.stderr.contains("still has 2 unit(s) active"))
            let history2 = try await daemon.chibo(["list", "memberships", "--member", "M2", "--format", "csv"])
            #expect(history2.stdout == history.stdout)
        }
    }
}
