/// A sample of each registered record kind, for `RecordKindRoundTripTests`: rows a CSV file imports, one more
/// record `chibo add` writes, what its listing must then show, and a code `chibo show` finds (for kinds with
/// codes). Kinds come in `RecordKinds.all` order, each resting on the ones before. A new kind adds its sample
/// here; a registered kind without one fails the test.
struct RecordKindSample {
    let csv: String
    let added: [String]
    let listed: [String]
    let shown: String?
}

enum RecordKindSamples {
    static let all: [String: RecordKindSample] = [
        "level": RecordKindSample(
            csv: "code,name_vi,name_en,holds_members\nward,Đảng ủy phường,Ward committee,0\n",
            added: ["code=hamlet", "name_vi=Chi bộ thôn", "name_en=Hamlet cell", "holds_members=1"],
            listed: ["ward", "hamlet"], shown: "ward"),
        "unit": RecordKindSample(
            csv: """
                id,name,level,active_from,parent_id,residential,regular_meeting_day
                RT,Đảng bộ tỉnh Thử,province,01/01/2015,,,
                RT.X,Đảng bộ xã Thử,grassroots,01/01/2015,RT,,
                RT.X.C1,Chi bộ thôn Một,cell,01/01/2015,RT.X,1,3

                """,
            added: ["id=RT.X.C2", "name=Chi bộ thôn Hai", "level=cell", "parent_id=RT.X", "active_from=01/01/2015", "residential=1"],
            listed: ["RT.X.C1", "RT.X.C2"], shown: "RT.X.C2"),
        "member": RecordKindSample(
            csv: "id,full_name,birth_year\nRM1,Trần Văn An,1960\n", added: ["id=RM2", "full_name=Lê Thị Bình"],
            listed: ["Trần Văn An", "Lê Thị Bình"], shown: "RM1"),
        "membership": RecordKindSample(
            csv: "member_id,cell_id,from\nRM1,RT.X.C1,01/01/2016\n", added: ["member_id=RM2", "cell_id=RT.X.C2", "from=01/01/2016"],
            listed: ["RT.X.C1", "RT.X.C2"], shown: nil),
        "member_status": RecordKindSample(
            csv: "member_id,status,from,reason\nRM1,exempt,01/01/2024,Tuổi cao\n",
            added: ["member_id=RM2", "status=exempt", "from=01/06/2024", "reason=Sức khỏe"], listed: ["Tuổi cao", "Sức khỏe"], shown: nil),
        "official": RecordKindSample(
            csv: "id,full_name\nRO1,Phạm Văn Cường\n", added: ["id=RO2", "full_name=Vũ Thị Dung"],
            listed: ["Phạm Văn Cường", "Vũ Thị Dung"], shown: "RO1"),
        "position": RecordKindSample(
            csv: "official_id,committee_id,role,from\nRO1,RT.X,uv_btv,01/01/2020\n",
            added: ["official_id=RO2", "committee_id=RT.X", "role=cap_uy_vien", "from=01/01/2020"], listed: ["uv_btv", "cap_uy_vien"],
            shown: nil),
        "assignment": RecordKindSample(
            csv: "id,decision_number,decision_date,official_id,unit_ids,valid_from\nRA1,12-QĐ/ĐU,01/01/2021,RO1,RT.X.C1,01/01/2021\n",
            added: [
                "id=RA2", "decision_number=13-QĐ/ĐU", "decision_date=01/01/2021", "official_id=RO2", "unit_ids=RT.X.C2",
                "valid_from=01/01/2021",
            ],
            listed: ["RA1", "RA2"], shown: "RA1"),
        "meeting": RecordKindSample(
            csv: "id,unit_id,date,kind\nRH1,RT.X.C1,03/02/2026,regular\n",
            added: ["id=RH2", "unit_id=RT.X.C2", "date=03/02/2026", "kind=regular"], listed: ["RH1", "RH2"], shown: "RH1"),
        "visit": RecordKindSample(
            csv: "id,meeting_id,official_id\nRV1,RH1,RO1\n", added: ["id=RV2", "meeting_id=RH2", "official_id=RO2"],
            listed: ["RV1", "RV2"], shown: "RV1"),
        "recommendation": RecordKindSample(
            csv: "id,meeting_id,text,received_by,received_on\nRR1,RH1,Sửa đường thôn,RO1,03/02/2026\n",
            added: ["id=RR2", "meeting_id=RH2", "text=Làm cầu", "received_by=RO2", "received_on=03/02/2026"],
            listed: ["Sửa đường thôn", "Làm cầu"], shown: "RR1"),
        "monthly_report": RecordKindSample(
            csv: "unit_id,month,submitted_on\nRT.X.C1,2026-02,05/03/2026\n",
            added: ["unit_id=RT.X.C2", "month=2026-02", "submitted_on=06/03/2026"], listed: ["RT.X.C1", "RT.X.C2"], shown: nil),
        "rating": RecordKindSample(
            csv: "year,grade,decided_by,unit_id\n2025,hoan_thanh_tot,RT.X,RT.X.C1\n",
            added: ["year=2025", "grade=hoan_thanh_xuat_sac", "decided_by=RT.X.C1", "member_id=RM1"], listed: ["RT.X.C1", "RM1"], shown: nil
        ),
        "qualification": RecordKindSample(
            csv: """
                id,member_id,as_of,post,general_education,professional_level,political_theory,party_work_trained_on
                RQ1,RM1,01/06/2025,bi_thu_chi_bo,thpt,trung_cap,so_cap,15/04/2025

                """,
            added: [
                "id=RQ2", "member_id=RM2", "as_of=01/06/2025", "post=chi_uy_vien", "general_education=thcs",
                "professional_level=chua_dao_tao", "political_theory=chua_dao_tao",
            ],
            listed: ["RQ1", "2025-04-15", "RQ2"], shown: "RQ2"),
    ]
}
