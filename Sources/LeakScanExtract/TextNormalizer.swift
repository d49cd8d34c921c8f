/// Byte-level clean-ups run on extracted text before detection. Each pass returns nil when it has
/// nothing to change, so clean text is never copied. Neither pass adds or removes a newline, so
/// line numbers survive.
enum TextNormalizer {
    /// Folds full-width ASCII forms (`１３８`, `＠`, `：`, `，`) to ASCII, U+3000 / NBSP / typographic
    /// spaces to a space, and drops zero-width characters and BOMs.
    static func foldWidth(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = p.count
        var out: [UInt8] = []
        var copied = 0      // p[..<copied] is already in `out`
        var changed = false
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0xC2 { i += 1; continue }
            var replacement: UInt8? = nil   // 0 = drop
            var len = 0
            if b == 0xEF, i + 2 < n {
                let b1 = p[i + 1], b2 = p[i + 2]
                if b1 == 0xBC, b2 >= 0x81, b2 <= 0xBF { replacement = 0x21 + (b2 - 0x81); len = 3 }
                else if b1 == 0xBD, b2 >= 0x80, b2 <= 0x9E { replacement = 0x60 + (b2 - 0x80); len = 3 }
                else if b1 == 0xBB, b2 == 0xBF { replacement = 0; len = 3 }
            } else if b == 0xE3, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x80 {
                replacement = 32; len = 3
            } else if b == 0xC2, i + 1 < n, p[i + 1] == 0xA0 {
                replacement = 32; len = 2
            } else if b == 0xE2, i + 2 < n, p[i + 1] == 0x80 {
                let b2 = p[i + 2]
                if b2 >= 0x8B && b2 <= 0x8D { replacement = 0; len = 3 }           // ZWSP, ZWNJ, ZWJ
                else if b2 >= 0x82 && b2 <= 0x8A || b2 == 0xAF { replacement = 32; len = 3 }
            } else if b == 0xE2, i + 2 < n, p[i + 1] == 0x81, p[i + 2] == 0xA0 {
                replacement = 0; len = 3                                            // word joiner
            }
            guard let r = replacement else { i += 1; continue }
            if !changed { out.reserveCapacity(n); changed = true }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<i]))
            if r != 0 { out.append(r) }
            i += len
            copied = i
        }
        guard changed else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        return out
    }

    /// Unfolds obfuscated `@`: `[at]`, `(at)`, `【at】`, `[@]`, `(@)` (with optional spaces around)
    /// between an email's local part and domain; `#` and ` at ` only when a known mail domain
    /// follows (`user#qq.com`, `user at gmail.com`); ` at ` not after a prose word of
    /// `notLocalParts` (`look at gmail.com`).
    static func unfoldAt(_ p: UnsafeBufferPointer<UInt8>, mailDomains: [[UInt8]], notLocalParts: Set<[UInt8]> = []) -> [UInt8]? {
        let n = p.count
        var out: [UInt8] = []
        var copied = 0
        var changed = false
        var i = 0
        while i < n {
            let b = p[i]
            var end = -1        // replace p[start..<end] with "@"
            var start = i
            switch b {
            case 91, 40:  // [ (
                let close: UInt8 = b == 91 ? 93 : 41
                if let inner = atToken(p, i + 1, n), inner < n, p[inner] == close { end = inner + 1 }
            case 0xE3:    // 【 … 】
                if i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0x90, let inner = atToken(p, i + 3, n),
                   inner + 2 < n, p[inner] == 0xE3, p[inner + 1] == 0x80, p[inner + 2] == 0x91 {
                    end = inner + 3
                }
            case 35:      // #
                if i > 0, Bytes.isAlnum(p[i - 1]), knownDomain(p, i + 1, n, mailDomains) { end = i + 1 }
            case 32:      // " at "
                if i > 0, i + 4 < n, Bytes.isAlnum(p[i - 1]), p[i + 1] | 0x20 == 97, p[i + 2] | 0x20 == 116, p[i + 3] == 32,
                   knownDomain(p, i + 4, n, mailDomains) {
                    var w = i
                    while w > 0 && Bytes.isLocal(p[w - 1]) { w -= 1 }
                    if !notLocalParts.contains(p[w..<i].map(Bytes.lower)) { end = i + 4 }
                }
            default:
                break
            }
            guard end > 0 else { i += 1; continue }
            if b != 35 && b != 32 {
                // Bracket forms: swallow spaces on both sides, require an address on both sides.
                var e2 = end
                while e2 < n && p[e2] == 32 { e2 += 1 }
                var s2 = start
                while s2 > copied && p[s2 - 1] == 32 { s2 -= 1 }
                guard s2 > 0, Bytes.isLocal(p[s2 - 1]), e2 < n, Bytes.isAlnum(p[e2]) else { i += 1; continue }
                start = s2
                end = e2
            }
            if !changed { out.reserveCapacity(n); changed = true }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<start]))
            out.append(64)
            i = end
            copied = end
        }
        guard changed else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n]))
        return out
    }

    /// After an opening bracket at `i`: optional spaces, `at` (any case) or `@`, optional spaces;
    /// returns the index after them.
    private static func atToken(_ p: UnsafeBufferPointer<UInt8>, _ i0: Int, _ n: Int) -> Int? {
        var i = i0
        while i < n && p[i] == 32 { i += 1 }
        if i < n && p[i] == 64 { i += 1 }
        else if i + 1 < n && p[i] | 0x20 == 97 && p[i + 1] | 0x20 == 116 { i += 2 }
        else { return nil }
        while i < n && p[i] == 32 { i += 1 }
        return i
    }

    /// Whether one of `domains` starts at `i` and ends at a domain boundary.
    static func knownDomain(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ n: Int, _ domains: [[UInt8]]) -> Bool {
        for d in domains where i + d.count <= n {
            var k = 0
            while k < d.count && Bytes.lower(p[i + k]) == d[k] { k += 1 }
            guard k == d.count else { continue }
            let j = i + k
            if j >= n { return true }
            let c = p[j]
            if Bytes.isAlnum(c) || c == 45 || c == 95 { continue }
            if c == 46, j + 1 < n, Bytes.isAlnum(p[j + 1]) { continue }
            return true
        }
        return false
    }
}
