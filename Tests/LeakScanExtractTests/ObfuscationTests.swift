import Testing
@testable import LeakScanExtract

/// Phone and email variants that must be found and de-obfuscated.
@Suite struct ObfuscationTests {
    static let phones: [(String, String)] = [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("138.0013.8000", "13800138000"),
        ("138 - 0013 - 8000", "13800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+8613800138000", "+8613800138000"),
        ("+86-138-0013-8000", "+8613800138000"),
        ("0086 13800138000", "+8613800138000"),
        ("008613800138000", "+8613800138000"),
        ("86 13800138000", "+8613800138000"),
        ("(+86) 13800138000", "+8613800138000"),
        ("(86)138-0013-8000", "+8613800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("＋８６ １３８ ００１３ ８０００", "+8613800138000"),
        ("手机：１３８-００１３-８０００。", "13800138000"),
        ("电话13800138000吧", "13800138000"),
        ("第2 13800138000", "13800138000"),
        ("1\u{200B}3800138000", "13800138000"),
        ("16612345678", "16612345678"),
        ("19912345678", "19912345678"),
        ("14712345678", "14712345678"),
    ]

    @Test(arguments: phones)
    func phone(_ input: String, _ expected: String) {
        #expect(extract("联系 " + input).tuples.map(\.phone) == [expected])
    }

    static let emails: [(String, String)] = [
        ("zhangsan@example.com", "zhangsan@example.com"),
        ("ZhangSan@Example.COM", "zhangsan@example.com"),
        ("zhangsan[at]example.com", "zhangsan@example.com"),
        ("zhangsan [at] example.com", "zhangsan@example.com"),
        ("zhangsan(at)example.com", "zhangsan@example.com"),
        ("zhangsan (AT) example.com", "zhangsan@example.com"),
        ("zhangsan【at】example.com", "zhangsan@example.com"),
        ("zhangsan[@]example.com", "zhangsan@example.com"),
        ("zhangsan＠example.com", "zhangsan@example.com"),
        ("ｚｈａｎｇｓａｎ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhangsan@example.com"),
        ("12345678#qq.com", "12345678@qq.com"),
        ("wang.fang#163.com", "wang.fang@163.com"),
        ("lina at gmail.com", "lina@gmail.com"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
        ("<zs_01@example.com>", "zs_01@example.com"),
        ("邮箱：zs@example.com。", "zs@example.com"),
        // Regression: the demo thread's `user @ sina.com` rows lost their email.
        ("lfwtak6612 @ sina.com", "lfwtak6612@sina.com"),
        ("zhangsan@ example.com", "zhangsan@example.com"),
        ("zhangsan  @example.com", "zhangsan@example.com"),
    ]

    @Test(arguments: emails)
    func email(_ input: String, _ expected: String) {
        #expect(extract("mail " + input).tuples.map(\.email) == [expected])
    }

    static let qq: [(String, String)] = [
        ("QQ：12345678", "12345678@qq.com"),
        ("QQ: 123456", "123456@qq.com"),
        ("qq 1234567890", "1234567890@qq.com"),
        ("QQ号码：87654321", "87654321@qq.com"),
        ("扣扣 55556666", "55556666@qq.com"),
    ]

    @Test(arguments: qq)
    func qqNumber(_ input: String, _ expected: String) {
        #expect(extract(input).tuples.map(\.email) == [expected])
    }
}
