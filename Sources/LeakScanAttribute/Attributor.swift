#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LeakScanCore

/// Ranks accounts whose downloads (strictly before `before`, epoch seconds) best explain `leaked`.
///
/// For a leaked set L (m distinct records) among N indexed candidates, an account with n distinct
/// downloads before T of which k are in L scores log10 P[X ≥ k], X ~ Hypergeometric(N, n, m):
/// how surprising that overlap is for an account drawing its downloads at random.
///
/// Cost: one walk over the candidate rows of the leaked records (their downloads), one binary
/// search per touched account for n, one hypergeometric tail per touched account per round, and
/// for each reported leaker one binary search per remaining record plus a walk over the rows of
/// the records it explains. Never proportional to the whole log (apart from an O(accounts)
/// zeroed counter array).
///
/// Thread safety: a value over an immutable `DownloadLog`; `attribute` may run concurrently.
public struct Attributor: Sendable {
    /// Non-significant runner-ups reported after the leakers.
    public static let runnerUps = 3

    /// The log the downloads come from.
    public let log: DownloadLog
    /// N: indexed candidates (the population leaked records are drawn from).
    public let population: Int
    /// Significance level for the Bonferroni-adjusted p-value.
    public let alpha: Double
    /// Most leakers reported for one leaked set.
    public let maxLeakers: Int

    /// Creates an attributor.
    /// - Parameters:
    ///   - log: the inverted download log.
    ///   - population: N, the number of indexed candidates.
    ///   - alpha: an account is reported as a leaker when its adjusted p is below this.
    ///   - maxLeakers: the most leakers to report (greedy rounds).
    public init(log: DownloadLog, population: Int, alpha: Double = 0.01, maxLeakers: Int = 3) {
        self.log = log
        self.population = population
        self.alpha = alpha
        self.maxLeakers = maxLeakers
    }

    /// One account's score in one round.
    struct Score {
        var account: UInt32
        var k: Int
        var n: Int
        var log10P: Double
        var log10PAdjusted: Double
    }

    /// Greedy: score every account that downloaded ≥1 leaked record before T by log10Tail(k, N, n, m); Bonferroni-adjust
    /// by the number of accounts tested (log10PAdjusted = min(0, log10P + log10(tested))); take the best significant one
    /// (adjusted p < alpha), remove the records it explains, re-rank the rest (m shrinks), up to maxLeakers; stop when nothing is significant.
    /// Report, after the leakers, a few (up to 3) next-best non-significant accounts too, marked by their adjusted p (strength "weak"), so analysts see the runner-ups. `unexplained` = records no significant account downloaded.
    ///
    /// - Parameters:
    ///   - leaked: candidate ordinals of the confirmed leaked records (duplicates are ignored;
    ///     ordinals outside the log count as records nobody downloaded).
    ///   - before: the leak time T in epoch seconds; only downloads strictly before it count.
    ///   - scope: the page URL or batch name copied into each `AccountAttribution`.
    /// - Returns: leakers ranked 1… (each with the m of its round in `leaked`), then runner-ups.
    public func attribute(leaked: [UInt32], before: Int64, scope: String) -> AttributionResult {
        let records = Array(Set(leaked)).sorted()
        guard !records.isEmpty else { return AttributionResult(accounts: [], unexplained: 0, testedAccounts: 0) }
        let N = max(population, records.count)
        let log10Alpha = log10(alpha)

        // k per account over the leaked records, counting downloads strictly before T.
        var counts = [Int32](repeating: 0, count: log.accountCount)
        var touched: [UInt32] = []
        for r in records {
            log.forEachDownload(ofCandidate: r) { a, t in
                guard t < before else { return }
                if counts[Int(a)] == 0 { touched.append(a) }
                counts[Int(a)] += 1
            }
        }
        var n: [UInt32: Int] = [:]
        n.reserveCapacity(touched.count)
        for a in touched { n[a] = log.downloadCount(account: a, before: before) }

        var remaining = records
        var reported: [AccountAttribution] = []
        var firstTested = -1
        var leakers: Set<UInt32> = []
        var lastRanking: [Score] = []
        while true {
            let ranking = rank(touched, counts: counts, n: n, N: N, m: remaining.count, excluding: leakers)
            if firstTested < 0 { firstTested = ranking.count }
            lastRanking = ranking
            guard reported.count < maxLeakers, let best = ranking.first, best.log10PAdjusted < log10Alpha else { break }
            reported.append(attribution(best, rank: reported.count + 1, m: remaining.count, scope: scope))
            leakers.insert(best.account)
            // Remove the records the leaker explains; un-count them for every other account.
            var kept: [UInt32] = []
            kept.reserveCapacity(remaining.count)
            for r in remaining {
                if let t = log.downloadTime(account: best.account, candidate: r), t < before {
                    log.forEachDownload(ofCandidate: r) { a, t in if t < before { counts[Int(a)] -= 1 } }
                } else {
                    kept.append(r)
                }
            }
            remaining = kept
            if remaining.isEmpty { lastRanking = []; break }
        }
        for score in lastRanking.lazy.filter({ !leakers.contains($0.account) }).prefix(Self.runnerUps) {
            reported.append(attribution(score, rank: reported.count + 1, m: remaining.count, scope: scope))
        }
        return AttributionResult(accounts: reported, unexplained: remaining.count, testedAccounts: max(firstTested, 0))
    }

    /// Scores every touched account with k ≥ 1, best first (adjusted p, then p, then larger k,
    /// then smaller n, then account order, so the ranking is deterministic).
    func rank(_ touched: [UInt32], counts: [Int32], n: [UInt32: Int], N: Int, m: Int, excluding: Set<UInt32>) -> [Score] {
        var scores: [Score] = []
        for a in touched where counts[Int(a)] > 0 && !excluding.contains(a) {
            let k = Int(counts[Int(a)]), downloads = n[a] ?? k
            let p = Hypergeometric.log10Tail(k: k, population: N, successes: max(downloads, k), draws: m)
            scores.append(Score(account: a, k: k, n: downloads, log10P: p, log10PAdjusted: 0))
        }
        let correction = scores.isEmpty ? 0 : log10(Double(scores.count))
        for i in scores.indices { scores[i].log10PAdjusted = min(0, scores[i].log10P + correction) }
        scores.sort { x, y in
            if x.log10PAdjusted != y.log10PAdjusted { return x.log10PAdjusted < y.log10PAdjusted }
            if x.log10P != y.log10P { return x.log10P < y.log10P }
            if x.k != y.k { return x.k > y.k }
            if x.n != y.n { return x.n < y.n }
            return x.account < y.account
        }
        return scores
    }

    private func attribution(_ s: Score, rank: Int, m: Int, scope: String) -> AccountAttribution {
        AccountAttribution(scope: scope, rank: rank, accountID: log.accountID(s.account), overlap: s.k,
                           downloads: s.n, leaked: m, log10P: s.log10P, log10PAdjusted: s.log10PAdjusted,
                           definitive: false, basis: "statistics")
    }
}
