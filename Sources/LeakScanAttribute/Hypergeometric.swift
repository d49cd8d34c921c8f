#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hypergeometric upper tail in log10, computed stably with lgamma sums (log-sum-exp), valid for N up to 1e9.
///
/// Thread safety: pure; uses the reentrant `lgamma_r`, so it may be called from many tasks.
public enum Hypergeometric {
    /// Terms smaller than the largest by this factor (natural log) end a sum: the terms summed
    /// are monotone there, so the rest is at most (terms left) · e^-50 ≤ 1e9 · 2e-22 of the total.
    static let cutoff = -50.0

    /// log10 P[X ≥ k] for X ~ Hypergeometric(population N, successes n, draws m).
    ///
    /// Returns 0 when k is at or below the support's minimum (P = 1) and `-infinity` when k is
    /// above its maximum (P = 0). Out-of-range parameters are clamped (n and m to 0...N).
    /// Sums only the terms that matter, walking away from the mode: the upper tail when k is above
    /// the mode, else 1 minus the lower tail, so the cost is about a few standard deviations of X
    /// whatever N is.
    public static func log10Tail(k: Int, population N: Int, successes n: Int, draws m: Int) -> Double {
        let N = max(N, 0)
        let n = min(max(n, 0), N), m = min(max(m, 0), N)
        let lo = max(0, m - (N - n)), hi = min(n, m)
        if k <= lo { return 0 }
        if k > hi { return -.infinity }
        let mode = Int((Double(n) + 1) * (Double(m) + 1) / (Double(N) + 2))
        let ln10 = M_LN10
        if k > mode {
            // Upper tail from k: terms decrease (k is past the mode).
            let first = logPMF(k, N, n, m)
            var sum = 1.0, t = 0.0
            var i = k
            while i < hi {
                t += logRatioUp(i, N, n, m)
                if t < cutoff { break }
                sum += exp(t)
                i += 1
            }
            return (first + log(sum)) / ln10
        }
        // k ≤ mode: P[X ≥ k] = 1 − P[X ≤ k−1]; lower-tail terms decrease going down from k−1.
        let first = logPMF(k - 1, N, n, m)
        var sum = 1.0, t = 0.0
        var i = k - 1
        while i > lo {
            t -= logRatioUp(i - 1, N, n, m)
            if t < cutoff { break }
            sum += exp(t)
            i -= 1
        }
        let lower = first + log(sum)
        if lower >= 0 { return log10(Double.leastNonzeroMagnitude) } // rounding: P[X ≥ k] ≈ 0
        return log1p(-exp(lower)) / ln10
    }

    /// ln P[X = i].
    static func logPMF(_ i: Int, _ N: Int, _ n: Int, _ m: Int) -> Double {
        logChoose(n, i) + logChoose(N - n, m - i) - logChoose(N, m)
    }

    /// ln(P[X = i+1] / P[X = i]) = ln((n−i)(m−i) / ((i+1)(N−n−m+i+1))).
    @inline(__always)
    static func logRatioUp(_ i: Int, _ N: Int, _ n: Int, _ m: Int) -> Double {
        log(Double(n - i)) + log(Double(m - i)) - log(Double(i + 1)) - log(Double(N - n - m + i + 1))
    }

    /// ln C(a, b).
    static func logChoose(_ a: Int, _ b: Int) -> Double {
        if b < 0 || b > a { return -.infinity }
        if b == 0 || b == a { return 0 }
        return logGamma(Double(a) + 1) - logGamma(Double(b) + 1) - logGamma(Double(a - b) + 1)
    }

    @inline(__always)
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }
}
