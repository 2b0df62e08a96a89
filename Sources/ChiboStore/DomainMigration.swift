import GRDB

/// The domain tables. Days are TEXT "yyyy-MM-dd" (they sort as dates), an open end is NULL. Names are kept
/// NFC with a `nameSearch` column in search form (no diacritics, đ → d) for searches that ignore accents.
/// Records that history must keep (assignments, meetings, visits) are corrected by new rows that point at
/// the row they correct (`corrects`), never updated in place.
enum DomainMigration {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("2026-11-24 domain") { db in
            try db.create(table: "level") { t in
                t.primaryKey("code", .text)
                t.column("nameVi", .text).notNull()
                t.column("nameEn", .text).notNull()
                t.column("holdsMembers", .boolean).notNull()
            }
            try db.create(table: "unit") { t in
                t.primaryKey("id", .text)
                t.column("parentID", .text).references("unit").indexed()
                t.column("name", .text).notNull()
                t.column("nameSearch", .text).notNull()
                t.column("level", .text).notNull().references("level")
                t.column("residential", .boolean).notNull()
                t.column("especiallyDifficult", .boolean).notNull()
                t.column("regularMeetingDay", .integer).check { $0 == nil || ($0 >= 1 && $0 <= 31) }
                t.column("activeFrom", .text).notNull()
                t.column("activeUntil", .text)
                t.check(sql: "activeUntil IS NULL OR activeUntil >= activeFrom")
            }
            try db.create(table: "member") { t in
                t.primaryKey("id", .text)
                t.column("fullName", .text).notNull()
                t.column("nameSearch", .text).notNull().indexed()
                t.column("birthYear", .integer)
            }
            try db.create(table: "membership") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("memberID", .text).notNull().references("member").indexed()
                t.column("cellID", .text).notNull().references("unit").indexed()
                t.column("fromDay", .text).notNull()
                t.column("untilDay", .text)
                t.check(sql: "untilDay IS NULL OR untilDay >= fromDay")
            }
            try db.create(table: "memberStatus") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("memberID", .text).notNull().references("member").indexed()
                t.column("status", .text).notNull().check { ["active", "exempt", "suspended", "transferred_out"].contains($0) }
                t.column("reason", .text).notNull()
                t.column("fromDay", .text).notNull()
                t.column("untilDay", .text)
                t.check(sql: "untilDay IS NULL OR untilDay >= fromDay")
            }
            try db.create(table: "official") { t in
                t.primaryKey("id", .text)
                t.column("fullName", .text).notNull()
                t.column("nameSearch", .text).notNull().indexed()
                t.column("memberID", .text).references("member")
            }
            try db.create(table: "position") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("officialID", .text).notNull().references("official").indexed()
                t.column("committeeID", .text).notNull().references("unit")
                t.column("role", .text).notNull()
                t.column("fromDay", .text).notNull()
                t.column("untilDay", .text)
                t.check(sql: "untilDay IS NULL OR untilDay >= fromDay")
            }
            try db.create(table: "assignment") { t in
                t.primaryKey("id", .text)
                t.column("decisionNumber", .text).notNull()
                t.column("decisionDate", .text).notNull()
                t.column("officialID", .text).notNull().references("official").indexed()
                t.column("validFrom", .text).notNull()
                t.column("validUntil", .text)
                t.column("corrects", .text).references("assignment").unique()
                t.check(sql: "validUntil IS NULL OR validUntil >= validFrom")
            }
            try db.create(table: "assignmentUnit") { t in
                t.column("assignmentID", .text).notNull().references("assignment")
                t.column("unitID", .text).notNull().references("unit").indexed()
                t.primaryKey(["assignmentID", "unitID"])
            }
            try db.create(table: "meeting") { t in
                t.primaryKey("id", .text)
                t.column("unitID", .text).notNull().references("unit")
                t.column("date", .text).notNull()
                t.column("kind", .text).notNull().check { ["regular", "thematic", "cell_committee", "party_committee"].contains($0) }
                t.column("online", .boolean).notNull()
                t.column("startMinute", .integer)
                t.column("durationMinutes", .integer)
                t.column("committeeMetFirst", .boolean).notNull()
                t.column("topic", .text).notNull()
                t.column("resolution", .text).notNull()
                t.column("speakers", .integer)
                t.column("score", .integer).check { $0 == nil || ($0 >= 0 && $0 <= 100) }
                t.column("corrects", .text).references("meeting").unique()
            }
            try db.create(index: "meeting_by_unit_date", on: "meeting", columns: ["unitID", "date"])
            try db.create(table: "attendance") { t in
                t.column("meetingID", .text).notNull().references("meeting")
                t.column("memberID", .text).notNull().references("member").indexed()
                t.column("presence", .text).notNull()
                    .check { ["present", "absent_excused", "absent_unexcused", "exempt"].contains($0) }
                t.primaryKey(["meetingID", "memberID"])
            }
            try db.create(table: "visit") { t in
                t.primaryKey("id", .text)
                t.column("meetingID", .text).notNull().references("meeting").indexed()
                t.column("officialID", .text).notNull().references("official").indexed()
                t.column("guidance", .text).notNull()
                t.column("corrects", .text).references("visit").unique()
            }
            try db.create(table: "recommendation") { t in
                t.primaryKey("id", .text)
                t.column("meetingID", .text).notNull().references("meeting").indexed()
                t.column("text", .text).notNull()
                t.column("receivedBy", .text).notNull().references("official")
            }
            try db.create(table: "recommendationStep") { t in
                t.column("recommendationID", .text).notNull().references("recommendation")
                t.column("status", .text).notNull().check { ["received", "forwarded", "answered"].contains($0) }
                t.column("day", .text).notNull()
                t.column("note", .text).notNull()
                t.primaryKey(["recommendationID", "status"])
            }
            try db.create(table: "monthlyReport") { t in
                t.column("unitID", .text).notNull().references("unit")
                t.column("month", .text).notNull()
                t.column("submittedOn", .text).notNull()
                t.column("submittedBy", .text).notNull()
                t.primaryKey(["unitID", "month"])
            }
            try db.create(table: "rating") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("year", .integer).notNull()
                t.column("unitID", .text).references("unit")
                t.column("memberID", .text).references("member")
                t.column("grade", .text).notNull()
                    .check { ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"].contains($0) }
                t.column("decidedBy", .text).notNull().references("unit")
                t.check(sql: "(unitID IS NULL) != (memberID IS NULL)")
            }
            // One rating per subject and year. Partial indexes, because a plain unique key lets NULLs repeat.
            try db.execute(
                sql: """
                    CREATE UNIQUE INDEX rating_unit_year ON rating(year, unitID) WHERE unitID IS NOT NULL;
                    CREATE UNIQUE INDEX rating_member_year ON rating(year, memberID) WHERE memberID IS NOT NULL;
                    """)
        }
    }
}
