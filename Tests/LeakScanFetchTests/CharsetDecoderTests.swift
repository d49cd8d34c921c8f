import LeakScanCore
import LeakScanFetch
import Testing

@Suite("CharsetDecoder")
struct CharsetDecoderTests {
    static let zhangSanGBK: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var contentType: String?
        var body: [UInt8]
        var charset: String
        var text: String
    }

    static let cases: [Case] = [
        Case(description: "gbk header", contentType: "text/html; charset=gbk", body: zhangSanGBK, charset: "gb18030", text: "张三"),
        Case(description: "quoted GB2312 header", contentType: "text/html; Charset=\"GB2312\"", body: zhangSanGBK, charset: "gb18030", text: "张三"),
        Case(description: "meta charset", contentType: nil,
             body: Array("<meta charset='gb2312'>".utf8) + zhangSanGBK, charset: "gb18030", text: "<meta charset='gb2312'>张三"),
        Case(description: "meta http-equiv", contentType: "text/html",
             body: Array("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">".utf8) + zhangSanGBK,
             charset: "gb18030", text: "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">张三"),
        Case(description: "sniff gbk", contentType: nil, body: zhangSanGBK, charset: "gb18030", text: "张三"),
        Case(description: "sniff utf-8", contentType: nil, body: Array("张三".utf8), charset: "utf-8", text: "张三"),
        Case(description: "utf-8 BOM beats header", contentType: "text/plain; charset=gbk",
             body: [0xEF, 0xBB, 0xBF] + Array("张三".utf8), charset: "utf-8", text: "张三"),
        Case(description: "utf-16le BOM", contentType: nil, body: [0xFF, 0xFE, 0x20, 0x5F, 0x09, 0x4E], charset: "utf-16le", text: "张三"),
        Case(description: "utf-16be BOM", contentType: nil, body: [0xFE, 0xFF, 0x5F, 0x20, 0x4E, 0x09], charset: "utf-16be", text: "张三"),
        Case(description: "big5", contentType: "text/html; charset=big5", body: [0xB1, 0x69, 0xA4, 0x54], charset: "big5-hkscs", text: "張三"),
        Case(description: "gb18030 four-byte", contentType: "text/plain; charset=gbk", body: [0x81, 0x30, 0x81, 0x30], charset: "gb18030", text: "\u{80}"),
        Case(description: "unknown label falls back to sniff", contentType: "text/html; charset=x-no-such", body: Array("abc".utf8), charset: "utf-8", text: "abc"),
        Case(description: "empty body", contentType: "text/html; charset=gbk", body: [], charset: "gb18030", text: ""),
    ]

    @Test(arguments: cases)
    func decodes(_ c: Case) {
        let page = Page(url: "http://127.0.0.1/x", headers: c.contentType.map { ["content-type": $0] } ?? [:], body: c.body)
        let decoded = CharsetDecoder.decode(page)
        #expect(decoded.charset == c.charset)
        #expect(decoded.text == c.text)
    }

    @Test func wrongUTF8HeaderGivesReplacementCharacters() {
        let page = Page(url: "x", headers: ["content-type": "text/html; charset=utf-8"], body: Array("<p>".utf8) + Self.zhangSanGBK + Array("</p>".utf8))
        let decoded = CharsetDecoder.decode(page)
        #expect(decoded.charset == "utf-8")
        #expect(decoded.text.hasPrefix("<p>") && decoded.text.hasSuffix("</p>"))
        #expect(decoded.text.contains("\u{FFFD}"))
    }

    @Test func invalidGBKBytesAreReplacedNotFatal() {
        // An invalid byte, a lead byte with an ASCII trail (resynchronises on the ASCII byte),
        // and a truncated sequence at the end.
        let body = Self.zhangSanGBK + [0xFF] + Array("ok".utf8) + [0x81, 0x20] + Array("x".utf8) + [0xD5]
        let decoded = CharsetDecoder.decode(Page(url: "x", headers: ["content-type": "text/plain; charset=gbk"], body: body))
        #expect(decoded.text.hasPrefix("张三"))
        #expect(decoded.text.contains("\u{FFFD}ok"))
        #expect(decoded.text.contains("\u{FFFD} x"))
        #expect(decoded.text.hasSuffix("\u{FFFD}"))
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let body = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for type in [nil, "text/html; charset=gbk", "text/html; charset=big5", "text/html; charset=utf-16"] as [String?] {
                let decoded = CharsetDecoder.decode(Page(url: "x", headers: type.map { ["content-type": $0] } ?? [:], body: body))
                #expect(decoded.text.utf8.count >= 0)
            }
        }
    }

    @Test(arguments: [
        ("text/html", "plain words", true),
        ("text/plain; charset=utf-8", "<html><body>", false),
        (nil, "  <!DOCTYPE html><html>", true),
        (nil, "<TABLE><tr><td>x</td></tr></TABLE>", true),
        (nil, "name,phone\nzhang,138", false),
        ("application/octet-stream", "<div>x</div>", true),
    ] as [(String?, String, Bool)])
    func htmlSniff(contentType: String?, text: String, expected: Bool) {
        #expect(CharsetDecoder.isHTML(contentType: contentType, text: text) == expected)
    }
}
