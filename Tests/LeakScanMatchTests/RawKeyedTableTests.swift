import Foundation
import Testing
@testable import LeakScanMatch

/// The bucket-summary search (`BucketSummary` + `RawKeyedTable`) against a naive scan, on
/// real table files: uniform keys, long runs of equal keys, skewed keys that land in one
/// bucket, tiny tables, the extreme keys, and unsorted (corrupt) tables.
@Suite("RawKeyedTable")
struct RawKeyedTableTests {
    /// A mapped table file holding `keys` (in the given order) and values 0, 1, 2, ….
    final class Table {
        let file: MappedFile
        let summary: BucketSummary
        let raw: RawKeyedTable
        let keys: [UInt64]

        init(_ keys: [UInt64]) throws {
            self.keys = keys
            var bytes: [UInt8] = []
            for k in keys { withUnsafeBytes(of: k.littleEndian) { bytes.append(contentsOf: $0) } }
            for i in 0..<keys.count { withUnsafeBytes(of: UInt32(i).littleEndian) { bytes.append(contentsOf: $0) } }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("rawkeyed-\(UUID().uuidString).idx").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            file = try MappedFile(path: path)
            let table = KeyedTable(file: file, count: keys.count, columns: 1)
            summary = BucketSummary(keys: file.base?.assumingMemoryBound(to: UInt64.self), count: keys.count)
            raw = RawKeyedTable(table, summary: summary)
        }

        /// The expected answer on a sorted table: the value of the first equal key (plain bisection).
        func naive(_ t: UInt64) -> UInt32? { naiveAll(t).first }

        /// Every value whose key is `t`, on a sorted table.
        func naiveAll(_ t: UInt64) -> [UInt32] {
            var lo = 0, hi = keys.count
            while lo < hi { let mid = (lo + hi) / 2; if keys[mid] < t { lo = mid + 1 } else { hi = mid } }
            var out: [UInt32] = []
            while lo < keys.count && keys[lo] == t { out.append(UInt32(lo)); lo += 1 }
            return out
        }

        /// Single and batched answers for `targets`.
        func answers(_ targets: [UInt64]) -> (single: [UInt32?], batch: [UInt32?], all: [[UInt32]]) {
            let single = targets.map { raw.first($0) }
            var out = [UInt32](repeating: 7, count: targets.count)
            targets.withUnsafeBufferPointer { t in out.withUnsafeMutableBufferPointer { raw.firstBatch(t, $0) } }
            let all = targets.map { t in var v: [UInt32] = []; raw.forEach(t) { v.append($0) }; return v }
            return (single, out.map { $0 == .max ? nil : $0 }, all)
        }
    }

    static func queries(_ keys: [UInt64], misses: Int, seed: UInt64) -> [UInt64] {
        var rng = SplitMix64(state: seed)
        var q = keys + [0, 1, .max, .max - 1]
        for _ in 0..<misses { q.append(rng.next()) }
        for k in keys.prefix(200) { q.append(k &+ 1); q.append(k &- 1) }
        return q
    }

    @Test("sorted tables: single, batched and all-values lookups equal a naive scan",
          arguments: ["uniform", "duplicates", "skewed", "extremes", "tiny"])
    func sorted(_ shape: String) throws {
        var rng = SplitMix64(state: 42)
        var keys: [UInt64]
        switch shape {
        case "uniform": keys = (0..<20_000).map { _ in rng.next() }
        case "duplicates": // runs of 1…100 equal keys, longer than the walk limit
            keys = []
            while keys.count < 20_000 { let k = rng.next(); keys += Array(repeating: k, count: Int(rng.next() % 100) + 1) }
        case "skewed": // every key in one bucket: the walk gives up and bisects
            keys = (0..<20_000).map { _ in 0x1234_5600_0000_0000 | (rng.next() >> 24) }
        case "extremes": keys = [0, 0, 1, 2, .max - 1, .max, .max] + (0..<3_000).map { _ in rng.next() }
        default: keys = [5, 9, 9, 200]
        }
        keys.sort()
        let table = try Table(keys)
        let q = Self.queries(keys, misses: 5_000, seed: 3)
        let (single, batch, all) = table.answers(q)
        var wrong = 0
        for (i, t) in q.enumerated() {
            let expected = table.naive(t)
            if single[i] != expected || batch[i] != expected { wrong += 1 }
            if all[i] != table.naiveAll(t) { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    @Test("an empty table finds nothing")
    func empty() throws {
        let table = try Table([])
        let (single, batch, all) = table.answers([0, 42, .max])
        #expect(single.allSatisfy { $0 == nil } && batch.allSatisfy { $0 == nil } && all.allSatisfy(\.isEmpty))
    }

    @Test("the summary's offsets never decrease and stay within the table, even when keys are unsorted")
    func unsortedTable() throws {
        var rng = SplitMix64(state: 11)
        let keys = (0..<30_000).map { _ in rng.next() } // not sorted: a corrupt table
        let table = try Table(keys)
        let buckets = 1 << table.summary.bits
        #expect(table.summary.bits > 0)
        var previous: UInt32 = 0
        for b in 0...buckets {
            let o = table.summary.offsets[b]
            #expect(o >= previous && Int(o) <= keys.count)
            previous = o
        }
        #expect(table.summary.offsets[buckets] == UInt32(keys.count))
        // Lookups stay in bounds; whatever they return is a value whose key is the target.
        let (single, batch, _) = table.answers(Self.queries(keys, misses: 2_000, seed: 5))
        for answer in single + batch { if let v = answer { #expect(Int(v) < keys.count) } }
    }

    @Test("bucket bits grow with the table: about 64 entries per bucket")
    func bucketBits() {
        #expect(BucketSummary.bits(forCount: 0) == 0)
        #expect(BucketSummary.bits(forCount: 127) == 0)
        #expect(BucketSummary.bits(forCount: 128) == 1)
        #expect(BucketSummary.bits(forCount: 10_000_000) == 17)
        #expect(BucketSummary.bits(forCount: Int(UInt32.max) - 1) == 22)
    }
}
