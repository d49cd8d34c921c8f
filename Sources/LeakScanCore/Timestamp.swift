import Foundation

/// Parses and formats the timestamps of the platform's CSV inputs and of `--as-of`.
public enum Timestamp {
    /// Parses ISO 8601 forms: `2024-05-02`, `2024-05-02T22:16`, `2024-05-02 22:16:05`,
    /// with an optional fraction and `Z` / `+08:00` / `+0800` zone. No zone means UTC.
    /// Returns seconds since 1970, or nil when the text is not such a timestamp.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        let b = Array(text.utf8)
        var i = 0
        func int(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<i + n {
                guard b[k] >= 48 && b[k] <= 57 else { return nil }
                v = v * 10 + Int(b[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool { if i < b.count && b[i] == c { i += 1; return true }; return false }
        guard let y = int(4), expect(45), let mo = int(2), expect(45), let d = int(2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h = 0, mi = 0, s = 0, offset = 0
        if i < b.count && (b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " ")) {
            i += 1
            guard let hh = int(2), expect(58), let mm = int(2), hh < 24, mm < 60 else { return nil }
            h = hh; mi = mm
            if expect(58) { guard let ss = int(2), ss <= 60 else { return nil }; s = ss }
            if expect(46) || expect(44) { while i < b.count && b[i] >= 48 && b[i] <= 57 { i += 1 } }
            if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            } else if i < b.count && (b[i] == 43 || b[i] == 45) {
                let sign = b[i] == 43 ? 1 : -1
                i += 1
                guard let oh = int(2) else { return nil }
                _ = expect(58)
                let om = int(2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == b.count else { return nil }
        return daysFromCivil(y, mo, d) * 86400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
    }

    /// Formats seconds since 1970 as `2024-05-02T22:16:05Z`.
    public static func format(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rem = seconds - days * 86400
        let (y, m, d) = civilFromDays(days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, Int(rem / 3600), Int(rem % 3600 / 60), Int(rem % 60))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}
