import Testing
@testable import LeakScanExtract

/// Noise that looks like phones or emails but is not: nothing may be invented.
@Suite struct RejectionTests {
    static let noise: [(String, String)] = [
        ("18-digit ID card", "身份证 110101199003071234"),
        ("ID card without label", "证件 110101199003071234 已核验"),
        ("ID card with X", "11010119900307123X"),
        ("16-digit bank card", "6222021380013800"),
        ("19-digit bank card", "6222021380013800123"),
        ("bank card in groups of four", "6222 0213 8001 3800"),
        ("timestamp", "20240502221600"),
        ("millisecond epoch", "1714659360123"),
        ("order number", "2024050212345678"),
        ("order number after label", "订单号：13800138000"),
        ("QQ group number", "QQ群：13800138000"),
        ("price", "13800.00"),
        ("price with 11 digits and decimals", "13800138000.00"),
        ("number not starting 1[3-9]", "12800138000"),
        ("number starting 10", "10086123456"),
        ("unassigned 154 prefix", "15400138000"),
        ("10 digits", "1380013800"),
        ("12 digits", "138001380001"),
        ("date and time", "2024-05-02 22:16:00"),
        ("ISO timestamp", "2024-05-02T22:16:00Z"),
        ("version-like", "1.38.0013.8000"),
        ("dash-continued", "138-0013-8000-1234"),
        ("inside hex hash", "a13800138000f"),
        ("email local part digits", "13800138000a"),
        ("plus other country", "+1 380 013 8000"),
        ("landline", "010-62345678"),
        ("IP address", "138.0.138.000"),
        ("not an email: no dot", "user@localhost"),
        ("not an email: numeric TLD", "user@example.123"),
        ("not an email: one-letter TLD", "user@example.c"),
        ("not an email: empty local", "@example.com"),
        ("not an email: @ handle", "follow @zhangsan on weibo"),
        ("# without mail domain", "topic#example.com"),
        (" at without mail domain", "meet at example.com"),
        (" at after a prose word", "I look at gmail.com daily"),
        ("[at] without address", "look [at] this"),
        ("spaced @ after a one-letter word", "ping a @ example.com"),
        ("spaced @ with three spaces", "mail zhangsan   @   example.com"),
    ]

    @Test(arguments: noise)
    func rejected(_ label: String, _ text: String) {
        let x = extract("数据 " + text + " 完")
        #expect(x.tuples.isEmpty, "\(label)")
    }

    @Test func emailLocalPartIsNotAPhone() {
        #expect(tuples(extract("13800138000@163.com")) == [T(nil, nil, "13800138000@163.com")])
    }

    @Test func phoneAfterAnIDCardStillFound() {
        let x = extract("身份证 110101199003071234 手机 13800138000")
        #expect(x.tuples.map(\.phone) == ["13800138000"])
    }
}
