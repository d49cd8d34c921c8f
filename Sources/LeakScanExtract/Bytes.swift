/// Small byte classifiers for UTF-8 scanning (ASCII only; bytes ≥ 0x80 are never letters here).
enum Bytes {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 97 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b &- 65 < 26 ? b | 0x20 : b }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 || b == 12 || b == 11 }
    /// Bytes allowed in the local part of an email address.
    @inline(__always) static func isLocal(_ b: UInt8) -> Bool {
        isAlnum(b) || b == 46 || b == 95 || b == 45 || b == 43 || b == 37
    }
    /// Bytes allowed in a domain.
    @inline(__always) static func isDomain(_ b: UInt8) -> Bool { isAlnum(b) || b == 46 || b == 45 }

    /// The scalar of a 3-byte UTF-8 sequence starting at `i`, or nil.
    @inline(__always) static func scalar3(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> UInt32? {
        let b0 = p[i]
        guard b0 & 0xF0 == 0xE0, i + 2 < e else { return nil }
        let b1 = p[i + 1], b2 = p[i + 2]
        guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return nil }
        return UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
    }

    /// Whether a scalar is a CJK unified ideograph (basic block or extension A).
    @inline(__always) static func isIdeograph(_ s: UInt32) -> Bool {
        (s >= 0x4E00 && s <= 0x9FFF) || (s >= 0x3400 && s <= 0x4DBF)
    }

    /// The ideograph at `i` (3 bytes), or nil.
    @inline(__always) static func ideograph(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ e: Int) -> UInt32? {
        guard let s = scalar3(p, i, e), isIdeograph(s) else { return nil }
        return s
    }

    /// Appends the UTF-8 encoding of `scalar` to `out`.
    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6))); out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12))); out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18))); out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F))); out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
