import ChiboModel
import Foundation

extension Chibo_V1_Record {
    /// The wire form of a model record; `decoded(today:)` reverses it. Throws only for a kind whose fields
    /// do not match its message in records.proto, which the per-kind round-trip test catches.
    public init(_ record: any DomainRecord) throws {
        self.init()
        switch record {
        case let l as Level:
            level = .with {
                $0.code = l.code; $0.nameVi = l.nameVi; $0.nameEn = l.nameEn; $0.holdsMembers = l.holdsMembers
            }
        case let u as PartyUnit:
            unit = .with {
                $0.id = u.id; $0.parentID = u.parentID ?? ""; $0.name = u.name; $0.level = u.level
                $0.residential = u.residential; $0.especiallyDifficult = u.especiallyDifficult
                if let day = u.regularMeetingDay { $0.regularMeetingDay = UInt32(day) }
                $0.activeFrom = u.active.start.iso; $0.activeUntil = u.active.end?.iso ?? ""
            }
        case let m as Member:
            member = .with {
                $0.id = m.id; $0.fullName = m.fullName; if let y = m.birthYear { $0.birthYear = UInt32(y) }
            }
        case let m as Membership:
            membership = .with {
                $0.memberID = m.memberID; $0.cellID = m.cellID; $0.from = m.days.start.iso; $0.until = m.days.end?.iso ?? ""
            }
        case let s as MemberStatusPeriod:
            memberStatus = .with {
                $0.memberID = s.memberID; $0.status = s.status.rawValue; $0.reason = s.reason
                $0.from = s.days.start.iso; $0.until = s.days.end?.iso ?? ""
            }
        case let o as Official:
            official = .with {
                $0.id = o.id; $0.fullName = o.fullName; $0.memberID = o.memberID ?? ""
            }
        case let p as Position:
            position = .with {
                $0.officialID = p.officialID; $0.committeeID = p.committeeID; $0.role = p.role.rawValue
                $0.from = p.term.start.iso; $0.until = p.term.end?.iso ?? ""
            }
        case let a as Assignment:
            assignment = .with {
                $0.id = a.id; $0.decisionNumber = a.decisionNumber; $0.decisionDate = a.decisionDate.iso
                $0.officialID = a.officialID; $0.unitIds = a.unitIDs; $0.validFrom = a.valid.start.iso
                $0.validUntil = a.valid.end?.iso ?? ""; $0.corrects = a.corrects ?? ""
            }
        case let m as Meeting:
            meeting = .with {
                $0.id = m.id; $0.unitID = m.unitID; $0.date = m.date.iso; $0.kind = m.kind.rawValue; $0.online = m.online
                if let v = m.startMinute { $0.startMinute = UInt32(v) }
                if let v = m.durationMinutes { $0.durationMinutes = UInt32(v) }
                $0.committeeMetFirst = m.committeeMetFirst; $0.topic = m.topic; $0.resolution = m.resolution
                if let v = m.speakers { $0.speakers = UInt32(v) }
                if let v = m.score { $0.score = UInt32(v) }
                $0.attendance = m.presence.keys.sorted().map { id in
                    .with {
                        $0.memberID = id; $0.presence = m.presence[id]!.rawValue
                    }
                }
                $0.corrects = m.corrects ?? ""
            }
        case let v as Visit:
            visit = .with {
                $0.id = v.id; $0.meetingID = v.meetingID; $0.officialID = v.officialID; $0.guidance = v.guidance;
                $0.corrects = v.corrects ?? ""
            }
        case let r as Recommendation:
            recommendation = .with {
                $0.id = r.id; $0.meetingID = r.meetingID; $0.text = r.text; $0.receivedBy = r.receivedBy
                $0.steps = r.steps.map { step in
                    .with {
                        $0.status = step.status.rawValue; $0.day = step.day.iso; $0.note = step.note
                    }
                }
            }
        case let r as MonthlyReport:
            monthlyReport = .with {
                $0.unitID = r.unitID; $0.month = r.month.iso; $0.submittedOn = r.submittedOn.iso; $0.submittedBy = r.submittedBy
            }
        case let r as Rating:
            rating = .with {
                $0.year = UInt32(r.year); $0.grade = r.grade.rawValue; $0.decidedBy = r.decidedBy
                switch r.subject {
                case .unit(let id): $0.unitID = id
                case .member(let id): $0.memberID = id
                }
            }
        case let generic as any FieldRecord:
            self = try FieldRecordWire.encode(generic)
        default:
            throw ModelError(.emptyField, "\(type(of: record).kind) records have no wire form")
        }
    }
}
