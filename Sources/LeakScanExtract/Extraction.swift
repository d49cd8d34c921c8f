import LeakScanCore

/// What the extractor found on one page.
///
/// Data sensitivity: `tuples` hold raw PII (see `ExtractedTuple`); never log them unmasked.
public struct Extraction: Sendable {
    /// One tuple per person-record found, in text order.
    public var tuples: [ExtractedTuple]
    /// Sale-post score in 0..<1: `1 − exp(−Σ weight × min(count, max_count_per_word))` over the
    /// words of `Fingerprints/market.toml` (negative sums clamp to 0). A page with one strong
    /// sale word scores ≈0.6, with several ≈0.9+; news about leaks scores lower via negative weights.
    public var marketScore: Double
    /// The earliest forum post date printed on the page, in seconds since 1970 (UTC), or nil.
    /// Dates without a zone are read as UTC+8; a date without a time counts only after a
    /// post-date label of `labels.toml` (`发表于`, `Posted on`, …).
    public var postDate: Int64?

    /// Creates an extraction result.
    public init(tuples: [ExtractedTuple] = [], marketScore: Double = 0, postDate: Int64? = nil) {
        self.tuples = tuples
        self.marketScore = marketScore
        self.postDate = postDate
    }
}
