/// HTML converted to text lines that keep the page's record boundaries.
///
/// - Block elements (`p`, `div`, `li`, `tr`, `br`, `h1`–`h6`, `table`, `dt`/`dd`, `section`, …)
///   end a line; `<br>` always does, so `<br><br>` leaves a blank line between records.
/// - `<td>`/`<th>` cells of one row are joined by a tab; a row whose cells stayed on one line is
///   listed in `tableRowLines` (1-based line numbers of `text`).
/// - Inline tags (`span`, `b`, `font`, `a`, …) vanish without a space, so `138<span>0013</span>8000`
///   stays one number; source whitespace collapses to one space (kept in `<pre>`/`<textarea>`).
/// - `<script>`, `<style>`, `<template>`, `<head>` content and comments are dropped; entities are
///   decoded (`&amp;`, `&#49;`, `&#x31;`, `&nbsp;`, common named ones).
/// - `title`/`datetime` attributes of inline tags (Discuz shows "3 天前" with the date in `title`)
///   are kept aside in `attributeTexts` for the post-date scan, and the `<title>` in `title` for
///   the market score (a sale post often says what it sells only in its title).
struct HTMLText {
    var text: [UInt8]
    var tableRowLines: Set<Int>
    var attributeTexts: [[UInt8]]
    /// The raw `<title>` text (inside the dropped `<head>`), for the market score only.
    var title: [UInt8]

    init(_ p: UnsafeBufferPointer<UInt8>) {
        var b = Builder(capacity: p.count)
        b.run(p)
        text = b.out
        tableRowLines = b.tableRowLines
        attributeTexts = b.attributes
        title = b.title
    }
}

private struct Builder {
    var out: [UInt8] = []
    var line = 1
    var pendingSpace = false
    var tableRowLines: Set<Int> = []
    var attributes: [[UInt8]] = []
    var cells = 0
    var rowLine = 0
    var preDepth = 0
    var noHeadClose = false
    var title: [UInt8] = []

    init(capacity: Int) { out.reserveCapacity(capacity / 2) }

    var atLineStart: Bool { out.isEmpty || out[out.count - 1] == 10 }

    mutating func trimTrailingSpaces() {
        while let last = out.last, last == 32 { out.removeLast() }
    }

    /// Ends the current line unless already at a line start (or always, for `<br>`).
    mutating func newline(force: Bool = false) {
        pendingSpace = false
        trimTrailingSpaces()
        if !force && atLineStart { return }
        if out.isEmpty && !force { return }
        out.append(10)
        line += 1
    }

    @inline(__always) mutating func emit(_ byte: UInt8) {
        if pendingSpace {
            pendingSpace = false
            if !atLineStart, let last = out.last, last != 32, last != 9 { out.append(32) }
        }
        out.append(byte)
    }

    mutating func emitScalar(_ s: UInt32) {
        if s == 32 || s == 0xA0 || s == 9 || s == 10 || s == 13 || s == 0x3000 { pendingSpace = true; return }
        if s < 32 || (s >= 0xD800 && s < 0xE000) || s > 0x10FFFF { return }
        // Invisible characters (soft hyphen, zero-width, BOM) must not split a number.
        if s == 0xAD || (s >= 0x200B && s <= 0x200D) || s == 0x2060 || s == 0xFEFF { return }
        if s < 0x80 { emit(UInt8(s)); return }
        emit(0) // flushes a pending space; the placeholder is replaced below
        out.removeLast()
        Bytes.appendUTF8(s, to: &out)
    }

    mutating func run(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        var i = 0
        while i < n {
            let c = p[i]
            switch c {
            case 60: // <
                i = tag(p, i, n)
            case 38: // &
                i = entity(p, i, n)
            case 32, 9, 10, 13, 12:
                if preDepth > 0 {
                    if c == 10 { newline(force: true) }
                    else if c == 9 { emit(9) }
                    else if c == 32 { emit(32) }
                } else {
                    pendingSpace = true
                }
                i += 1
            default:
                // Copy a run of plain text bytes at once.
                emit(c)
                var j = i + 1
                while j < n {
                    let b = p[j]
                    if b == 60 || b == 38 || b == 32 || b == 10 || b == 9 || b == 13 || b == 12 { break }
                    j += 1
                }
                if j > i + 1 { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[(i + 1)..<j])) }
                i = j
            }
        }
        closeRow()
        while let last = out.last, last == 32 || last == 10 { out.removeLast() }
    }

    /// Handles the tag at `i` (`p[i] == '<'`) and returns the index after it.
    mutating func tag(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        guard i + 1 < n else { emit(60); return i + 1 }
        let next = p[i + 1]
        if next == 33 { // <! : comment, doctype, CDATA
            if i + 3 < n, p[i + 2] == 45, p[i + 3] == 45 {
                return find(p, from: i + 4, n, [45, 45, 62]).map { $0 + 3 } ?? n
            }
            return (find(p, from: i + 2, n, [62]) ?? n - 1) + 1
        }
        if next == 63 { return (find(p, from: i + 2, n, [62]) ?? n - 1) + 1 } // <? … >
        let closing = next == 47
        var j = i + (closing ? 2 : 1)
        guard j < n, Bytes.isAlpha(p[j]) else { emit(60); return i + 1 }
        // The tag name, lowercased; its first 8 bytes packed in a UInt64.
        var key: UInt64 = 0
        var len = 0
        while j < n, Bytes.isAlnum(p[j]) || p[j] == 45 {
            if len < 8 { key = key << 8 | UInt64(Bytes.lower(p[j])) }
            len += 1
            j += 1
        }
        let attrStart = j
        // The end of the tag: the first '>' outside quoted attribute values.
        var k = j
        var end = n
        while k < n {
            let ch = p[k]
            if ch == 62 { end = k; break }
            // A quoted value may hide '>'; an unmatched quote (within 1 KiB) is just a byte, so
            // hostile pages cannot make each tag scan to the end of the page.
            if ch == 34 || ch == 39, let q = find(p, from: k + 1, min(n, k + 1025), [ch]) { k = q + 1; continue }
            k += 1
        }
        let after = min(end + 1, n)
        if closing {
            closeTag(key)
            return after
        }
        switch key {
        case Tag.script, Tag.style, Tag.template, Tag.head:
            // Skip raw content up to the matching close tag; an unclosed <head> is not skipped.
            if key == Tag.head && noHeadClose { break }
            let name = Tag.name(key)
            if let close = findClose(p, from: after, n, name) {
                if key == Tag.head { keepTitle(p, after, close) }
                return close
            }
            if key == Tag.head { noHeadClose = true; break }   // searched once; never again
            return n
        default:
            openTag(key)
        }
        if key == Tag.span || key == Tag.em || key == Tag.time || key == Tag.abbr || key == Tag.font {
            collectAttributes(p, attrStart, end)
        }
        return after
    }

    mutating func openTag(_ key: UInt64) {
        switch key {
        case Tag.br:
            newline(force: true)
        case Tag.tr:
            closeRow()
            newline()
            cells = 0
            rowLine = line
        case Tag.td, Tag.th:
            if cells > 0 && !atLineStart {
                trimTrailingSpaces()
                pendingSpace = false
                out.append(9)
            }
            cells += 1
        case Tag.pre, Tag.textarea:
            newline()
            preDepth += 1
        default:
            if Tag.isBlock(key) { newline() }
        }
    }

    mutating func closeTag(_ key: UInt64) {
        switch key {
        case Tag.tr:
            closeRow()
            newline()
        case Tag.td, Tag.th:
            pendingSpace = false
        case Tag.pre, Tag.textarea:
            preDepth = max(0, preDepth - 1)
            newline()
        case Tag.table:
            closeRow()
            newline()
        default:
            if Tag.isBlock(key) { newline() }
        }
    }

    mutating func closeRow() {
        if cells >= 2 && rowLine == line && !atLineStart { tableRowLines.insert(line) }
        cells = 0
        rowLine = 0
    }

    /// Keeps the text of the first `<title>` in `p[s..<e]` (at most 1 KiB, tags not decoded).
    mutating func keepTitle(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        guard title.isEmpty, let open = findLower(p, from: s, e, Array("<title".utf8)),
              let gt = find(p, from: open, e, [62]),
              let close = findLower(p, from: gt + 1, e, Array("</title".utf8)) else { return }
        title = Array(p[(gt + 1)..<min(close, gt + 1 + 1024)])
    }

    /// Keeps `title="…"` and `datetime="…"` values (for post dates shown as "3 天前").
    mutating func collectAttributes(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        for name in [Array("title=".utf8), Array("datetime=".utf8)] {
            guard let at = findLower(p, from: s, e, name) else { continue }
            var v = at + name.count
            guard v < e else { continue }
            let q = p[v]
            guard q == 34 || q == 39 else { continue }
            v += 1
            guard let close = find(p, from: v, e, [q]), close - v < 200 else { continue }
            attributes.append(Array(p[v..<close]))
        }
    }

    /// Decodes the entity at `i` (`p[i] == '&'`) and returns the index after it.
    mutating func entity(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        var j = i + 1
        let limit = min(n, i + 12)
        if j < n && p[j] == 35 { // &#
            j += 1
            var hex = false
            if j < n && p[j] | 0x20 == 120 { hex = true; j += 1 }
            var v: UInt32 = 0
            var digits = 0
            while j < limit {
                let d = p[j]
                var x: UInt32
                if Bytes.isDigit(d) { x = UInt32(d - 48) }
                else if hex, (d | 0x20) >= 97, (d | 0x20) <= 102 { x = UInt32((d | 0x20) - 87) }
                else { break }
                v = v &* (hex ? 16 : 10) &+ x
                digits += 1
                j += 1
            }
            guard digits > 0, digits <= 8 else { emit(38); return i + 1 }
            if j < n && p[j] == 59 { j += 1 }
            emitScalar(v)
            return j
        }
        while j < limit && Bytes.isAlnum(p[j]) { j += 1 }
        guard j < n, p[j] == 59, j > i + 1 else { emit(38); return i + 1 }
        guard let s = Entities.named(p, i + 1, j) else { emit(38); return i + 1 }
        emitScalar(s)
        return j + 1
    }

    func find(_ p: UnsafeBufferPointer<UInt8>, from: Int, _ n: Int, _ needle: [UInt8]) -> Int? {
        var i = from
        let first = needle[0]
        while i + needle.count <= n {
            if p[i] == first {
                var k = 1
                while k < needle.count && p[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    func findLower(_ p: UnsafeBufferPointer<UInt8>, from: Int, _ n: Int, _ needle: [UInt8]) -> Int? {
        var i = from
        while i + needle.count <= n {
            var k = 0
            while k < needle.count && Bytes.lower(p[i + k]) == needle[k] { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }

    /// The index after `</name…>` (case-insensitive) at or after `from`, or nil.
    func findClose(_ p: UnsafeBufferPointer<UInt8>, from: Int, _ n: Int, _ name: [UInt8]) -> Int? {
        var i = from
        while let lt = find(p, from: i, n, [60, 47]) {
            var k = 0
            while k < name.count && lt + 2 + k < n && Bytes.lower(p[lt + 2 + k]) == name[k] { k += 1 }
            if k == name.count {
                let gt = find(p, from: lt + 2 + k, n, [62]) ?? n - 1
                return gt + 1
            }
            i = lt + 2
        }
        return nil
    }
}

/// Tag names packed as big-endian bytes in a UInt64 (the first 8 bytes of the lowercased name;
/// see `Builder.tag`). Literal constants, so the hot path does no lazy-global checks.
enum Tag {
    static func name(_ key: UInt64) -> [UInt8] {
        var k = key
        var out: [UInt8] = []
        while k != 0 { out.insert(UInt8(k & 0xFF), at: 0); k >>= 8 }
        return out
    }
    static var script: UInt64 { 0x736372697074 } // "script"
    static var style: UInt64 { 0x7374796C65 } // "style"
    static var template: UInt64 { 0x74656D706C617465 } // "template"
    static var head: UInt64 { 0x68656164 } // "head"
    static var br: UInt64 { 0x6272 } // "br"
    static var tr: UInt64 { 0x7472 } // "tr"
    static var td: UInt64 { 0x7464 } // "td"
    static var th: UInt64 { 0x7468 } // "th"
    static var table: UInt64 { 0x7461626C65 } // "table"
    static var pre: UInt64 { 0x707265 } // "pre"
    static var textarea: UInt64 { 0x7465787461726561 } // "textarea"
    static var span: UInt64 { 0x7370616E } // "span"
    static var em: UInt64 { 0x656D } // "em"
    static var time: UInt64 { 0x74696D65 } // "time"
    static var abbr: UInt64 { 0x61626272 } // "abbr"
    static var font: UInt64 { 0x666F6E74 } // "font"

    /// Block elements: they end a line.
    @inline(__always) static func isBlock(_ key: UInt64) -> Bool {
        switch key {
        case 0x70: true // "p"
        case 0x646976: true // "div"
        case 0x6C69: true // "li"
        case 0x756C: true // "ul"
        case 0x6F6C: true // "ol"
        case 0x646C: true // "dl"
        case 0x6474: true // "dt"
        case 0x6464: true // "dd"
        case 0x6831: true // "h1"
        case 0x6832: true // "h2"
        case 0x6833: true // "h3"
        case 0x6834: true // "h4"
        case 0x6835: true // "h5"
        case 0x6836: true // "h6"
        case 0x73656374696F6E: true // "section"
        case 0x61727469636C65: true // "article"
        case 0x6173696465: true // "aside"
        case 0x686561646572: true // "header"
        case 0x666F6F746572: true // "footer"
        case 0x6E6176: true // "nav"
        case 0x6D61696E: true // "main"
        case 0x626C6F636B71756F: true // "blockquote"
        case 0x61646472657373: true // "address"
        case 0x6872: true // "hr"
        case 0x63656E746572: true // "center"
        case 0x666967757265: true // "figure"
        case 0x6669676361707469: true // "figcaption"
        case 0x6669656C64736574: true // "fieldset"
        case 0x6C6567656E64: true // "legend"
        case 0x64657461696C73: true // "details"
        case 0x73756D6D617279: true // "summary"
        case 0x63617074696F6E: true // "caption"
        case 0x7468656164: true // "thead"
        case 0x74626F6479: true // "tbody"
        case 0x74666F6F74: true // "tfoot"
        case 0x666F726D: true // "form"
        case 0x6F7074696F6E: true // "option"
        case 0x7469746C65: true // "title"
        case 0x626F6479: true // "body"
        case 0x68746D6C: true // "html"
        case 0x696672616D65: true // "iframe"
        case 0x766964656F: true // "video"
        case 0x617564696F: true // "audio"
        case 0x63616E766173: true // "canvas"
        case 0x6E6F736372697074: true // "noscript"
        case 0x6D656E75: true // "menu"
        case 0x646972: true // "dir"
        case 0x6672616D65736574: true // "frameset"
        case 0x6672616D65: true // "frame"
        case 0x6F626A656374: true // "object"
        default: false
        }
    }
}
