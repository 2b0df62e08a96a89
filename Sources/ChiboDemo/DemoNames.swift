/// Names in the style of a northern mountain province (Kinh, Mường, Thái, Tày families).
enum DemoNames {
    static let families = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Bùi", "Đinh", "Quách", "Xa", "Hà", "Lò", "Vi",
        "Đỗ", "Ngô", "Vũ", "Đặng", "Lường", "Sa", "Tòng", "Cầm",
    ]
    static let middlesMale = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh"]
    static let middlesFemale = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim"]
    static let givenMale = [
        "An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong",
        "Quân", "Sơn", "Tâm", "Thắng", "Toàn", "Tú", "Tuấn", "Việt", "Hưng", "Lâm", "Pọm", "Ương",
    ]
    static let givenFemale = [
        "Ánh", "Chi", "Đào", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh", "Mai",
        "Nga", "Phương", "Thảo", "Thủy", "Trang", "Xuân", "Yến", "Ước", "Ểnh", "Ơn",
    ]
    static let places = [
        "Cư Yên", "Tân Vinh", "Hòa Sơn", "Nhuận Trạch", "Liên Sơn", "Cao Dương", "Thanh Sơn", "Tiến Xuân",
        "Yên Bình", "Yên Trung", "Trung Sơn", "Lâm Sơn", "Hợp Thanh", "Đồng Tâm", "Phú Thành", "Mường Chiềng",
        "Pà Cò", "Tân Lạc", "Mỹ Hòa", "Đoàn Kết", "Ngọc Lương", "Bảo Hiệu", "Quyết Thắng", "Vầy Nưa",
    ]
    static let districts = [
        "Lương Sơn", "Kim Bôi", "Cao Phong", "Tân Lạc", "Mai Châu", "Đà Bắc", "Lạc Sơn", "Yên Thủy",
        "Lạc Thủy", "Thành phố",
    ]
    static let hamlets = ["xóm", "thôn", "bản", "tổ dân phố"]
    static let topics = [
        "Chuyển đổi số trong thôn", "Xây dựng nông thôn mới", "Phòng chống thiên tai", "Học tập và làm theo tư tưởng Bác",
        "Giảm nghèo bền vững", "An ninh trật tự", "Vệ sinh môi trường", "Phát triển kinh tế hộ",
    ]
    static let requests = [
        "Sửa đường liên xóm", "Lắp đèn đường", "Hỗ trợ giống cây trồng", "Nạo vét kênh mương",
        "Cấp nước sạch", "Sửa nhà văn hóa", "Hỗ trợ hộ nghèo", "Cải tạo sân thể thao",
    ]

    static func person(_ random: inout SeededRandom) -> String {
        let male = random.chance(0.6)
        return [random.pick(families), random.pick(male ? middlesMale : middlesFemale), random.pick(male ? givenMale : givenFemale)]
            .joined(separator: " ")
    }
}
