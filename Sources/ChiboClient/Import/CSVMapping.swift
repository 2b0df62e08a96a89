import ChiboModel
import ChiboWire
import Foundation

/// The column set of each kind, as wire records.
enum CSVMapping {
    /// What makes a row the same record as another: two rows with one identity are a repeat.
    static func identity(_ kind: ImportKind, _ v: RecordFields) -> String {
        switch kind.form {
        case .memberStatuses: "\(v["member_id"]) \(v["status"]) \(v["from"])"
        case .ratings: "\(v["year"]) \(v["unit_id"])\(v["member_id"])"
        case .reports: "\(v["unit_id"]) \(v["month"])"
        // One official may hold several positions: a row per position, the official's own fields repeated.
        case .officials: "\(v["id"]) \(v["committee_id"]) \(v["role"]) \(v["from"])"
        case .fields: (kind.fieldType?.identityFields ?? []).map { v[$0] }.joined(separator: " ")
        default: v["id"]
        }
    }

    static func records(_ kind: ImportKind, _ v: RecordFields, today: CalendarDay) throws -> [Chibo_V1_Record] {
        switch kind.form {
        case .fields:
            guard let type = kind.fieldType else { return [] }
            return [try Chibo_V1_Record(try type.init(fields: v, today: today))]
        case .units:
            var unit = Chibo_V1_UnitRecord.with {
                $0.id = v["id"]; $0.parentID = v["parent_id"]; $0.name = v["name"]; $0.level = v["level"]
                $0.activeFrom = v["active_from"]; $0.activeUntil = v["active_until"]
            }
            unit.residential = try v.flag("residential")
            unit.especiallyDifficult = try v.flag("especially_difficult")
            if let day = try v.number("regular_meeting_day") { unit.regularMeetingDay = UInt32(day) }
            return [.with { $0.unit = unit }]
        case .members:
            var member = Chibo_V1_MemberRecord.with {
                $0.id = v["id"]; $0.fullName = v["full_name"]
            }
            if let year = try v.number("birth_year") { member.birthYear = UInt32(year) }
            var out: [Chibo_V1_Record] = [.with { $0.member = member }]
            if !v["cell_id"].isEmpty {
                out.append(
                    .with {
                        $0.membership = .with {
                            $0.memberID = v["id"]; $0.cellID = v["cell_id"]; $0.from = v["from"]; $0.until = v["until"]
                        }
                    })
            } else if !v["from"].isEmpty {
                throw ModelError(.emptyField, "from is given but cell_id is empty")
            }
            return out
        case .memberStatuses:
            return [
                .with {
                    $0.memberStatus = .with {
                        $0.memberID = v["member_id"]; $0.status = v["status"]; $0.reason = v["reason"]; $0.from = v["from"];
                        $0.until = v["until"]
                    }
                }
            ]
        case .officials:
            var out: [Chibo_V1_Record] = [
                .with {
                    $0.official = .with {
                        $0.id = v["id"]; $0.fullName = v["full_name"]; $0.memberID = v["member_id"]
                    }
                }
            ]
            if !v["committee_id"].isEmpty || !v["role"].isEmpty {
                out.append(
                    .with {
                        $0.position = .with {
                            $0.officialID = v["id"]; $0.committeeID = v["committee_id"]; $0.role = v["role"]; $0.from = v["from"];
                            $0.until = v["until"]
                        }
                    })
            }
            return out
        case .assignments:
            return [
                .with {
                    $0.assignment = .with {
                        $0.id = v["id"]; $0.decisionNumber = v["decision_number"]; $0.decisionDate = v["decision_date"]
                        $0.officialID = v["official_id"]; $0.unitIds = v.list("unit_ids"); $0.validFrom = v["valid_from"]
                        $0.validUntil = v["valid_until"]; $0.corrects = v["corrects"]
                    }
                }
            ]
        case .meetings:
            var meeting = Chibo_V1_MeetingRecord.with {
                $0.id = v["id"]; $0.unitID = v["unit_id"]; $0.date = v["date"]; $0.kind = v["kind"]
                $0.topic = v["topic"]; $0.resolution = v["resolution"]; $0.corrects = v["corrects"]
            }
            meeting.online = try v.flag("online")
            meeting.committeeMetFirst = try v.flag("committee_met_first")
            if !v["start"].isEmpty { meeting.startMinute = try minute(v["start"]) }
            if let n = try v.number("duration_minutes") { meeting.durationMinutes = UInt32(n) }
            if let n = try v.number("speakers") { meeting.speakers = UInt32(n) }
            if let n = try v.number("score") { meeting.score = UInt32(n) }
            for (column, presence) in [
                ("present", Presence.present), ("absent_excused", .absentExcused),
                ("absent_unexcused", .absentUnexcused), ("exempt", .exempt),
            ] {
                meeting.attendance += v.list(column).map { id in
                    .with {
                        $0.memberID = id; $0.presence = presence.rawValue
                    }
                }
            }
            return [.with { $0.meeting = meeting }]
        case .visits:
            return [
                .with {
                    $0.visit = .with {
                        $0.id = v["id"]; $0.meetingID = v["meeting_id"]; $0.officialID = v["official_id"]; $0.guidance = v["guidance"];
                        $0.corrects = v["corrects"]
                    }
                }
            ]
        case .recommendations:
            var steps: [Chibo_V1_RecommendationStep] = [
                .with {
                    $0.status = "received"; $0.day = v["received_on"]
                }
            ]
            if !v["forwarded_on"].isEmpty {
                steps.append(
                    .with {
                        $0.status = "forwarded"; $0.day = v["forwarded_on"]; $0.note = v["forward_note"]
                    })
            }
            if !v["answered_on"].isEmpty {
                steps.append(
                    .with {
                        $0.status = "answered"; $0.day = v["answered_on"]; $0.note = v["answer"]
                    })
            }
            return [
                .with {
                    $0.recommendation = .with {
                        $0.id = v["id"]; $0.meetingID = v["meeting_id"]; $0.text = v["text"]; $0.receivedBy = v["received_by"];
                        $0.steps = steps
                    }
                }
            ]
        case .ratings:
            guard let year = try v.number("year") else { throw ModelError(.emptyField, "year is empty") }
            return [
                .with {
                    $0.rating = .with {
                        $0.year = UInt32(year); $0.unitID = v["unit_id"]; $0.memberID = v["member_id"]; $0.grade = v["grade"];
                        $0.decidedBy = v["decided_by"]
                    }
                }
            ]
        case .reports:
            return [
                .with {
                    $0.monthlyReport = .with {
                        $0.unitID = v["unit_id"]; $0.month = v["month"]; $0.submittedOn = v["submitted_on"];
                        $0.submittedBy = v["submitted_by"]
                    }
                }
            ]
        }
    }

    /// "HH:mm" as minutes after midnight.
    static func minute(_ text: String) throws -> UInt32 {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = UInt32(parts[0]), let m = UInt32(parts[1]), h < 24, m < 60 else {
            throw ModelError(.outOfRange, "start \"\(text)\" is not a time (HH:mm)")
        }
        return h * 60 + m
    }
}
