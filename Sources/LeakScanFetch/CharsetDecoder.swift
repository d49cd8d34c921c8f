import LeakScanCore

/// Decodes a page body to UTF-8 text.
///
/// The charset comes from, in order: a byte-order mark (it is unambiguous, so it wins, as in the
/// WHATWG encoding standard), the HTTP `Content-Type` charset, a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` in the first 4 KiB, and finally a
/// sniff (valid UTF-8 → `utf-8`, otherwise `gb18030`). GBK, GB2312, CP936 and their aliases are
/// decoded as GB18030 (a superset); Big5 as Big5-HKSCS; other labels go to glibc `iconv`, and an
/// unknown label falls back to the sniff. Invalid bytes become U+FFFD; decoding never fails.
///
/// Thread safety: pure; safe to call from many tasks. Data sensitivity: returns page text; never log it.
public enum CharsetDecoder {
    /// Decodes `page.body` and tells the charset used and whether the page looks like HTML.
    public static func decode(_ page: Page) -> DecodedPage {
        let body = page.body
        let (charset, text) = decodeBody(body, contentType: page.contentType)
        return DecodedPage(page: page, text: text, charset: charset, isHTML: isHTML(contentType: page.contentType, text: text))
    }

    /// Decodes raw bytes with the same rules as `decode(_:)`; returns the charset used and the text.
    public static func decodeBody(_ body: [UInt8], contentType: String?) -> (charset: String, text: String) {
        if let (label, skip) = bomCharset(body) {
            return (label, convert(Array(body[skip...]), from: label) ?? utf8(Array(body[skip...])))
        }
        for declared in [contentType.flatMap(charsetParameter), metaCharset(body)] {
            guard let declared, let label = canonicalLabel(declared) else { continue }
            if label == "utf-8" { return (label, utf8(body)) }
            if let text = convert(body, from: label) { return (label, text) }
        }
        if isValidUTF8(body) { return ("utf-8", utf8(body)) }
        return ("gb18030", convert(body, from: "gb18030") ?? utf8(body))
    }

    // MARK: detection

    /// The charset named by a byte-order mark, and the mark's length.
    static func bomCharset(_ b: [UInt8]) -> (String, Int)? {
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { return ("utf-8", 3) }
        if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return ("utf-16le", 2) }
        if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return ("utf-16be", 2) }
        return nil
    }

    /// The `charset=` parameter of a `Content-Type` value, if any.
    public static func charsetParameter(_ contentType: String) -> String? {
        let lower = Array(contentType.lowercased().utf8)
        return charsetValue(in: lower[...])
    }

    /// The charset declared by a `<meta>` tag in the first 4 KiB, if any.
    public static func metaCharset(_ body: [UInt8]) -> String? {
        let head = body.prefix(4096).map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        let meta = Array("<meta".utf8)
        var i = 0
        while i + meta.count <= head.count {
            guard head[i] == 60, Array(head[i..<i + meta.count]) == meta else { i += 1; continue }
            var end = i + meta.count
            while end < head.count && head[end] != 62 { end += 1 }   // up to '>'
            if let value = charsetValue(in: head[(i + meta.count)..<end]) { return value }
            i = end
        }
        return nil
    }

    /// Finds `charset` `=` value (optionally quoted) in lowercased ASCII bytes.
    private static func charsetValue(in bytes: ArraySlice<UInt8>) -> String? {
        let key = Array("charset".utf8)
        var i = bytes.startIndex
        while i + key.count <= bytes.endIndex {
            guard Array(bytes[i..<i + key.count]) == key else { i += 1; continue }
            var j = i + key.count
            while j < bytes.endIndex && (bytes[j] == 32 || bytes[j] == 9) { j += 1 }
            guard j < bytes.endIndex, bytes[j] == 61 else { i += key.count; continue }   // '='
            j += 1
            while j < bytes.endIndex && (bytes[j] == 32 || bytes[j] == 9 || bytes[j] == 34 || bytes[j] == 39) { j += 1 }
            var k = j
            while k < bytes.endIndex, isLabelByte(bytes[k]) { k += 1 }
            return k > j ? String(decoding: bytes[j..<k], as: UTF8.self) : nil
        }
        return nil
    }

    private static func isLabelByte(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45 || c == 95 || c == 46 || c == 58
    }

    /// Maps a declared label to the charset used for decoding; nil for an empty label.
    public static func canonicalLabel(_ declared: String) -> String? {
        let label = declared.lowercased().trimmingCharacters(in: .whitespaces)
        switch label {
        case "": return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "utf-8"
        case "gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "ms936", "windows-936",
             "euc-cn", "csgb2312", "csiso58gb231280", "iso-ir-58", "chinese", "hz-gb-2312": return "gb18030"
        case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950": return "big5-hkscs"
        case "utf-16", "utf-16le", "unicode", "ucs-2": return "utf-16le"
        case "utf-16be": return "utf-16be"
        case "iso-8859-1", "latin1", "l1", "us-ascii", "ascii", "iso8859-1", "cp1252", "windows-1252": return "windows-1252"
        default: return label
        }
    }

    /// Whether the bytes are well-formed UTF-8.
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: len = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED: len = 3; hi = 0x9F
            case 0xF0: len = 4; lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; hi = 0x8F
            default: return false
            }
            guard i + len <= n, bytes[i + 1] >= lo, bytes[i + 1] <= hi else { return false }
            for k in 2..<len where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    /// Whether the page looks like HTML: an HTML content type, or (when the type is absent or
    /// generic) a tag such as `<html`, `<!doctype`, `<head`, `<body`, `<div`, `<table` in the first 1 KiB.
    public static func isHTML(contentType: String?, text: String) -> Bool {
        if let type = contentType?.lowercased() {
            if type.contains("html") { return true }
            if type.hasPrefix("text/") || type.contains("json") || type.contains("xml") || type.hasPrefix("image/") {
                return false
            }
        }
        let head = text.utf8.prefix(1024).map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        for tag in htmlTags where contains(head, tag) { return true }
        return false
    }

    private static let htmlTags: [[UInt8]] = ["<html", "<!doctype", "<head", "<body", "<div", "<table", "<meta"].map { Array($0.utf8) }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<i + needle.count]) == needle {
            return true
        }
        return false
    }

    static func utf8(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
