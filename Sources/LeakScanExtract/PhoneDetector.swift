/// A value found on a line: its text and its absolute byte span in the scanned buffer.
struct Found: Sendable {
    var value: String
    var start: Int
    var end: Int
    /// For names: guessed from the surname list (not from a label or column).
    /// For emails: derived from a QQ number.
    var weak = false
}

/// Finds China mobile numbers in a line of UTF-8 text.
///
/// A token is a run of digit groups joined by 1–3 separator bytes (spaces with at most one `-` or
/// `.`), optionally led by `+` or `(+86)`. Within a token, groups are joined from a group boundary
/// until they make exactly 11 digits (`1[3-9]…`, prefix in `mobile_prefixes.toml`), or 13 / 15 with
/// a `86` / `0086` country code. Rejected: a group longer than 11 digits (ID cards, bank cards,
/// order numbers, timestamps — never a window inside a longer run), a number touching a Latin
/// letter, `_` or `@`, a number continued by `-digits` or `.digits` (prices, serials), a start right
/// after a `-`/`.` group, split numbers with a group of fewer than 3 digits (`1.38.0013.8000`;
/// a leading country code excepted), and spans the caller excludes (digits after QQ /
/// order-number labels).
struct PhoneDetector: Sendable {
    let prefixes: MobilePrefixes

    /// Buffers reused across calls (one per scanner), so scanning a line allocates nothing.
    struct Scratch {
        var gs = [Int](repeating: 0, count: 12)              // group starts
        var ge = [Int](repeating: 0, count: 12)              // group ends
        var spaceOnly = [Bool](repeating: true, count: 12)   // separator after group k is spaces only
        var digits = [UInt8](repeating: 0, count: 20)
    }

    func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, excluded: [Range<Int>], scratch: inout Scratch,
              into out: inout [Found]) {
        let cc = prefixes.countryCode
        scratch.gs.withUnsafeMutableBufferPointer { gs in
        scratch.ge.withUnsafeMutableBufferPointer { ge in
        scratch.spaceOnly.withUnsafeMutableBufferPointer { spaceOnly in
        scratch.digits.withUnsafeMutableBufferPointer { digits in
            scan(p, s, e, excluded, cc, gs, ge, spaceOnly, digits, &out)
        }}}}
    }

    private func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ excluded: [Range<Int>], _ cc: [UInt8],
                      _ gs: UnsafeMutableBufferPointer<Int>, _ ge: UnsafeMutableBufferPointer<Int>,
                      _ spaceOnly: UnsafeMutableBufferPointer<Bool>, _ digits: UnsafeMutableBufferPointer<UInt8>,
                      _ out: inout [Found]) {
        var ex = 0
        var i = s
        while i < e {
            let c = p[i]
            var plus = false
            var j = i
            var groups = 0
            if Bytes.isDigit(c) {
                // plain start
            } else if c == 43, i + 1 < e, Bytes.isDigit(p[i + 1]) {
                plus = true
                j = i + 1
            } else if c == 40, let (ds, de, after) = parenCode(p, i, e), de - ds == cc.count,
                      (0..<cc.count).allSatisfy({ p[ds + $0] == cc[$0] }) {
                gs[0] = ds; ge[0] = de; spaceOnly[0] = true
                groups = 1
                plus = true
                j = after
                var k = j
                while k < e && k - j < 3 && (p[k] == 32 || p[k] == 45) { k += 1 }
                guard k < e, Bytes.isDigit(p[k]) else { i += 1; continue }
                j = k
            } else {
                i += 1
                continue
            }
            while ex < excluded.count && excluded[ex].upperBound <= i { ex += 1 }
            if ex < excluded.count && excluded[ex].lowerBound <= i {
                i = excluded[ex].upperBound
                continue
            }
            let tokenStart = i
            // Collect digit groups.
            while groups < 12 {
                let ds = j
                while j < e && Bytes.isDigit(p[j]) { j += 1 }
                gs[groups] = ds; ge[groups] = j; spaceOnly[groups] = true
                groups += 1
                var k = j, other = 0
                while k < e && k - j < 3 {
                    let b = p[k]
                    if b == 32 {} else if b == 45 || b == 46 { other += 1 } else { break }
                    k += 1
                }
                guard k > j, other <= 1, k < e, Bytes.isDigit(p[k]) else { break }
                spaceOnly[groups - 1] = other == 0
                j = k
            }
            let tokenEnd = ge[groups - 1]
            let leftOK = tokenStart == s || !(Bytes.isAlpha(p[tokenStart - 1]) || p[tokenStart - 1] == 95)
            var rightOK = true
            if tokenEnd < e {
                let r = p[tokenEnd]
                if Bytes.isAlpha(r) || r == 64 || r == 95 { rightOK = false }
                if (r == 46 || r == 45), tokenEnd + 1 < e, Bytes.isDigit(p[tokenEnd + 1]) { rightOK = false }
            }
            var g = 0
            while g < groups {
                if g == 0 ? !leftOK : !spaceOnly[g - 1] { g += 1; continue }
                let withPlus = plus && g == 0
                var n = 0
                var h = g
                var matchedEnd = -1
                var value = ""
                while h < groups {
                    let len = ge[h] - gs[h]
                    if len > 11 && h != g { break }
                    // Groups of a split number have 3+ digits (138 0013 8000), except a country code.
                    if len < 3 && !(h == g && (withPlus || (len == cc.count && (0..<len).allSatisfy { p[gs[h] + $0] == cc[$0] }))) {
                        if h > g || groups > 1 { break }
                    }
                    if n + len > 15 { break }
                    for k in 0..<len { digits[n + k] = p[gs[h] + k] }
                    n += len
                    if let v = match(UnsafeBufferPointer(digits), n, plus: withPlus, cc: cc) {
                        let endsToken = h == groups - 1
                        if endsToken ? rightOK : spaceOnly[h] {
                            matchedEnd = h
                            value = v
                        }
                        break
                    }
                    if len > 11 { break }
                    h += 1
                }
                if matchedEnd >= 0 {
                    let start = withPlus ? tokenStart : gs[g]
                    out.append(Found(value: value, start: start, end: ge[matchedEnd]))
                    g = matchedEnd + 1
                } else {
                    g += 1
                }
            }
            i = max(tokenEnd, i + 1)
        }
    }

    /// The phone value of `d[..<n]`, if those digits are a China mobile number in one of the
    /// accepted forms (national, `+CC`, `CC`, `00CC`).
    private func match(_ b: UnsafeBufferPointer<UInt8>, _ n: Int, plus: Bool, cc: [UInt8]) -> String? {
        do {
            let base = b.baseAddress!
            var off = -1
            if n == 11 && !plus { off = 0 }
            else if n == cc.count + 11, (0..<cc.count).allSatisfy({ b[$0] == cc[$0] }) { off = cc.count }
            else if !plus, n == cc.count + 13, b[0] == 48, b[1] == 48, (0..<cc.count).allSatisfy({ b[2 + $0] == cc[$0] }) { off = cc.count + 2 }
            guard off >= 0, prefixes.isMobile(base + off) else { return nil }
            let national = String(decoding: UnsafeBufferPointer(start: base + off, count: 11), as: UTF8.self)
            return off == 0 ? national : "+" + String(decoding: cc, as: UTF8.self) + national
        }
    }

    /// `(+86)` / `(86)` at `i`: the digit span and the index after `)`.
    private func parenCode(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> (Int, Int, Int)? {
        var k = i + 1
        if k < e && p[k] == 43 { k += 1 }
        let ds = k
        while k < e && k - ds < 4 && Bytes.isDigit(p[k]) { k += 1 }
        guard k > ds, k < e, p[k] == 41 else { return nil }
        return (ds, k, k + 1)
    }
}
