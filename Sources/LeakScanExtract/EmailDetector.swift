#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds email addresses: jumps to each `@` with `memchr`, expands left over local-part bytes and
/// right over domain bytes, and requires a dotted domain with an alphabetic TLD of 2+ letters.
/// Values are lowercased. Obfuscated forms are unfolded earlier by `TextNormalizer`.
enum EmailDetector {
    static func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into out: inout [Found]) {
        guard let base = p.baseAddress else { return }
        var i = s
        while i < e, let hit = memchr(base + i, 64, e - i) {
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            i = at + 1
            // Sellers write `user @ qq.com`: up to two spaces on either side of the `@`.
            var localEnd = at
            while localEnd > s && at - localEnd < 2 && p[localEnd - 1] == 32 { localEnd -= 1 }
            var domainStart = at + 1
            while domainStart < e && domainStart - at <= 2 && p[domainStart] == 32 { domainStart += 1 }
            var l = localEnd
            while l > s && localEnd - l < 64 && Bytes.isLocal(p[l - 1]) { l -= 1 }
            while l < localEnd && (p[l] == 46 || p[l] == 45 || p[l] == 43) { l += 1 }
            guard l < localEnd, p[localEnd - 1] != 46 else { continue }
            // A spaced `@` needs a local part of 2+ bytes, so prose like `a @ b.com` is not taken.
            let spaced = localEnd != at || domainStart != at + 1
            if spaced && localEnd - l < 2 { continue }
            var r = domainStart
            while r < e && r - domainStart < 254 && Bytes.isDomain(p[r]) { r += 1 }
            while r > domainStart && (p[r - 1] == 46 || p[r - 1] == 45) { r -= 1 }
            guard validDomain(p, domainStart, r) else { continue }
            var bytes = Array(p[l..<localEnd])
            bytes.append(64)
            bytes += p[domainStart..<r]
            for k in bytes.indices { bytes[k] = Bytes.lower(bytes[k]) }
            out.append(Found(value: String(decoding: bytes, as: UTF8.self), start: l, end: r))
            i = r
        }
    }

    /// Labels non-empty, not starting with `-`, at least one dot, TLD of 2+ letters only.
    private static func validDomain(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 4 else { return false }
        var labelStart = s
        var dots = 0
        for k in s..<e where p[k] == 46 {
            guard k > labelStart, p[labelStart] != 45, p[k - 1] != 45 else { return false }
            labelStart = k + 1
            dots += 1
        }
        guard dots > 0, e - labelStart >= 2 else { return false }
        for k in labelStart..<e where !Bytes.isAlpha(p[k]) { return false }
        return true
    }
}
