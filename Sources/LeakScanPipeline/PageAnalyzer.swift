import Foundation
import LeakScanCore
import LeakScanExtract
import LeakScanFetch
import LeakScanMatch

/// The result of decoding, extracting and matching one page.
public struct PageAnalysis: Sendable {
    public var summary: PageSummary
    public var findings: [Finding]
    /// Raw tuples behind the findings, keyed `url#line` (for `--show-pii` only).
    public var tuples: [String: ExtractedTuple]
    /// Index ordinals of the confirmed candidates (the leaked set, for attribution).
    public var leakedOrdinals: [UInt32]
    /// The post date printed on the page, if any (epoch seconds).
    public var postDate: Int64?
    public var contentHash: String
}

/// Decode → extract → match for one page. Pure apart from reading the mmap'd index; safe to
/// call from many tasks.
public struct PageAnalyzer: Sendable {
    public let extractor: Extractor
    public let matcher: Matcher?

    public init(extractor: Extractor, matcher: Matcher?) {
        self.extractor = extractor
        self.matcher = matcher
    }

    /// Analyses `page`, fetched for `source`.
    /// - Parameter contentHash: the body's SHA-256 hex when the caller already computed it.
    public func analyze(_ page: Page, source: String, contentHash known: String? = nil) -> PageAnalysis {
        let decoded = CharsetDecoder.decode(page)
        let extraction = extractor.extract(decoded)
        let contentHash = known ?? ContentDigest.sha256Hex(page.body)
        var best: [String: (Finding, ExtractedTuple, UInt32?)] = [:]
        if let matcher {
            for tuple in extraction.tuples {
                guard let m = matcher.match(tuple) else { continue }
                let finding = Finding(url: page.url, candidateID: m.candidateID, verdict: m.verdict, matched: m.matched,
                                      evidence: m.evidence, masked: tuple.masked, definitiveAccount: m.definitiveAccount,
                                      contentHash: contentHash, line: tuple.line, layout: tuple.layout)
                if let existing = best[m.candidateID], Self.strength(existing.0) >= Self.strength(finding) { continue }
                best[m.candidateID] = (finding, tuple, m.ordinal)
            }
        }
        let kept = best.values.sorted { ($0.0.line, $0.0.candidateID) < ($1.0.line, $1.0.candidateID) }
        let findings = kept.map(\.0)
        var tuples: [String: ExtractedTuple] = [:]
        for (f, t, _) in kept { tuples["\(f.url)#\(f.line)"] = t }
        let leaked = kept.compactMap { $0.0.verdict == .confirmed && $0.0.evidence != .canary ? $0.2 : nil }
        let summary = PageSummary(url: page.url, source: source, status: .fetched, httpStatus: page.status,
                                  records: extraction.tuples.count, marketScore: extraction.marketScore,
                                  confirmed: findings.filter { $0.verdict == .confirmed }.count)
        return PageAnalysis(summary: summary, findings: findings, tuples: tuples, leakedOrdinals: leaked,
                            postDate: extraction.postDate, contentHash: contentHash)
    }

    private static func strength(_ f: Finding) -> Int {
        (f.verdict == .confirmed ? 10 : 0) + (f.evidence == .fields ? 0 : 5) + f.matched.count
    }
}
