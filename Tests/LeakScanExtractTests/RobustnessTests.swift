import Foundation
import Testing
@testable import LeakScanExtract

/// Hostile input: seeded random mutations must not crash; pathological shapes stay linear.
@Suite struct RobustnessTests {
    static let fragments: [String] = [
        "<", ">", "</", "<td>", "<tr>", "</tr>", "<br>", "<head>", "<script>", "</script", "<!--", "-->", "<p", "\"", "'",
        "&", "&#", "&#x", "&#49;", "&#xFFFFFFFF;", "&nbsp", "&amp;", ";", "@", "[at]", "(at", "【at】", "#qq.com", " at gmail.com",
        "姓名：", "电话", "QQ", "QQ群", "订单号", ":", "：", ",", "|", "\t", "\n", "\r\n", " ", "+", "+86", "(+86)", "0086",
        "138", "0013", "8000", "13800138000", "2024-5-2", " 22:16", "年", "月", "日", "发表于", "１", "＠", "\u{200B}",
        "张", "欧阳", "Zhang San", "a.b", ".com", "example", "-", ".", "\u{FFFD}", "\u{1F600}", "\"\"", "Name:", "name,phone,email",
    ]

    @Test func seededRandomMutationsDoNotCrash() {
        var rng = SyntheticPeople(seed: 99)
        for round in 0..<600 {
            var s = ""
            for _ in 0..<(1 + rng.int(80)) { s += Self.fragments[rng.int(Self.fragments.count)] }
            // Raw byte noise too (decoded leniently, as the decoder would).
            var bytes = Array(s.utf8)
            for _ in 0..<rng.int(4) where !bytes.isEmpty { bytes[rng.int(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            let x = extract(text, html: round % 2 == 0)
            for t in x.tuples {
                #expect(t.phone != nil || t.email != nil)
                #expect(t.line >= 1)
                if let phone = t.phone { #expect(phone.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 }) }
            }
            #expect((0.0..<1.0).contains(x.marketScore))
        }
    }

    static let pathological: [(String, String, Bool)] = [
        ("one giant line of people", String(repeating: "张伟 13800138000 zw@example.com 订单号 123 ", count: 20_000), false),
        ("unmatched quotes in tags", String(repeating: "<img alt=don't src=x>13800138000 ", count: 20_000), true),
        ("many unclosed heads", String(repeating: "<head><p>13800138000</p>", count: 20_000), true),
        ("unclosed comment", "<p>13800138000</p><!--" + String(repeating: "x", count: 500_000), true),
        ("deep nesting", String(repeating: "<div><span>", count: 50_000) + "13800138000", true),
        ("huge header-like line", String(repeating: "姓名,", count: 50_000), false),
        ("many dots and digits", String(repeating: "1.2.3.4-5-6 ", count: 50_000), false),
        ("many at signs", String(repeating: "a@b@c@ ", count: 50_000), false),
    ]

    @Test(arguments: pathological)
    func pathologicalInputsStayFast(_ label: String, _ text: String, _ html: Bool) {
        let start = Date()
        _ = extract(text, html: html)
        #expect(Date().timeIntervalSince(start) < 8, "\(label) was slow")
    }

    @Test func unclosedCommentHidesOnlyTheRest() {
        #expect(extract("<p>13800138000</p><!-- 13900139000", html: true).tuples.map(\.phone) == ["13800138000"])
    }
}
