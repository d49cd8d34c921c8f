import Foundation
import LeakScanCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Weighted sale-post words from `market.toml` and the page score.
///
/// Score: `sum = Σ weight × min(count, max_count_per_word)` over the page's extracted text,
/// `score = 1 − exp(−max(sum, 0))`, in 0..<1. ASCII words match case-insensitively and not inside
/// a longer Latin word. Thread-safety: immutable after loading.
struct MarketSignals: Sendable {
    struct Word: Sendable {
        var bytes: [UInt8]
        var weight: Double
        var latinStart: Bool
        var latinEnd: Bool
        var hasASCIIAlpha: Bool
    }

    private(set) var words: [Word] = []
    private(set) var matcher = MultiMatcher([])
    private(set) var maxCount = 3

    init(_ doc: FingerprintDocument) throws(TOMLError) {
        let root = doc.table
        try root.rejectUnknownKeys(["version", "max_count_per_word", "weights"])
        if let m = try root.integer("max_count_per_word") {
            guard (1...1000).contains(m) else { throw root.error("max_count_per_word", "max_count_per_word must be 1…1000") }
            maxCount = m
        }
        let t = try doc.requiredTable("weights")
        guard !t.keys.isEmpty else { throw TOMLError(file: doc.path, line: t.line, message: "[weights] must list at least one word") }
        for key in t.keys {
            guard let w = try t.double(key) else { continue }
            guard w != 0, w >= -5, w <= 5, w.isFinite else {
                throw t.error(key, "weight of '\(key)' must be a non-zero number in -5…5")
            }
            let bytes = LabelSet.fold(key)
            guard !bytes.isEmpty, key.trimmingCharacters(in: .whitespaces) == key else {
                throw t.error(key, "word '\(key)' is empty or has leading/trailing spaces")
            }
            words.append(Word(bytes: bytes, weight: w, latinStart: Bytes.isAlpha(bytes[0]),
                              latinEnd: Bytes.isAlpha(bytes[bytes.count - 1]), hasASCIIAlpha: bytes.contains(where: Bytes.isAlpha)))
            if bytes.count < 2 { throw t.error(key, "word '\(key)' is shorter than 2 bytes") }
        }
        matcher = MultiMatcher(words.map(\.bytes))
    }

    /// The market score of `text` (already width-folded) plus any `extra` texts (an HTML
    /// title), 0..<1, in one pass over each buffer.
    func score(_ p: UnsafeBufferPointer<UInt8>, extra: [[UInt8]] = []) -> Double {
        var counts = [Int](repeating: 0, count: words.count)
        count(p, into: &counts)
        for buffer in extra { buffer.withUnsafeBufferPointer { count($0, into: &counts) } }
        var sum = 0.0
        for (k, word) in words.enumerated() { sum += word.weight * Double(min(counts[k], maxCount)) }
        return 1 - exp(-max(sum, 0))
    }

    private func count(_ p: UnsafeBufferPointer<UInt8>, into counts: inout [Int]) {
        let n = p.count
        guard n > 1 else { return }
        matcher.scan(p, 0, n) { k, at in
            let word = words[k]
            let end = at + word.bytes.count
            if word.latinStart && at > 0 && Bytes.isAlpha(p[at - 1]) { return nil }
            if word.latinEnd && end < n && Bytes.isAlpha(p[end]) { return nil }
            counts[k] += 1
            return at + 1 // overlapping: "精准数据" also counts "数据"
        }
    }
}
