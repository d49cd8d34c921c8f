import LeakScanCore

/// China mobile ranges from `mobile_prefixes.toml`: a 1000-entry table of valid first three digits.
///
/// Thread-safety: immutable after loading.
struct MobilePrefixes: Sendable {
    /// `valid[abc]` for the three-digit prefix `abc`.
    private(set) var valid: [Bool] = Array(repeating: false, count: 1000)
    /// The country code digits (`86`).
    private(set) var countryCode: [UInt8] = Array("86".utf8)

    init(_ doc: FingerprintDocument) throws(TOMLError) {
        let root = doc.table
        try root.rejectUnknownKeys(["version", "country_code", "prefixes"])
        let cc = try root.requiredString("country_code")
        guard (1...3).contains(cc.utf8.count), cc.utf8.allSatisfy(Bytes.isDigit), cc.utf8.first != 48 else {
            throw root.error("country_code", "country_code must be 1–3 digits without a leading 0 or '+' (e.g. \"86\")")
        }
        countryCode = Array(cc.utf8)
        for entry in try doc.labelList(root, "prefixes", what: "prefix") {
            let parts = entry.split(separator: "-", omittingEmptySubsequences: false)
            let bad = "prefix '\(entry)' must be \"1XY\" or a range \"1XY-1XZ\" with X in 3…9"
            guard parts.count <= 2 else { throw doc.itemError(root, "prefixes", item: entry, bad) }
            var bounds: [Int] = []
            for part in parts {
                let b = Array(part.utf8)
                guard b.count == 3, b.allSatisfy(Bytes.isDigit), b[0] == 49, b[1] >= 51 else {
                    throw doc.itemError(root, "prefixes", item: entry, bad)
                }
                bounds.append(Int(part)!)
            }
            let lo = bounds[0], hi = bounds.last!
            guard lo <= hi else { throw doc.itemError(root, "prefixes", item: entry, "range '\(entry)' is reversed") }
            for v in lo...hi { valid[v] = true }
        }
    }

    /// Whether the 11 digits at `d` (ASCII) are a China mobile number.
    @inline(__always) func isMobile(_ d: UnsafePointer<UInt8>) -> Bool {
        guard d[0] == 49 else { return false }
        return valid[100 + Int(d[1] &- 48) * 10 + Int(d[2] &- 48)]
    }
}
