import LeakScanCore
/// Finds forum post dates printed on a page: `2024-5-2 22:16`, `2024/05/02 22:16:05`,
/// `2024年5月2日 22:16`, or a date without time right after a post-date label (`发表于 2024-5-2`).
///
/// Time zone: UTC+8 (the forums of this market print Beijing time) unless the text carries one
/// right after the time (`Z`, `UTC`, `GMT`, `+08:00`, `-0500`). Years 1990…2099 only.
struct PostDateDetector: Sendable {
    let labels: LabelSet

    /// The earliest date found, as epoch seconds.
    func earliest(_ p: UnsafeBufferPointer<UInt8>, current: Int64? = nil) -> Int64? {
        var best = current
        let n = p.count
        var i = 0
        while i + 8 <= n {
            // Cheap filter: "19"/"20", three more digits' worth, then a date separator or 年.
            let c4 = p[i + 4]
            guard p[i] == 49 || p[i] == 50, c4 == 45 || c4 == 47 || c4 == 46 || c4 == 0xE5,
                  Bytes.isDigit(p[i + 3]), i == 0 || !Bytes.isDigit(p[i - 1]) else { i += 1; continue }
            if let (t, end) = date(p, i, n) {
                if best == nil || t < best! { best = t }
                i = end
            } else {
                i += 1
            }
        }
        return best
    }

    private func date(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ n: Int) -> (Int64, Int)? {
        var i = s
        func number(_ maxLen: Int) -> Int? {
            var v = 0, len = 0
            while i < n && len < maxLen && Bytes.isDigit(p[i]) { v = v * 10 + Int(p[i] - 48); i += 1; len += 1 }
            if len == 0 || (i < n && Bytes.isDigit(p[i])) { return nil }
            return v
        }
        func cjk(_ b1: UInt8, _ b2: UInt8, _ b3: UInt8) -> Bool {
            if i + 2 < n && p[i] == b1 && p[i + 1] == b2 && p[i + 2] == b3 { i += 3; return true }
            return false
        }
        guard let y = number(4), i - s == 4, (1990...2099).contains(y), i < n else { return nil }
        let sep = p[i]
        let isCJK: Bool
        if sep == 45 || sep == 47 || sep == 46 { isCJK = false; i += 1 }
        else if cjk(0xE5, 0xB9, 0xB4) { isCJK = true }                       // 年
        else { return nil }
        guard let mo = number(2), (1...12).contains(mo) else { return nil }
        if isCJK { guard cjk(0xE6, 0x9C, 0x88) else { return nil } }         // 月
        else { guard i < n, p[i] == sep else { return nil }; i += 1 }
        guard let d = number(2), (1...31).contains(d) else { return nil }
        if isCJK { _ = cjk(0xE6, 0x97, 0xA5) || cjk(0xE5, 0x8F, 0xB7) }      // 日 / 号
        let dateEnd = i
        // Optional time.
        var h = 0, mi = 0, sec = 0, hasTime = false
        var k = i
        while k < n && (p[k] == 32 || p[k] == 84) && k - i < 3 { k += 1 }
        if k < n, Bytes.isDigit(p[k]) {
            i = k
            if let hh = number(2), hh < 24, i < n, p[i] == 58 {
                i += 1
                if let mm = number(2), mm < 60 {
                    h = hh; mi = mm; hasTime = true
                    if i + 1 < n, p[i] == 58 {
                        i += 1
                        if let ss = number(2), ss <= 60 { sec = ss }
                    }
                }
            }
            if !hasTime { i = dateEnd }
        }
        guard hasTime || labels.postDateLabel(before: s, in: p, lowerBound: max(0, s - 40)) else { return nil }
        var offset = 8 * 3600
        if hasTime, let (zone, end) = zoneOffset(p, i, n) { offset = zone; i = end }
        let t = Timestamp.daysFromCivil(y, mo, d) * 86400 + Int64(h * 3600 + mi * 60 + sec) - Int64(offset)
        return (t, i)
    }

    /// A zone right after the time: `Z`, ` UTC`, ` GMT`, `+08:00`, `+0800`, ` UTC+8`.
    private func zoneOffset(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ n: Int) -> (Int, Int)? {
        var i = s
        if i < n && p[i] == 90 { return (0, i + 1) }
        while i < n && p[i] == 32 && i - s < 2 { i += 1 }
        var base: Int? = nil
        if i + 2 < n, (p[i] == 85 && p[i + 1] == 84 && p[i + 2] == 67) || (p[i] == 71 && p[i + 1] == 77 && p[i + 2] == 84) {
            i += 3
            base = 0
        }
        if i < n, p[i] == 43 || p[i] == 45 {
            let sign = p[i] == 43 ? 1 : -1
            var k = i + 1, hh = 0, len = 0
            while k < n && len < 2 && Bytes.isDigit(p[k]) { hh = hh * 10 + Int(p[k] - 48); k += 1; len += 1 }
            guard len > 0, hh <= 14 else { return base.map { ($0, i) } }
            var mm = 0
            if k < n && p[k] == 58 { k += 1 }
            if k + 1 < n, Bytes.isDigit(p[k]), Bytes.isDigit(p[k + 1]) { mm = Int(p[k] - 48) * 10 + Int(p[k + 1] - 48); k += 2 }
            return (sign * (hh * 3600 + mm * 60), k)
        }
        return base.map { ($0, i) }
    }
}
