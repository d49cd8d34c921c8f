import LeakScanCore

/// Surnames from `surnames.toml`, for unlabelled names that stand next to a phone or email.
///
/// Thread-safety: immutable after loading.
struct Surnames: Sendable {
    private(set) var single: Set<UInt32> = []
    private(set) var compound: Set<UInt64> = []
    private(set) var notNames: Set<[UInt8]> = []

    init(_ doc: FingerprintDocument) throws(TOMLError) {
        let root = doc.table
        try root.rejectUnknownKeys(["version", "single", "compound", "not_names"])
        for chunk in try doc.labelList(root, "single", what: "surname string") {
            for s in chunk.unicodeScalars {
                guard Bytes.isIdeograph(s.value) else {
                    throw doc.itemError(root, "single", item: chunk, "'\(s)' in single is not a CJK character (each character of a string is one surname)")
                }
                single.insert(s.value)
            }
        }
        for name in try doc.labelList(root, "compound", what: "compound surname") {
            let s = Array(name.unicodeScalars)
            guard s.count == 2, s.allSatisfy({ Bytes.isIdeograph($0.value) }) else {
                throw doc.itemError(root, "compound", item: name, "compound surname '\(name)' must be two CJK characters")
            }
            compound.insert(UInt64(s[0].value) << 32 | UInt64(s[1].value))
        }
        if root["not_names"] != nil {
            for word in try root.strings("not_names") ?? [] {
                guard !word.isEmpty, word.unicodeScalars.allSatisfy({ Bytes.isIdeograph($0.value) }) else {
                    throw doc.itemError(root, "not_names", item: word, "not_names entry '\(word)' must be CJK characters only")
                }
                notNames.insert(Array(word.utf8))
            }
        }
    }

    /// Whether the CJK run `p[s..<e]` of `chars` ideographs (3 bytes each) looks like a name:
    /// 2–4 characters starting with a single surname, or 3–4 starting with a compound one,
    /// and not a listed non-name word.
    func looksLikeName(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, chars: Int) -> Bool {
        guard chars >= 2 && chars <= 4, let c0 = Bytes.scalar3(p, s, e) else { return false }
        var ok = false
        if chars >= 3, let c1 = Bytes.scalar3(p, s + 3, e), compound.contains(UInt64(c0) << 32 | UInt64(c1)) {
            ok = true
        } else if single.contains(c0) {
            ok = true
        }
        guard ok else { return false }
        return !notNames.contains(Array(p[s..<e]))
    }
}
