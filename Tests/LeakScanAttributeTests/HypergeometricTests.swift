import Foundation
import Testing
@testable import LeakScanAttribute

/// Exact tail by direct summation of C(n,i)·C(N−n,m−i)/C(N,m) with log-factorials built by
/// repeated addition (independent of lgamma), for small N.
func exactTail(k: Int, N: Int, n: Int, m: Int) -> Double {
    var lf = [0.0]
    for i in 1...max(N, 1) { lf.append(lf[i - 1] + log(Double(i))) }
    func lc(_ a: Int, _ b: Int) -> Double? { b < 0 || b > a ? nil : lf[a] - lf[b] - lf[a - b] }
    var p = 0.0
    for i in max(k, 0)...min(n, m) {
        guard let x = lc(n, i), let y = lc(N - n, m - i), let z = lc(N, m) else { continue }
        p += exp(x + y - z)
    }
    return p
}

@Suite struct HypergeometricTests {
    @Test func knownValue() {
        // N=50, n=10, m=10, k=5: P = 0.0181295 (exact rational sum; 0.0251 is not this tail).
        let exact = exactTail(k: 5, N: 50, n: 10, m: 10)
        #expect(abs(exact - 0.018129475654571375) < 1e-12)
        let got = pow(10, Hypergeometric.log10Tail(k: 5, population: 50, successes: 10, draws: 10))
        #expect(abs(got - exact) / exact < 1e-9)
    }

    @Test(arguments: [(20, 5, 7), (20, 10, 10), (20, 1, 19), (30, 29, 3), (40, 12, 25), (50, 10, 10), (200, 40, 60)])
    func matchesExactSum(N: Int, n: Int, m: Int) {
        for k in 0...min(n, m) {
            let exact = exactTail(k: k, N: N, n: n, m: m)
            let got = Hypergeometric.log10Tail(k: k, population: N, successes: n, draws: m)
            #expect(abs(got - log10(exact)) < 1e-9 * max(1, abs(log10(exact))), "k=\(k) N=\(N) n=\(n) m=\(m)")
        }
    }

    @Test func edgeCases() {
        #expect(Hypergeometric.log10Tail(k: 0, population: 1000, successes: 10, draws: 10) == 0)
        #expect(Hypergeometric.log10Tail(k: -3, population: 1000, successes: 10, draws: 10) == 0)
        #expect(Hypergeometric.log10Tail(k: 11, population: 1000, successes: 10, draws: 50) == -.infinity)
        // Support starts above 0: N=20, n=15, m=10 forces X ≥ 5.
        #expect(Hypergeometric.log10Tail(k: 5, population: 20, successes: 15, draws: 10) == 0)
        // Degenerate parameters never trap.
        #expect(Hypergeometric.log10Tail(k: 1, population: 0, successes: 0, draws: 0) == -.infinity)
        #expect(Hypergeometric.log10Tail(k: 1, population: 10, successes: 50, draws: 50) == 0)
    }

    @Test func monotonicInK() {
        for (N, n, m) in [(2_000, 800, 120), (1_000_000_000, 5_000, 1_000_000), (100_000, 300, 120)] {
            var previous = 0.0
            for k in stride(from: 0, through: min(n, m), by: max(1, min(n, m) / 200)) {
                let v = Hypergeometric.log10Tail(k: k, population: N, successes: n, draws: m)
                #expect(v <= previous + 1e-12, "N=\(N) n=\(n) m=\(m) k=\(k)")
                #expect(v <= 0 && v.isFinite)
                previous = v
            }
        }
    }

    @Test func largePopulationIsStableAndFast() {
        // N = 1e9: a leaker with 100 of 120 leaked among 300 downloads is astronomically unlikely;
        // an account with the expected overlap is not.
        let strong = Hypergeometric.log10Tail(k: 100, population: 1_000_000_000, successes: 300, draws: 120)
        #expect(strong < -500 && strong.isFinite)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            // mean = 1e6 · 1e5 / 1e9 = 100; the tail at the mean is about one half.
            let mid = Hypergeometric.log10Tail(k: 100, population: 1_000_000_000, successes: 100_000, draws: 1_000_000)
            #expect(mid > -0.5 && mid < -0.1)
        }
        #expect(elapsed < .milliseconds(50))
        // Compare with a binomial approximation far in the tail (N huge, n ≪ N): P[X ≥ 3], n=m=1000, N=1e9
        // ≈ C(1000,3)·(1e-6)^3 ≈ 1.66e-10.
        let tail = Hypergeometric.log10Tail(k: 3, population: 1_000_000_000, successes: 1_000, draws: 1_000)
        #expect(abs(tail - log10(1.66e-10)) < 0.01)
    }
}
