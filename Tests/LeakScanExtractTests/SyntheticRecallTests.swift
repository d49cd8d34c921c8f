import Foundation
import Testing
@testable import LeakScanExtract

/// Every format on generated people: exact tuples back (full recall, nothing invented).
@Suite struct SyntheticRecallTests {
    @Test(arguments: SyntheticCorpus.Format.allCases)
    func format(_ format: SyntheticCorpus.Format) {
        var corpus = SyntheticCorpus(seed: UInt64(format.rawValue.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
        let page = corpus.page(format, count: 120)
        let got = tuples(extract(page.text, html: page.html))
        #expect(got.count == page.expected.count)
        let missing = page.expected.filter { !got.contains($0) }
        let invented = got.filter { !page.expected.contains($0) }
        #expect(missing.isEmpty, "missing \(missing.count): \(missing.prefix(3))")
        #expect(invented.isEmpty, "invented \(invented.count): \(invented.prefix(3))")
    }

    /// A 2 MB page of mixed noise and planted records completes (linear work) and finds exactly
    /// the planted people.
    @Test func twoMegabytesOfMixedText() {
        var corpus = SyntheticCorpus(seed: 2026)
        var text = ""
        text.reserveCapacity(2_200_000)
        var planted: [String] = []
        var k = 0
        while text.utf8.count < 2_000_000 {
            k += 1
            if k % 7 == 0 {
                let p = corpus.person()
                planted.append(p.phone)
                text += "姓名：\(p.name) 电话：\(p.phone) 邮箱：\(p.email)\n"
            } else {
                text += corpus.noise() + "\n"
            }
        }
        let start = Date()
        let x = extract(text)
        let seconds = Date().timeIntervalSince(start)
        #expect(x.tuples.count == planted.count)
        #expect(x.tuples.compactMap(\.phone) == planted)
        #expect(seconds < 30, "2 MB took \(seconds) s")
        print("extract: \(text.utf8.count) bytes in \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", Double(text.utf8.count) / seconds / 1e6)) MB/s, debug build)")
    }
}
