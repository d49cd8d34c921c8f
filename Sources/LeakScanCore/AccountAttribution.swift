/// One ranked enterprise account suspected of leaking a set of records.
public struct AccountAttribution: Sendable, Codable, Hashable {
    /// The page URL or leak batch this ranking explains.
    public var scope: String
    /// 1-based rank; definitive (canary / virtual-number) evidence ranks first.
    public var rank: Int
    public var accountID: String
    /// k: leaked records this account downloaded before the leak was seen.
    public var overlap: Int
    /// n: distinct candidates this account downloaded before the leak was seen.
    public var downloads: Int
    /// m: confirmed leaked records in the set.
    public var leaked: Int
    /// log10 of the hypergeometric tail P[X ≥ k] (0 for definitive evidence).
    public var log10P: Double
    /// log10 of the p-value after correcting for the number of accounts tested (Bonferroni).
    public var log10PAdjusted: Double
    /// True when a canary or virtual number names this account outright.
    public var definitive: Bool
    /// For definitive evidence: `canary` or `virtual-number`; otherwise `statistics`.
    public var basis: String
    /// k / m.
    public var coverage: Double { leaked == 0 ? 0 : Double(overlap) / Double(leaked) }
    /// k / n.
    public var precision: Double { downloads == 0 ? 0 : Double(overlap) / Double(downloads) }

    /// A plain-language strength: `definitive`, `strong`, `moderate`, `weak`.
    public var strength: String {
        if definitive { return "definitive" }
        if log10PAdjusted <= -10 { return "strong" }
        if log10PAdjusted <= -3 { return "moderate" }
        return "weak"
    }

    public init(scope: String, rank: Int, accountID: String, overlap: Int, downloads: Int, leaked: Int,
                log10P: Double, log10PAdjusted: Double, definitive: Bool, basis: String) {
        self.scope = scope
        self.rank = rank
        self.accountID = accountID
        self.overlap = overlap
        self.downloads = downloads
        self.leaked = leaked
        self.log10P = log10P
        self.log10PAdjusted = log10PAdjusted
        self.definitive = definitive
        self.basis = basis
    }
}
