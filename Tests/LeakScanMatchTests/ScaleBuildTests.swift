import Foundation
import LeakScanCore
import Testing
@testable import LeakScanMatch

/// The platform-scale builder: pre-hashed input, chunked parsing, sorted runs and merge.
@Suite("IndexBuilder at scale")
struct ScaleBuildTests {
    static let key = TestWorld.testKey

    /// The bytes of every field table and the id table of the index in `dir`.
    static func tables(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in Field.allCases.map(IndexFile.table) + [IndexFile.ids, IndexFile.sortedIDs] {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
        }
        return out
    }

    @Test("pre-hashed rows (full HMAC or 16-hex prefix) give the same index and lookups as raw rows")
    func prehashedEqualsRaw() throws {
        let world = TestWorld(count: 500)
        let (_, rawDir) = try world.build()
        let hasher = FieldHasher(key: Self.key)
        var csv = "candidate_id,field,hash_hex\n"
        for (i, p) in world.people.enumerated() {
            for (field, value) in [(Field.name, p.name), (.phone, p.phone), (.email, p.email)] {
                let normalised = try #require(Normalizer.normalize(value, as: field))
                let hex = Hex.encode(hasher.digest(normalised, field: field))
                csv += "\(p.id),\(i % 2 == 0 ? field.rawValue : field.rawValue.uppercased()),\(i % 3 == 0 ? String(hex.prefix(16)) : hex)\n"
            }
        }
        let pre = world.dir.write(csv, to: "prehashed.csv")
        let preDir = world.dir.file("pre-index")
        let stats = try IndexBuilder.build(candidates: nil, prehashed: pre, canaries: world.dir.file("canaries.csv"),
                                           virtualNumbers: world.dir.file("virtual_numbers.csv"), key: Self.key, out: preDir)
        #expect(stats.skippedRows == 0)
        #expect(stats.candidates == world.people.count)
        #expect(try Self.tables(rawDir) == Self.tables(preDir))
        let raw = try CandidateIndex.open(directory: rawDir, key: Self.key)
        let hashed = try CandidateIndex.open(directory: preDir, key: Self.key)
        for p in world.people {
            for (field, value) in [(Field.name, p.name), (.phone, p.phone), (.email, p.email)] {
                let prefix = try #require(hasher.prefix(raw: value, field: field))
                let a = raw.lookup(prefix, field: field), b = hashed.lookup(prefix, field: field)
                #expect(!a.isEmpty)
                #expect(a.map(raw.candidateID) == b.map(hashed.candidateID))
            }
        }
        #expect(hashed.virtualNumber(hasher.prefix(raw: TestWorld.virtualPhone, field: .phone)!)?.candidateID == TestWorld.bob.id)
    }

    @Test("bad pre-hashed rows are skipped with file:line, or stop a strict build")
    func badPrehashed() throws {
        let dir = TempDir()
        let pre = dir.write("candidate_id,field,hash_hex\nC1,phone,00112233445566778899aabbccddeeff\nC2,fax,0011223344556677\n"
                            + "C3,email,zz11223344556677\nC4,name,0011223344556677\n", to: "pre.csv")
        let stats = try IndexBuilder.build(candidates: nil, prehashed: pre, canaries: nil, virtualNumbers: nil,
                                           key: Self.key, out: dir.file("i"))
        #expect(stats.candidates == 1)
        #expect(stats.skippedRows == 3)
        #expect(stats.diagnostics.contains { $0.hasPrefix("\(pre):2:") && $0.contains("hash_hex") })
        #expect(stats.diagnostics.contains { $0.hasPrefix("\(pre):3:") && $0.contains("phone, email or name") })
        #expect(stats.diagnostics.contains { $0.hasPrefix("\(pre):4:") })
        #expect(throws: MatchError.self) {
            try IndexBuilder.build(candidates: nil, prehashed: pre, canaries: nil, virtualNumbers: nil,
                                   key: Self.key, out: dir.file("j"), strict: true)
        }
        #expect(throws: MatchError.self) {
            try IndexBuilder.build(candidates: nil, prehashed: nil, canaries: nil, virtualNumbers: nil,
                                   key: Self.key, out: dir.file("k"))
        }
    }

    @Test("tiny runs (k-way merge), tiny blocks and one or three workers give byte-identical indexes",
          arguments: [(7, 1, 64), (50, 3, 200), (1_000_000, 2, 4096)])
    func runsAndChunks(runEntries: Int, workers: Int, blockBytes: Int) throws {
        let world = TestWorld(count: 400, seed: 7)
        let (_, reference) = try world.build()
        let out = world.dir.file("scaled")
        let stats = try IndexBuilder.build(candidates: world.dir.file("candidates.csv"), prehashed: nil, canaries: nil,
                                           virtualNumbers: nil, key: Self.key, out: out,
                                           runEntries: runEntries, workers: workers, blockBytes: blockBytes)
        #expect(stats.candidates == 400)
        #expect(try Self.tables(reference) == Self.tables(out))
        let index = try CandidateIndex.open(directory: out, key: Self.key)
        try index.verify()
        #expect(FileManager.default.fileExists(atPath: out + "/.build-\(getpid())") == false)
    }

    @Test("quoted fields (commas, doubled quotes, newlines, CRLF) and a BOM parse like CSVReader, with right line numbers")
    func quotedRecords() throws {
        let dir = TempDir()
        let plain = dir.write("candidate_id,name,phone,email\nC1,张三,13800138001,a@example.com\nC2,李四,13900139002,b@example.com\n"
                              + "C3,Wang Wei,+1 415 555 0100,c@example.com\n", to: "plain.csv")
        let quoted = dir.write("\u{FEFF}candidate_id,name,phone,email\r\n\"C1\",\"张三\",\"138 0013 8001\",a@example.com\r\n\r\n"
                               + "C2,\"李\n四\",13900139002,\"B@Example.com\"\r\n"
                               + "C3,\"Wang  Wei\",\"+1 (415) 555,0100\",\"c@example.com\"\n"
                               + "C4,x,\"12\",\"no\"\"email\"\n", to: "quoted.csv")
        let a = try IndexBuilder.build(candidates: plain, prehashed: nil, canaries: nil, virtualNumbers: nil,
                                       key: Self.key, out: dir.file("a"))
        for block in [16, 40, 1 << 20] {
            let out = dir.file("b\(block)")
            let b = try IndexBuilder.build(candidates: quoted, prehashed: nil, canaries: nil, virtualNumbers: nil,
                                           key: Self.key, out: out, workers: 2, blockBytes: block)
            #expect(b.candidates == 4)
            #expect(b.skippedValues == 2) // C4's phone and email
            #expect(b.diagnostics.allSatisfy { $0.hasPrefix("\(quoted):7:") })
            let ia = try CandidateIndex.open(directory: dir.file("a"), key: Self.key)
            let ib = try CandidateIndex.open(directory: out, key: Self.key)
            let hasher = FieldHasher(key: Self.key)
            // 李\n四 normalises to 李四 (whitespace dropped): same hash as the plain file.
            for (field, value) in [(Field.name, "张三"), (.name, "李四"), (.name, "Wang Wei"), (.phone, "13800138001"),
                                   (.phone, "+14155550100"), (.email, "b@example.com")] {
                let p = try #require(hasher.prefix(raw: value, field: field))
                #expect(ia.lookup(p, field: field).map(ia.candidateID) == ib.lookup(p, field: field).map(ib.candidateID))
                #expect(!ib.lookup(p, field: field).isEmpty)
            }
        }
    }

    @Test("the byte-level normalisers agree with the String normalisers on generated values")
    func byteNormalisers() throws {
        var rng = SplitMix64(state: 99)
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: Normalizer.byteOutputCapacity)
        defer { out.deallocate() }
        let phoneParts = ["+", "86", "0086", "0", "00", "1", "13", "138", "0013", "8000", " ", "-", "(", ")", "9", "44", "20", "7946", "0958", "１", "x", "."]
        let emailParts = ["a", "Zhang", ".", "@", "example", "com", " ", "\t", "..", "QQ", "_", "+", "163", "＠", "é"]
        let nameParts = ["张", "三", "欧阳", " ", "Wang", "wei", "·", ".", "Ａ", "李", "\u{9FFF}", "\u{4DFF}", "é"]
        var checked = 0
        for _ in 0..<20_000 {
            for (field, parts) in [(Field.phone, phoneParts), (.email, emailParts), (.name, nameParts)] {
                var s = ""
                for _ in 0..<Int(rng.next() % 8) { s += parts[Int(rng.next() % UInt64(parts.count))] }
                let expected = Normalizer.normalize(s, as: field)
                var copy = s
                let got = copy.withUTF8 { Normalizer.normalize(bytes: UnsafeRawBufferPointer($0), as: field, into: out) }
                switch got {
                case .value(let n):
                    #expect(String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self) == expected, "\(field) case \(checked)")
                    checked += 1
                case .invalid:
                    #expect(expected == nil, "\(field) case \(checked)")
                    checked += 1
                case .slowPath: break
                }
            }
        }
        #expect(checked > 30_000)
    }

    @Test("70,000 candidates (radix-sorted runs, two workers): firstOrdinal and lookup agree for every hit and on misses")
    func largeRadixBuild() throws {
        let dir = TempDir()
        var csv = "candidate_id,name,phone,email\n"
        let n = 70_000
        for i in 0..<n { csv += "C\(100_000 + i),张\(i % 2 == 0 ? "三" : "伟"),1\(3 + i % 7)\(10_000_000 + i * 13),u\(i)@example.com\n" }
        let path = dir.write(csv, to: "c.csv")
        let out = dir.file("i")
        _ = try IndexBuilder.build(candidates: path, prehashed: nil, canaries: nil, virtualNumbers: nil, key: Self.key, out: out,
                                   runEntries: 30_000, workers: 2, blockBytes: 1 << 20)
        let index = try CandidateIndex.open(directory: out, key: Self.key)
        try index.verify()
        let hasher = FieldHasher(key: Self.key)
        for i in stride(from: 0, to: n, by: 7) {
            let p = try #require(hasher.prefix(raw: "1\(3 + i % 7)\(10_000_000 + i * 13)", field: .phone))
            #expect(index.lookup(p, field: .phone) == [UInt32(i)])
            #expect(index.firstOrdinal(p, field: .phone) == UInt32(i))
            let e = try #require(hasher.prefix(raw: "u\(i)@example.com", field: .email))
            #expect(index.firstOrdinal(e, field: .email) == UInt32(i))
        }
        let name = try #require(hasher.prefix(raw: "张三", field: .name))
        #expect(index.firstOrdinal(name, field: .name) == 0)
        #expect(index.lookup(name, field: .name).count == n / 2)
        var rng = SplitMix64(state: 5)
        for _ in 0..<10_000 {
            let p = rng.next()
            #expect(index.firstOrdinal(p, field: .phone) == index.lookup(p, field: .phone).first)
        }
        #expect(index.firstOrdinal(0, field: .phone) == nil)
        #expect(index.firstOrdinal(.max, field: .phone) == nil)

        // The batched lookup answers exactly like the single one (hits, misses, a shared name, the ends).
        var queries: [UInt64] = [0, .max, name]
        for i in stride(from: 0, to: n, by: 3) { queries.append(hasher.prefix(raw: "u\(i)@example.com", field: .email)!) }
        for _ in 0..<5_000 { queries.append(rng.next()) }
        for field in [Field.email, .name, .phone] {
            var out = [UInt32](repeating: 7, count: queries.count)
            queries.withUnsafeBufferPointer { q in out.withUnsafeMutableBufferPointer { index.firstOrdinals(q, field: field, into: $0) } }
            for (q, o) in zip(queries, out) { #expect((o == .max ? nil : o) == index.firstOrdinal(q, field: field)) }
        }
    }
}
