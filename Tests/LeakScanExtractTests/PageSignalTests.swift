import Testing
@testable import LeakScanExtract

/// Market score and post date.
@Suite struct PageSignalTests {
    static let sale = "出售一手招聘网站简历，精准数据，实时更新，量大从优。联系QQ或TG，支持USDT/收U。"
    static let news = "记者从警方获悉，一起出售公民个人信息案告破。据报道，嫌疑人通过招聘网站获取简历。"
    static let neutral = "今天天气不错，我们去公园散步，然后吃了午饭。"

    @Test func saleOutranksNewsOutranksNeutral() {
        let s = extract(Self.sale).marketScore, n = extract(Self.news).marketScore, z = extract(Self.neutral).marketScore
        #expect(s > 0.9)
        #expect(s > n)
        #expect(n > z)
        #expect(z == 0)
        #expect((0.0..<1.0).contains(s))
    }

    @Test func htmlTitleCountsTowardsTheScore() {
        let withTitle = extract("<html><head><title>出售精准简历</title></head><body><p>样本见附件</p></body></html>", html: true)
        let without = extract("<html><head><title>首页</title></head><body><p>样本见附件</p></body></html>", html: true)
        #expect(withTitle.marketScore > 0.8)
        #expect(without.marketScore == 0)
    }

    @Test func latinWordsAreCaseInsensitiveAndWholeWord() {
        #expect(extract("pay in usdt").marketScore > 0)
        #expect(extract("USDTOKEN stg tga").marketScore == 0)
    }

    @Test func wordCountIsCapped() {
        let once = extract("简历").marketScore
        let thrice = extract("简历 简历 简历").marketScore
        let many = extract(String(repeating: "简历 ", count: 50)).marketScore
        #expect(thrice > once)
        #expect(many == thrice)
    }

    static let dates: [(String, Int64?)] = [
        ("发表于 2024-5-2 22:16", 1_714_659_360),
        ("2024-05-02 22:16", 1_714_659_360),
        ("2024/05/02 22:16:00", 1_714_659_360),
        ("2024年5月2日 22:16", 1_714_659_360),
        ("2024-05-02 14:16 UTC", 1_714_659_360),
        ("2024-05-02 16:16 +02:00", 1_714_659_360),
        ("发布时间：2024-05-02", 1_714_579_200),   // midnight UTC+8 = 2024-05-01 16:00 UTC
        ("生日 1990-01-01", nil),                   // a date without time needs a post-date label
        ("20240502221600", nil),
        ("2024-13-02 22:16", nil),
        ("3024-05-02 22:16", nil),
    ]

    @Test(arguments: dates)
    func postDate(_ text: String, _ expected: Int64?) {
        #expect(extract(text).postDate == expected)
    }

    @Test func earliestDateWins() {
        let text = "发表于 2024-5-3 10:00\n引用 发表于 2024-5-2 22:16\n发表于 2024-5-4 08:00"
        #expect(extract(text).postDate == 1_714_659_360)
    }
}
