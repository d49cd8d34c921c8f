import Foundation
import Testing
@testable import LeakScanAttribute

@Suite struct AttributorTests {
    static let population = 2_000
    static let heavies = ["heavy-1", "heavy-2", "heavy-3"]
    static let leakTime = World.start + 60 * 86_400
    static let log10Alpha = log10(0.01)

    /// The world of the brief plus one leaker with 300 downloads; the leak = 100 of the leaker's
    /// records + `others` records the leaker did not download (from `otherPool`).
    static func singleLeaker(seed: UInt64, leakerFrom: Int64 = World.start, others: Int = 20, otherPool: Range<Int> = 0..<2_000)
        throws -> (log: DownloadLog, leaked: [UInt32], world: World, dir: TempDir) {
        var rng = SeededRNG(seed: seed)
        var world = World(seed: seed, rng: &rng)
        let mine = world.add(account: "leaker-x", count: 300, pool: 1_900, from: leakerFrom, rng: &rng)
        var leaked = Set(mine.shuffled(using: &rng).prefix(100))
        let mineSet = Set(mine)
        while leaked.count < 100 + others {
            let c = Int.random(in: otherPool, using: &rng)
            if !mineSet.contains(c) { leaked.insert(c) }
        }
        let dir = try TempDir()
        let log = try world.build(in: dir, rng: &rng)
        return (log, leaked.map { UInt32($0) }.shuffled(using: &rng), world, dir)
    }

    func significant(_ r: AttributionResult) -> [String] {
        r.accounts.filter { $0.log10PAdjusted < Self.log10Alpha }.map(\.accountID)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func findsTheLeakerNotTheHeavyDownloaders(seed: UInt64) throws {
        let (log, leaked, world, _) = try Self.singleLeaker(seed: seed)
        let result = Attributor(log: log, population: Self.population).attribute(leaked: leaked, before: Self.leakTime, scope: "page-1")
        let top = try #require(result.accounts.first)
        #expect(top.accountID == "leaker-x")
        #expect(top.rank == 1 && top.scope == "page-1" && top.basis == "statistics" && !top.definitive)
        #expect(top.overlap >= 100 && top.downloads == 300 && top.leaked == 120)
        #expect(top.log10PAdjusted < -10 && top.strength == "strong")
        #expect(top.log10PAdjusted >= top.log10P)
        #expect(significant(result) == ["leaker-x"])
        for heavy in Self.heavies {
            if let h = result.accounts.first(where: { $0.accountID == heavy }) {
                #expect(h.log10PAdjusted >= Self.log10Alpha, "\(heavy) reported as significant")
            }
        }
        // Runner-ups: at most three, after the leaker, not significant, ranks continuing.
        let runners = result.accounts.dropFirst()
        #expect(runners.count <= Attributor.runnerUps)
        #expect(runners.allSatisfy { $0.strength == "weak" && $0.log10PAdjusted >= Self.log10Alpha })
        #expect(result.accounts.map(\.rank) == Array(1...result.accounts.count))
        // Unexplained: leaked records the leaker did not download.
        let mine = world.downloaded["leaker-x"]!
        #expect(result.unexplained == leaked.filter { !mine.contains(Int($0)) }.count)
        #expect(result.testedAccounts > 10)
    }

    @Test func downloadsAfterTheLeakDoNotCount() throws {
        // The same leaker, but every one of its downloads happens after the leak was seen.
        let after = Self.leakTime + 86_400
        let (log, leaked, _, _) = try Self.singleLeaker(seed: 11, leakerFrom: after)
        let attributor = Attributor(log: log, population: Self.population)
        let result = attributor.attribute(leaked: leaked, before: Self.leakTime, scope: "page")
        #expect(!result.accounts.contains { $0.accountID == "leaker-x" })
        #expect(significant(result).isEmpty)
        #expect(result.unexplained == leaked.count)
        // Control: with T after its downloads the same account is found.
        let later = attributor.attribute(leaked: leaked, before: after + 31 * 86_400, scope: "page")
        #expect(later.accounts.first?.accountID == "leaker-x")
    }

    @Test(arguments: [21, 22, 23] as [UInt64])
    func twoLeakersRankOneAndTwo(seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        var world = World(seed: seed, rng: &rng)
        let a = world.add(account: "leaker-a", count: 300, pool: 1_900, from: World.start, rng: &rng)
        let b = world.add(account: "leaker-b", count: 300, pool: 1_900, from: World.start, rng: &rng)
        var leaked = Set(a.shuffled(using: &rng).prefix(60))
        for c in b.shuffled(using: &rng) where leaked.count < 120 && !leaked.contains(c) { leaked.insert(c) }
        #expect(leaked.count == 120)
        let dir = try TempDir()
        let log = try world.build(in: dir, rng: &rng)
        let result = Attributor(log: log, population: Self.population)
            .attribute(leaked: leaked.map { UInt32($0) }, before: Self.leakTime, scope: "batch-1")
        #expect(Set(significant(result)) == ["leaker-a", "leaker-b"])
        #expect(Set(result.accounts.prefix(2).map(\.accountID)) == ["leaker-a", "leaker-b"])
        // The second leaker was tested on the records the first does not explain (m shrinks).
        #expect(result.accounts[1].leaked == 120 - result.accounts[0].overlap)
        #expect(result.unexplained == 0)
        // maxLeakers = 1: only one leaker; the other shows up as the first runner-up.
        let one = Attributor(log: log, population: Self.population, maxLeakers: 1)
            .attribute(leaked: leaked.map { UInt32($0) }, before: Self.leakTime, scope: "batch-1")
        #expect(one.accounts.first?.accountID == result.accounts[0].accountID)
        #expect(one.accounts.dropFirst().first?.accountID == result.accounts[1].accountID)
    }

    @Test func recordsNobodyDownloadedAreUnexplained() throws {
        // 20 extra records from the candidates nobody downloaded (1900..<2000).
        let (log, leaked, _, _) = try Self.singleLeaker(seed: 31, others: 20, otherPool: 1_900..<2_000)
        let result = Attributor(log: log, population: Self.population).attribute(leaked: leaked, before: Self.leakTime, scope: "p")
        #expect(significant(result) == ["leaker-x"])
        #expect(result.accounts[0].overlap == 100)
        #expect(result.unexplained == 20)
        // After the leaker, the 20 remaining records touch nobody: no runner-ups.
        #expect(result.accounts.count == 1)
    }

    @Test func degenerateInputs() throws {
        let (log, _, _, _) = try Self.singleLeaker(seed: 41)
        let attributor = Attributor(log: log, population: Self.population)
        let empty = attributor.attribute(leaked: [], before: Self.leakTime, scope: "p")
        #expect(empty.accounts.isEmpty && empty.unexplained == 0 && empty.testedAccounts == 0)
        // Out-of-range ordinals and duplicates: counted once, unexplained.
        let odd = attributor.attribute(leaked: [5_000_000, 5_000_000, 1_950], before: Self.leakTime, scope: "p")
        #expect(odd.accounts.isEmpty && odd.unexplained == 2)
        // T before every download: nothing tested.
        let early = attributor.attribute(leaked: [1, 2, 3], before: World.start - 1, scope: "p")
        #expect(early.accounts.isEmpty && early.testedAccounts == 0 && early.unexplained == 3)
    }
}
