import ChiboModel
import Foundation

/// What heads and closes a party report on paper: the issuing committee and its number on the left,
/// "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right, the signature block at the end.
public struct PrintHeader: Sendable {
    /// The committee above the issuing one ("ĐẢNG BỘ HUYỆN ĐÀ BẮC"); none for the top committee.
    public var superior: String?
    /// The issuing committee ("ĐẢNG ỦY XÃ TIỀN PHONG").
    public var committee: String
    /// The document number ("45-BC/ĐU"); left as dots to fill in by hand when unknown.
    public var number: String?
    public var place: String
    public var date: CalendarDay
    /// "T/M ĐẢNG ỦY" and the signer's post ("BÍ THƯ").
    public var signerTitle: [String]
    public var signer: String?
    public var recipients: [String]

    public init(
        superior: String? = nil, committee: String, number: String? = nil, place: String, date: CalendarDay,
        signerTitle: [String] = ["T/M BAN THƯỜNG VỤ"], signer: String? = nil, recipients: [String] = ["Lưu văn phòng."]
    ) {
        self.superior = superior
        self.committee = committee
        self.number = number
        self.place = place
        self.date = date
        self.signerTitle = signerTitle
        self.signer = signer
        self.recipients = recipients
    }

    /// "Hòa Bình, ngày 05 tháng 01 năm 2026" (English: "Hòa Bình, 05 January 2026").
    public func placeAndDate(_ language: Language) -> String {
        let month = String(format: "%02d", date.month)
        let day = String(format: "%02d", date.day)
        switch language {
        case .vi: return "\(place), ngày \(day) tháng \(month) năm \(date.year)"
        case .en: return "\(place), \(day)/\(month)/\(date.year)"
        }
    }
}
