import LeakScanCore

/// Field labels from `labels.toml`, compiled into a `MultiMatcher` so a line is matched in one pass.
///
/// Thread-safety: immutable after loading.
struct LabelSet: Sendable {
    /// What a label announces.
    enum Role: UInt8, Sendable {
        case name, phone, email, qq, ignore
    }

    struct Entry: Sendable {
        /// Lowercased (ASCII), width-folded UTF-8 bytes.
        var bytes: [UInt8]
        var role: Role
        /// Starts with an ASCII letter/digit: must not follow another ASCII letter.
        var latinStart: Bool
        /// Ends with an ASCII letter/digit: must not be followed by another ASCII letter.
        var latinEnd: Bool
    }

    /// One label found on a line (absolute byte offsets).
    struct Match: Sendable {
        var role: Role
        var start: Int
        var end: Int
        /// The label is CJK (may be followed directly by its value).
        var cjk: Bool
    }

    private(set) var entries: [Entry] = []
    private(set) var matcher = MultiMatcher([])
    /// Mail domains (lowercase bytes) for `#` / ` at ` unfolding.
    private(set) var mailDomains: [[UInt8]] = []
    /// Prose words that are never the local part before ` at <domain>` (lowercase bytes).
    private(set) var notLocalParts: Set<[UInt8]> = []
    /// The domain a QQ number is mailed at (`qq.com`).
    private(set) var qqDomain = "qq.com"
    /// Bit flags per byte for the line pre-scan: 1 digit, 2 `@`, 4 `:`/`=`, 8 tab, 16 `|`, 32 `,`,
    /// 64 `;`.
    private(set) var lineClasses: [UInt8] = (0..<256).map { b in
        switch b {
        case 48...57: 1
        case 64: 2
        case 58, 61: 4
        case 9: 8
        case 124: 16
        case 44: 32
        case 59: 64
        default: 0
        }
    }
    /// QQ labels (lowercased bytes), for the cheap `qqLabelBefore` check.
    private(set) var qqLabels: [[UInt8]] = []
    /// Post-date labels (width-folded, lowercased bytes).
    private(set) var postDateLabels: [[UInt8]] = []

    init(_ doc: FingerprintDocument) throws(TOMLError) {
        let root = doc.table
        try root.rejectUnknownKeys(["version", "name", "phone", "email", "qq", "ignore", "post_date"])
        var seen: [[UInt8]: String] = [:]
        let roles: [(String, Role)] = [("name", .name), ("phone", .phone), ("email", .email), ("qq", .qq), ("ignore", .ignore)]
        for (key, role) in roles {
            let t = try doc.requiredTable(key)
            var allowed: Set<String> = ["labels"]
            if role == .email { allowed.formUnion(["mail_domains", "not_local_parts"]) }
            if role == .qq { allowed.insert("email_domain") }
            try t.rejectUnknownKeys(allowed)
            for label in try doc.labelList(t, "labels", what: "label") {
                let bytes = Self.fold(label)
                if bytes.contains(58) || bytes.contains(61) {
                    throw doc.itemError(t, "labels", item: label, "label '\(label)' must not contain ':' or '=' (the separator is matched separately)")
                }
                if bytes.count > 48 {
                    throw doc.itemError(t, "labels", item: label, "label '\(label)' is longer than 48 bytes")
                }
                if let other = seen[bytes] {
                    throw doc.itemError(t, "labels", item: label, "label '\(label)' is already listed under [\(other)]")
                }
                seen[bytes] = key
                entries.append(Entry(bytes: bytes, role: role,
                                     latinStart: Bytes.isAlnum(bytes[0]), latinEnd: Bytes.isAlnum(bytes[bytes.count - 1])))
            }
            if role == .email {
                for domain in try doc.labelList(t, "mail_domains", what: "mail domain") {
                    guard Self.isDomain(domain) else {
                        throw doc.itemError(t, "mail_domains", item: domain, "'\(domain)' is not a lowercase domain like \"qq.com\"")
                    }
                    mailDomains.append(Array(domain.utf8))
                }
            }
            if role == .email, t["not_local_parts"] != nil {
                for word in try t.strings("not_local_parts") ?? [] {
                    guard !word.isEmpty, word.utf8.allSatisfy(Bytes.isLocal) else {
                        throw doc.itemError(t, "not_local_parts", item: word, "'\(word)' is not a word of local-part characters")
                    }
                    notLocalParts.insert(Array(word.lowercased().utf8))
                }
            }
            if role == .qq {
                let d = try t.requiredString("email_domain")
                guard Self.isDomain(d) else { throw t.error("email_domain", "'\(d)' is not a lowercase domain like \"qq.com\"") }
                qqDomain = d
            }
        }
        let post = try doc.requiredTable("post_date")
        try post.rejectUnknownKeys(["labels"])
        postDateLabels = try doc.labelList(post, "labels", what: "label").map { Self.fold($0) }
        for entry in entries where entry.bytes.count < 2 {
            throw TOMLError(file: doc.path, line: root.line, message: "label '\(String(decoding: entry.bytes, as: UTF8.self))' is shorter than 2 bytes")
        }
        qqLabels = entries.filter { $0.role == .qq }.map(\.bytes)
        // Longest first at each position, so "QQ群" wins over "QQ" and "手机号码" over "手机".
        matcher = MultiMatcher(entries.map(\.bytes))
    }

    /// Width-folds and ASCII-lowercases a label.
    static func fold(_ s: String) -> [UInt8] {
        let raw = Array(s.utf8)
        let folded = raw.withUnsafeBufferPointer { TextNormalizer.foldWidth($0) } ?? raw
        return folded.map { Bytes.lower($0) }
    }

    static func isDomain(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.contains(46), b.first != 46, b.last != 46 else { return false }
        return b.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }
    }

    /// Appends every label occurrence in `p[s..<e]` (non-overlapping, longest first, left to right).
    func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, into out: inout [Match]) {
        matcher.scan(p, s, e) { k, i in
            let entry = entries[k]
            let n = entry.bytes.count
            // A Latin label is a word of its own: not inside a word, an email or a domain
            // ("Tel" in "Telegram", "qq" in "x@qq.com").
            if entry.latinStart && i > s {
                let b = p[i - 1]
                if Bytes.isAlnum(b) || b == 95 || b == 46 || b == 64 || b == 45 { return nil }
            }
            if entry.latinEnd && i + n < e {
                let b = p[i + n]
                if Bytes.isAlnum(b) || b == 95 || b == 64 { return nil }
                if b == 46, i + n + 1 < e, Bytes.isAlnum(p[i + n + 1]) { return nil }
            }
            out.append(Match(role: entry.role, start: i, end: i + n, cjk: entry.bytes[n - 1] >= 0x80))
            return i + n
        }
    }

    /// Whether some 5–11 digit run in `p[s..<e]` directly follows a QQ label (`QQ 12345678`,
    /// `扣扣：12345678`): a cheap test that decides whether a line without phones or emails needs
    /// a full label scan.
    func hasQQValue(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e {
            guard Bytes.isDigit(p[i]) else { i += 1; continue }
            let start = i
            while i < e && Bytes.isDigit(p[i]) { i += 1 }
            guard (5...11).contains(i - start) else { continue }
            var j = start
            while j > s && (p[j - 1] == 32 || p[j - 1] == 58 || p[j - 1] == 61 || p[j - 1] == 35) { j -= 1 }
            for label in qqLabels where j - label.count >= s {
                var k = 0
                let base = j - label.count
                while k < label.count && Bytes.lower(p[base + k]) == label[k] { k += 1 }
                if k == label.count { return true }
            }
        }
        return false
    }

    /// Whether `p[..<end]` (after skipping spaces and a colon backwards) ends with a post-date label.
    func postDateLabel(before end: Int, in p: UnsafeBufferPointer<UInt8>, lowerBound: Int) -> Bool {
        var j = end
        while j > lowerBound && (p[j - 1] == 32 || p[j - 1] == 58 || p[j - 1] == 9) { j -= 1 }
        for label in postDateLabels where j - label.count >= lowerBound {
            var k = 0
            let base = j - label.count
            while k < label.count && Bytes.lower(p[base + k]) == label[k] { k += 1 }
            if k == label.count { return true }
        }
        return false
    }
}
