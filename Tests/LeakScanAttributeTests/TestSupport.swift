import Foundation
import LeakScanCore
@testable import LeakScanAttribute

/// SplitMix64: a small seeded generator so generated worlds are identical on every run.
struct SeededRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A fresh temporary directory, removed when the value is deinitialised.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "leakscan-attr-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    func write(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
}

/// Synthetic candidate ids `C000123` ↔ ordinals.
func candidateID(_ ordinal: Int) -> String { "C" + String(format: "%06d", ordinal) }
func candidateOrdinal(_ id: String) -> UInt32? {
    guard id.hasPrefix("C"), let v = UInt32(id.dropFirst()) else { return nil }
    return v
}

/// One download row of a generated world.
struct Download { var account: String; var candidate: Int; var time: Int64 }

/// A generated platform: candidates, accounts with skewed download counts, and named leakers.
struct World {
    static let start: Int64 = 1_704_067_200 // 2024-01-01T00:00:00Z
    var candidates: Int
    var downloads: [Download] = []
    /// Distinct candidates each account downloaded.
    var downloaded: [String: Set<Int>] = [:]

    /// 2,000 candidates by default, of which the last `untouched` are downloaded by nobody;
    /// 200 accounts: most download 5–50, `heavy` download 800 each.
    init(seed: UInt64, candidates: Int = 2_000, accounts: Int = 200, heavy: [String] = ["heavy-1", "heavy-2", "heavy-3"],
         heavyCount: Int = 800, untouched: Int = 100, rng: inout SeededRNG) {
        self.candidates = candidates
        let pool = candidates - untouched
        for i in 0..<accounts {
            let name = "acct-\(String(format: "%04d", i))"
            add(account: name, count: Int.random(in: 5...50, using: &rng), pool: pool, from: World.start, rng: &rng)
        }
        for h in heavy { add(account: h, count: min(heavyCount, pool), pool: pool, from: World.start, rng: &rng) }
    }

    /// Adds `count` distinct random downloads in `0..<pool` for `account`, spread over 30 days after `from`.
    @discardableResult
    mutating func add(account: String, count: Int, pool: Int, from: Int64, rng: inout SeededRNG) -> [Int] {
        precondition(count <= pool, "cannot pick \(count) distinct candidates from \(pool)")
        var chosen = Set<Int>()
        while chosen.count < count { chosen.insert(Int.random(in: 0..<pool, using: &rng)) }
        let list = chosen.sorted()
        for c in list {
            downloads.append(Download(account: account, candidate: c, time: from + Int64.random(in: 0..<30 * 86_400, using: &rng)))
        }
        downloaded[account, default: []].formUnion(list)
        return list
    }

    /// Writes downloads.csv (shuffled) and builds the log; returns the opened log.
    func build(in dir: TempDir, rng: inout SeededRNG) throws -> DownloadLog {
        var text = "account_id,candidate_id,downloaded_at\n"
        for d in downloads.shuffled(using: &rng) {
            text += "\(d.account),\(candidateID(d.candidate)),\(Timestamp.format(d.time))\n"
        }
        let csv = try dir.write("downloads.csv", text)
        let out = dir.file("downloads.bin")
        _ = try DownloadLogBuilder.build(csv: csv, candidateCount: candidates, candidateOrdinal: candidateOrdinal, out: out, strict: true)
        return try DownloadLog.open(path: out)
    }
}
