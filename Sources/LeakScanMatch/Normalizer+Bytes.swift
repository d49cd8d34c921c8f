import LeakScanCore

/// Byte-level fast paths of `Normalizer` for the index builder: ASCII phones and emails and
/// names made only of CJK unified ideographs and spaces give exactly what the `String`
/// functions give (checked by `NormalizerBytesTests` against them) without allocating.
/// Anything else answers `.slowPath` and the caller uses the `String` functions.
///
/// Pure functions; inputs and outputs are PII: never log them.
extension Normalizer {
    /// The outcome of a byte-level normalisation.
    enum ByteResult: Equatable {
        /// The normalised value has this many bytes in the output buffer.
        case value(Int)
        /// The value does not normalise (not indexed).
        case invalid
        /// Outside the fast path: use the `String` function.
        case slowPath
    }

    /// Bytes the output buffer must hold.
    static let byteOutputCapacity = 256

    /// Normalises `v` as `field` into `out` (`byteOutputCapacity` bytes).
    static func normalize(bytes v: UnsafeRawBufferPointer, as field: Field, into out: UnsafeMutablePointer<UInt8>) -> ByteResult {
        guard v.count < byteOutputCapacity else { return .slowPath }
        switch field {
        case .phone: return phoneBytes(v, out)
        case .email: return emailBytes(v, out)
        case .name: return cjkNameBytes(v, out)
        }
    }

    /// `phone(_:)` for ASCII input.
    static func phoneBytes(_ v: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) -> ByteResult {
        var d = (UInt64(0), UInt64(0), UInt64(0)) // up to 24 digits
        var n = 0
        var plus = false
        var tooMany = false
        withUnsafeMutableBytes(of: &d) { digits in
            for b in v {
                if b >= 0x80 { n = -1; return }
                if b >= 0x30 && b <= 0x39 {
                    if n < 24 { digits[n] = b } else { tooMany = true }
                    n += 1
                } else if b == UInt8(ascii: "+") && n == 0 {
                    plus = true
                }
            }
        }
        if n < 0 { return .slowPath }
        if tooMany || n > 17 { return .invalid }
        return withUnsafeBytes(of: &d) { digits -> ByteResult in
            @inline(__always) func mobile(_ s: Int, _ count: Int) -> Bool {
                count == 11 && digits[s] == 0x31 && digits[s + 1] >= 0x33 && digits[s + 1] <= 0x39
            }
            var w = 0
            @inline(__always) func put(_ b: UInt8) { out[w] = b; w += 1 }
            @inline(__always) func putDigits(_ s: Int, _ e: Int) { for i in s..<e { put(digits[i]) } }
            // national digits: an optional "86" prefix (synthetic) then digits[s..<e]
            var s = 0, international = false, prefix86 = false
            if plus {
                international = true
            } else if n >= 2 && digits[0] == 0x30 && digits[1] == 0x30 {
                s = 2; international = true
            } else if n == 13 && digits[0] == 0x38 && digits[1] == 0x36 && mobile(2, 11) {
                international = true
            } else if mobile(0, n) {
                put(0x2B); put(0x38); put(0x36); putDigits(0, n)
                return .value(w)
            } else if n > 0 && digits[0] == 0x30 && (10...12).contains(n) {
                s = 1; international = true; prefix86 = true
            }
            let count = n - s + (prefix86 ? 2 : 0)
            guard (7...15).contains(count) else { return .invalid }
            let starts86 = prefix86 || (n - s >= 2 && digits[s] == 0x38 && digits[s + 1] == 0x36)
            if international && starts86 {
                var r = prefix86 ? s : s + 2
                if r < n && digits[r] == 0x30 && mobile(r + 1, n - r - 1) { r += 1 }
                put(0x2B); put(0x38); put(0x36); putDigits(r, n)
                return .value(w)
            }
            if international { put(0x2B) }
            putDigits(s, n)
            return .value(w)
        }
    }

    /// `email(_:)` for ASCII input.
    static func emailBytes(_ v: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) -> ByteResult {
        var w = 0, at = -1, ats = 0
        for b in v {
            if b >= 0x80 { return .slowPath }
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { continue }
            if b == UInt8(ascii: "@") { ats += 1; at = w }
            out[w] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            w += 1
        }
        guard ats == 1, at > 0 else { return .invalid }
        let ds = at + 1
        guard ds < w, out[ds] != 0x2E, out[w - 1] != 0x2E else { return .invalid }
        var dot = false
        for i in ds..<w where out[i] == 0x2E {
            dot = true
            if i + 1 < w && out[i + 1] == 0x2E { return .invalid }
        }
        return dot ? .value(w) : .invalid
    }

    /// `name(_:)` for names made only of CJK unified ideographs (U+4E00–U+9FEF, unchanged by
    /// NFKC and lowercasing, not Latin so never reordered) and ASCII whitespace.
    static func cjkNameBytes(_ v: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) -> ByteResult {
        var w = 0, i = 0
        let n = v.count
        while i < n {
            let b = v[i]
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) { i += 1; continue }
            // E4 B8 80 (U+4E00) … E9 BF BF (U+9FFF)
            guard b >= 0xE4 && b <= 0xE9, i + 2 < n else { return .slowPath }
            let b1 = v[i + 1], b2 = v[i + 2]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80, b != 0xE4 || b1 >= 0xB8,
                  b != 0xE9 || b1 != 0xBF || b2 <= 0xAF else { return .slowPath } // up to U+9FEF
            out[w] = b; out[w + 1] = b1; out[w + 2] = b2
            w += 3; i += 3
        }
        return w == 0 ? .invalid : .value(w)
    }
}
