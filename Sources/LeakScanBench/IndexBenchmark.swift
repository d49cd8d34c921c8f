import Foundation
import GRDB
import LeakScanCore
import LeakScanMatch

/// `leakscan-bench index [--candidates N] [--rounds R] [--sqlite-queries Q] [--no-sqlite] [--keep] [--reuse DIR]`: the
/// candidate-index benchmark. Generates N synthetic candidates (fake people from a seeded
/// generator: one name, phone and email each, ≈3N field values) into a CSV in a temporary
/// directory, builds the index in a child process (so its peak RSS, `VmHWM`, is the build's
/// alone), then measures lookups on one core against the mapped index and against an SQLite
/// table (GRDB, `WITHOUT ROWID`, integer primary key, prepared statement) in the same run.
/// Prints figures; lookup rates are medians of `--rounds` rounds (default 5). `--keep` keeps
/// the temporary directory; `--reuse DIR` measures the index kept there (no generation or build).
enum IndexBenchmark {
    static func run(_ args: [String]) {
        if args.first == "--child-build" { childBuild(Array(args.dropFirst())); return }
        var n = 10_000_000, rounds = 5, sqliteQueries = 200_000, keep = false, sqlite = true
        var reuse: String? = nil
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--candidates": n = Int(args[i + 1]) ?? n; i += 1
            case "--rounds": rounds = max(3, Int(args[i + 1]) ?? rounds); i += 1
            case "--sqlite-queries": sqliteQueries = Int(args[i + 1]) ?? sqliteQueries; i += 1
            case "--keep": keep = true
            case "--no-sqlite": sqlite = false
            case "--reuse": reuse = args[i + 1]; i += 1
            default:
                FileHandle.standardError.write(Data("usage: leakscan-bench index [--candidates N] [--rounds R] [--sqlite-queries Q] [--no-sqlite] [--keep] [--reuse DIR]\n".utf8))
                exit(2)
            }
            i += 1
        }
        do { try main(n: n, rounds: rounds, sqliteQueries: sqlite ? sqliteQueries : 0, keep: keep, reuse: reuse) } catch {
            FileHandle.standardError.write(Data("index benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    // MARK: synthetic candidates

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map { Array(String($0).utf8) }
    static let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建文辉力林斌宇浩凯鹏飞鑫晨雪晴子涵梓轩欣怡俊峰志国春梅海燕金凤").map { Array(String($0).utf8) }
    static let domains = ["qq.com", "163.com", "126.com", "foxmail.com", "gmail.com", "sina.com", "outlook.com", "example.com"].map { Array($0.utf8) }

    /// Candidate `i`'s phone: distinct China mobiles 13000000000…19999999999.
    static func phone(_ i: Int) -> Int { 13_000_000_000 + (i &* 1_000_000_007) % 7_000_000_000 }

    static func appendDecimal(_ out: inout [UInt8], _ v: Int, width: Int = 0) {
        var digits: [UInt8] = []
        var x = v
        repeat { digits.append(UInt8(48 + x % 10)); x /= 10 } while x > 0
        while digits.count < width { digits.append(48) }
        out.append(contentsOf: digits.reversed())
    }

    /// Appends candidate `i`'s row.
    static func row(_ i: Int, _ out: inout [UInt8]) {
        var h = UInt64(truncatingIfNeeded: i) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        out.append(UInt8(ascii: "C")); appendDecimal(&out, i, width: 9); out.append(0x2C)
        out.append(contentsOf: surnames[Int(h % UInt64(surnames.count))])
        out.append(contentsOf: given[Int((h >> 16) % UInt64(given.count))])
        if h & 0x100000 != 0 { out.append(contentsOf: given[Int((h >> 24) % UInt64(given.count))]) }
        out.append(0x2C)
        appendDecimal(&out, phone(i)); out.append(0x2C)
        out.append(contentsOf: Array("u".utf8)); appendDecimal(&out, i); out.append(UInt8(ascii: "."))
        appendDecimal(&out, Int((h >> 32) % 1000)); out.append(UInt8(ascii: "@"))
        out.append(contentsOf: domains[Int((h >> 40) % UInt64(domains.count))]); out.append(0x0A)
    }

    static func writeCandidates(n: Int, path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer = Array("candidate_id,name,phone,email\n".utf8)
        buffer.reserveCapacity(8 << 20)
        for i in 0..<n {
            row(i, &buffer)
            if buffer.count > (8 << 20) - 256 { try handle.write(contentsOf: buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try handle.write(contentsOf: buffer)
        try handle.close()
    }

    // MARK: the build, in a child process

    static func childBuild(_ args: [String]) {
        guard args.count == 2, let hex = ProcessInfo.processInfo.environment["LEAKSCAN_KEY"] else { exit(2) }
        do {
            let key = try SecretKey.load(hex: hex)
            let started = Date()
            let stats = try IndexBuilder.build(candidates: args[0], prehashed: nil, canaries: nil, virtualNumbers: nil,
                                               key: key, out: args[1])
            let seconds = Date().timeIntervalSince(started)
            print("seconds \(seconds) hwm_kb \(vmHWM()) candidates \(stats.candidates) skipped \(stats.skippedRows + stats.skippedValues)")
        } catch {
            FileHandle.standardError.write(Data("child build failed: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Peak resident set size of this process, kB (`VmHWM` in /proc/self/status).
    static func vmHWM() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
        }
        return -1
    }

    // MARK: the run

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

    static func main(n nRequested: Int, rounds: Int, sqliteQueries: Int, keep: Bool, reuse: String?) throws {
        let dir = reuse ?? FileManager.default.temporaryDirectory.appendingPathComponent("leakscan-bench-index-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if !keep && reuse == nil { try? FileManager.default.removeItem(atPath: dir) } else { print("kept \(dir) (reuse with --reuse \(dir))") } }
        let csv = dir + "/candidates.csv", out = dir + "/index"
        var n = nRequested
        let key: SecretKey
        var buildSeconds = 0.0, hwm = -1
        if reuse != nil {
            // A directory kept by an earlier `--keep` run: skip generation and build.
            key = try SecretKey.load(path: dir + "/bench.key")
            n = try CandidateIndex.open(directory: out, key: key).candidateCount
            print("LeakScan candidate-index benchmark: reusing \(out) (\(n) candidates), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        } else {
        key = SecretKey.generate()
        let keyHex = try String(contentsOfFile: { () throws -> String in
            let p = dir + "/bench.key"; try key.write(to: p); return p
        }(), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        print("LeakScan candidate-index benchmark: \(n) synthetic candidates, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        let t = Date()
        try writeCandidates(n: n, path: csv)
        let csvBytes = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("generate   \(fmt(Date().timeIntervalSince(t))) s, candidates.csv \(csvBytes >> 20) MiB")

        // Build in a child process: wall time, and VmHWM of the build alone.
        let tb = Date()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["index", "--child-build", csv, out]
        var env = ProcessInfo.processInfo.environment
        env["LEAKSCAN_KEY"] = keyHex
        child.environment = env
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let wall = Date().timeIntervalSince(tb)
        guard child.terminationStatus == 0 else { throw IndexBenchError("build child exited \(child.terminationStatus)") }
        let parts = output.split(separator: " ").map(String.init)
        buildSeconds = Double(parts[1]) ?? wall
        hwm = Int(parts[3]) ?? -1
        print("build      \(fmt(buildSeconds)) s (process wall \(fmt(wall)) s), peak RSS (VmHWM) \(hwm >> 10) MiB")
        }

        var t = Date()
        let index = try CandidateIndex.open(directory: out, key: key)
        print("open       \(fmt(Date().timeIntervalSince(t) * 1000)) ms")
        let entries = index.entryCounts.values.reduce(0, +)
        let indexBytes = try FileManager.default.contentsOfDirectory(atPath: out).reduce(0) {
            $0 + ((try? FileManager.default.attributesOfItem(atPath: out + "/" + $1)[.size] as? Int) ?? 0)
        }
        print("index      \(index.candidateCount) candidates, \(entries) field entries")
        print("size       \(fmt(index.bytesPerFieldEntry, 2)) bytes per field entry (tables); "
              + "whole directory \(indexBytes >> 20) MiB = \(fmt(Double(indexBytes) / Double(max(entries, 1)), 2)) bytes per entry with ids")
        t = Date()
        try index.verify()
        print("verify     \(fmt(Date().timeIntervalSince(t))) s (SHA-256 of every file, sort order, ranges)")

        // Queries: hits are real phones' prefixes, misses random prefixes.
        let hasher = FieldHasher(key: key)
        var rng = SystemRandomNumberGenerator()
        let q = 1_000_000
        let hits: [UInt64] = (0..<q).map { _ in hasher.prefix(raw: String(phone(Int.random(in: 0..<n, using: &rng))), field: .phone)! }
        let misses: [UInt64] = (0..<q).map { _ in rng.next() }
        func rate(_ queries: [UInt64], expectHits: Bool) -> Double {
            var found = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for p in queries where index.firstOrdinal(p, field: .phone) != nil { found += 1 }
            let ns = DispatchTime.now().uptimeNanoseconds - start
            precondition(expectHits ? found == queries.count : found <= 1, "lookup answered wrongly")
            return Double(queries.count) / (Double(ns) / 1e9)
        }
        func listRate(_ queries: [UInt64]) -> Double {
            var found = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for p in queries { found &+= index.lookup(p, field: .phone).count }
            let ns = DispatchTime.now().uptimeNanoseconds - start
            precondition(found >= 0)
            return Double(queries.count) / (Double(ns) / 1e9)
        }
        func batchRate(_ queries: [UInt64], expectHits: Bool) -> Double {
            var out = [UInt32](repeating: 0, count: 4096)
            var found = 0
            let start = DispatchTime.now().uptimeNanoseconds
            queries.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { o in
                    var i = 0
                    while i < q.count {
                        let m = min(4096, q.count - i)
                        index.firstOrdinals(UnsafeBufferPointer(rebasing: q[i..<(i + m)]), field: .phone, into: o)
                        for j in 0..<m where o[j] != .max { found += 1 }
                        i += m
                    }
                }
            }
            let ns = DispatchTime.now().uptimeNanoseconds - start
            precondition(expectHits ? found == queries.count : found <= 1, "batched lookup answered wrongly")
            return Double(queries.count) / (Double(ns) / 1e9)
        }
        let mixed = zip(hits, misses).flatMap { [$0, $1] }
        var hitRates: [Double] = [], missRates: [Double] = [], listRates: [Double] = []
        var batchHitRates: [Double] = [], batchMissRates: [Double] = []
        for _ in 0..<rounds {
            hitRates.append(rate(hits, expectHits: true))
            missRates.append(rate(misses, expectHits: false))
            listRates.append(listRate(mixed))
            batchHitRates.append(batchRate(hits, expectHits: true))
            batchMissRates.append(batchRate(misses, expectHits: false))
        }
        let hitRate = median(hitRates), missRate = median(missRates), listRateM = median(listRates)
        let batchHit = median(batchHitRates), batchMiss = median(batchMissRates)
        print("lookups    one core, medians of \(rounds) rounds of \(q) queries:")
        print("           firstOrdinal (one at a time): hits \(fmt(hitRate / 1e6, 2)) M/s, misses \(fmt(missRate / 1e6, 2)) M/s")
        print("           firstOrdinals (batches of 4096, lockstep): hits \(fmt(batchHit / 1e6, 2)) M/s, misses \(fmt(batchMiss / 1e6, 2)) M/s")
        print("           lookup() returning [UInt32] (half hits): \(fmt(listRateM / 1e6, 2)) M/s")

        // SQLite: the same phone table, the same queries.
        guard sqliteQueries > 0 else { return }
        t = Date()
        let dbPath = dir + "/bench.sqlite"
        try? FileManager.default.removeItem(atPath: dbPath) // left by an earlier run (`--reuse`)
        let db = try DatabaseQueue(path: dbPath)
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try db.execute(sql: "CREATE TABLE phone (hash INTEGER NOT NULL, ordinal INTEGER NOT NULL, PRIMARY KEY (hash, ordinal)) WITHOUT ROWID")
        }
        try db.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO phone (hash, ordinal) VALUES (?, ?)")
            try index.forEachEntry(field: .phone) { k, o in
                try insert.execute(arguments: [Int64(bitPattern: k), Int64(o)])
            }
        }
        print("sqlite     loaded \(index.entryCounts[.phone] ?? 0) phone entries in \(fmt(Date().timeIntervalSince(t))) s "
              + "(\((try FileManager.default.attributesOfItem(atPath: dbPath)[.size] as? Int ?? 0) >> 20) MiB)")
        let sq = min(sqliteQueries, q)
        var sqlHit: [Double] = [], sqlMiss: [Double] = []
        try db.read { db in
            let select = try db.makeStatement(sql: "SELECT ordinal FROM phone WHERE hash = ? LIMIT 1")
            func sqlRate(_ queries: ArraySlice<UInt64>, expectHits: Bool) throws -> Double {
                var found = 0
                let start = DispatchTime.now().uptimeNanoseconds
                for p in queries where try Int64.fetchOne(select, arguments: [Int64(bitPattern: p)]) != nil { found += 1 }
                let ns = DispatchTime.now().uptimeNanoseconds - start
                precondition(expectHits ? found == queries.count : found <= 1, "SQLite answered wrongly")
                return Double(queries.count) / (Double(ns) / 1e9)
            }
            for _ in 0..<rounds {
                sqlHit.append(try sqlRate(hits.prefix(sq), expectHits: true))
                sqlMiss.append(try sqlRate(misses.prefix(sq), expectHits: false))
            }
        }
        let sHit = median(sqlHit), sMiss = median(sqlMiss)
        print("sqlite     one core, medians of \(rounds) rounds of \(sq) queries: hits \(fmt(sHit / 1e3, 0)) k/s, misses \(fmt(sMiss / 1e3, 0)) k/s")
        print("ratio      index / SQLite: one at a time: hits \(fmt(hitRate / sHit, 0))×, misses \(fmt(missRate / sMiss, 0))×; "
              + "batched: hits \(fmt(batchHit / sHit, 0))×, misses \(fmt(batchMiss / sMiss, 0))×")
        let best = min(max(hitRate, batchHit), max(missRate, batchMiss))
        let bestRatio = min(max(hitRate, batchHit) / sHit, max(missRate, batchMiss) / sMiss)
        let built = reuse == nil // a reused index has no build figures
        print("goals      build ≤20 s: \(!built ? "n/a (reused)" : buildSeconds <= 20 ? "met" : "MISSED"); ≤12 bytes/entry: \(index.bytesPerFieldEntry <= 12 ? "met" : "MISSED"); "
              + "≥10M lookups/s: \(best >= 10e6 ? "met" : "MISSED"); ≥50× SQLite: \(bestRatio >= 50 ? "met" : "MISSED"); "
              + "RSS ≤2 GB: \(!built ? "n/a (reused)" : hwm >= 0 && hwm <= 2 << 20 ? "met" : "MISSED")")
    }
}

struct IndexBenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
