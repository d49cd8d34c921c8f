import Foundation
import Testing
@testable import LeakScanAttribute

@Suite struct DownloadLogCorruptionTests {
    /// A small valid log: 300 candidates, 40 accounts.
    static func makeLog(_ dir: TempDir) throws -> [UInt8] {
        var rng = SeededRNG(seed: 7)
        let world = World(seed: 7, candidates: 300, accounts: 40, heavy: ["heavy"], heavyCount: 200, untouched: 10, rng: &rng)
        _ = try world.build(in: dir, rng: &rng)
        return Array(try Data(contentsOf: URL(fileURLWithPath: dir.file("downloads.bin"))))
    }

    func openError(_ bytes: [UInt8], _ dir: TempDir) throws -> AttributeError? {
        let p = dir.file("bad.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        do {
            _ = try DownloadLog.open(path: p)
            return nil
        } catch {
            return error
        }
    }

    func isCorrupt(_ e: AttributeError?) -> Bool {
        if case .corrupt? = e { return true }
        return false
    }

    @Test func truncatedOrPaddedFilesAreCorrupt() throws {
        let dir = try TempDir()
        let good = try Self.makeLog(dir)
        #expect(try openError(good, dir) == nil)
        for cut in [0, 1, 8, 63, 64, 100, good.count / 2, good.count - 1] {
            let e = try openError(Array(good.prefix(cut)), dir)
            #expect(isCorrupt(e), "cut at \(cut): \(String(describing: e))")
            #expect(e?.description.contains("bad.bin") == true)
        }
        #expect(isCorrupt(try openError(good + [0], dir)))
    }

    @Test func badHeaderFieldsAreCorrupt() throws {
        let dir = try TempDir()
        let good = try Self.makeLog(dir)
        var bad = good; bad[0] = UInt8(ascii: "X")
        #expect(isCorrupt(try openError(bad, dir)))
        bad = good; bad[8] = 2 // version
        #expect(isCorrupt(try openError(bad, dir)))
        bad = good; bad[12] = 5 // time width
        #expect(isCorrupt(try openError(bad, dir)))
        bad = good; for i in 16..<24 { bad[i] = 0xFF } // candidate count huge
        #expect(isCorrupt(try openError(bad, dir)))
        bad = good; bad[24] &+= 1 // account count off by one
        #expect(isCorrupt(try openError(bad, dir)))
        // Candidate offsets out of order.
        bad = good; bad[64 + 8 * 5 + 3] = 0x7F
        #expect(isCorrupt(try openError(bad, dir)))
    }

    @Test func missingFile() throws {
        let dir = try TempDir()
        do {
            _ = try DownloadLog.open(path: dir.file("absent.bin"))
            Issue.record("opened a missing file")
        } catch {
            guard case .missing(let what) = error else { Issue.record("unexpected \(error)"); return }
            #expect(what.contains("absent.bin"))
        }
    }

    /// Random byte damage: open either reports `.corrupt` or every query still runs (no trap).
    @Test func randomDamageNeverCrashes() throws {
        let dir = try TempDir()
        let good = try Self.makeLog(dir)
        var rng = SeededRNG(seed: 99)
        var opened = 0, rejected = 0, verifyFailed = 0
        for round in 0..<300 {
            var bad = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = round % 3 == 0 ? Int.random(in: 0..<min(bad.count, 64 + 301 * 8), using: &rng) : Int.random(in: 0..<bad.count, using: &rng)
                bad[at] = UInt8.random(in: 0...255, using: &rng)
            }
            let p = dir.file("fuzz.bin")
            try Data(bad).write(to: URL(fileURLWithPath: p))
            let log: DownloadLog
            do {
                log = try DownloadLog.open(path: p)
            } catch {
                #expect(isCorrupt(error), "round \(round): \(error)")
                rejected += 1
                continue
            }
            opened += 1
            do { try log.verify() } catch {
                #expect(isCorrupt(error))
                verifyFailed += 1
            }
            for c in 0..<UInt32(log.candidateCount) { _ = log.downloads(ofCandidate: c) }
            for a in 0..<UInt32(log.accountCount) {
                _ = log.accountID(a)
                _ = log.downloadCount(account: a, before: World.start + 86_400 * 10)
            }
            _ = Attributor(log: log, population: 300).attribute(leaked: Array(0..<60), before: .max, scope: "fuzz")
        }
        #expect(opened > 0 && rejected > 0)
    }
}
