import Foundation
import LeakScanCore
import Testing
@testable import LeakScanMatch

@Suite("CandidateIndex")
struct CandidateIndexTests {
    @Test("build → open → lookup round trip on a synthetic world")
    func roundTrip() throws {
        let world = TestWorld()
        let (stats, dir) = try world.build()
        #expect(stats.candidates == world.people.count)
        #expect(stats.entries[.phone] == world.people.count)
        #expect(stats.entries[.email] == world.people.count)
        #expect(stats.skippedRows == 0 && stats.skippedValues == 0 && stats.diagnostics.isEmpty)
        #expect(stats.canaries == 1 && stats.virtualNumbers == 1)

        let key = TestWorld.testKey
        let index = try CandidateIndex.open(directory: dir, key: key)
        let hasher = FieldHasher(key: key)
        #expect(index.candidateCount == world.people.count)
        #expect(index.keyID == key.keyID)
        for person in world.people {
            let ordinal = try #require(index.ordinal(ofCandidateID: person.id))
            #expect(index.candidateID(ordinal) == person.id)
            for (field, raw) in [(Field.phone, person.phone), (.email, person.email), (.name, person.name)] {
                let p = try #require(hasher.prefix(raw: raw, field: field))
                #expect(index.lookup(p, field: field).contains(ordinal))
            }
            // The same value under another field's subkey is not found.
            let p = try #require(hasher.prefix(raw: person.phone, field: .phone))
            #expect(index.lookup(p, field: .email).isEmpty)
        }
        #expect(index.ordinal(ofCandidateID: "C-NOPE") == nil)
        #expect(index.ordinal(ofCandidateID: "") == nil)
        #expect(index.candidateID(UInt32(world.people.count + 5)) == "")
        var rng = SplitMix64(state: 7)
        for _ in 0..<1000 { #expect(index.lookup(rng.next(), field: .phone).isEmpty) }

        let canaryPhone = try #require(hasher.prefix(raw: TestWorld.canary.phone, field: .phone))
        let canary = try #require(index.canary(canaryPhone, field: .phone))
        #expect(canary.candidateID == TestWorld.canary.id && canary.accountID == TestWorld.canaryAccount)
        let canaryEmail = try #require(hasher.prefix(raw: TestWorld.canary.email, field: .email))
        #expect(index.canary(canaryEmail, field: .email)?.accountID == TestWorld.canaryAccount)
        let canaryName = try #require(hasher.prefix(raw: TestWorld.canary.name, field: .name))
        #expect(index.canary(canaryName, field: .name) == nil)
        #expect(index.lookup(canaryPhone, field: .phone).isEmpty) // canaries are not candidates

        let virtual = try #require(hasher.prefix(raw: "+86 170 9000 0001", field: .phone))
        let hit = try #require(index.virtualNumber(virtual))
        #expect(hit.candidateID == TestWorld.bob.id && hit.accountID == TestWorld.virtualAccount)
        #expect(index.virtualNumber(canaryPhone) == nil)
        try index.verify()
    }

    @Test("a larger index: every entry is found by interpolation search, misses are misses")
    func largerIndex() throws {
        let world = TestWorld(count: 20_000, seed: 9)
        let (_, dir) = try world.build()
        let index = try CandidateIndex.open(directory: dir, key: TestWorld.testKey)
        let hasher = FieldHasher(key: TestWorld.testKey)
        for (i, person) in world.people.enumerated() where i % 7 == 0 {
            let p = try #require(hasher.prefix(raw: person.phone, field: .phone))
            #expect(index.lookup(p, field: .phone) == [UInt32(i)])
            #expect(index.ordinal(ofCandidateID: person.id) == UInt32(i))
        }
        #expect(index.lookup(0, field: .phone).isEmpty)
        #expect(index.lookup(.max, field: .phone).isEmpty)
    }

    @Test("a repeated candidate id adds values to one candidate; empty values are allowed")
    func duplicatesAndEmpties() throws {
        let dir = TempDir()
        let csv = dir.write("""
        candidate_id,name,phone,email
        C1,张三,13800138001,
        C1,,13800138009,z3@example.com
        C2,,,
        C3,李四,,
        """, to: "c.csv")
        let stats = try IndexBuilder.build(candidates: csv, canaries: nil, virtualNumbers: nil, key: TestWorld.testKey,
                                           out: dir.file("idx"))
        #expect(stats.candidates == 3)
        #expect(stats.entries == [.phone: 2, .email: 1, .name: 2])
        let index = try CandidateIndex.open(directory: dir.file("idx"), key: TestWorld.testKey)
        let hasher = FieldHasher(key: TestWorld.testKey)
        #expect(index.lookup(hasher.prefix(raw: "13800138009", field: .phone)!, field: .phone) == [0])
        #expect(index.ordinal(ofCandidateID: "C2") == 1)
        #expect(index.canary(hasher.prefix(raw: "13800138001", field: .phone)!, field: .phone) == nil)
        #expect(index.virtualNumber(hasher.prefix(raw: "13800138001", field: .phone)!) == nil)
    }

    @Test("the index directory holds no raw or normalised phone, email or name")
    func noPIIOnDisk() throws {
        let world = TestWorld()
        let (_, dir) = try world.build()
        var needles: [[UInt8]] = []
        for p in world.people + [TestWorld.canary] {
            for (field, raw) in [(Field.phone, p.phone), (.email, p.email), (.name, p.name)] {
                needles.append(Array(raw.utf8))
                if let n = Normalizer.normalize(raw, as: field) { needles.append(Array(n.utf8)) }
            }
        }
        needles.append(Array(TestWorld.virtualPhone.utf8))
        needles.append(Array("+86\(TestWorld.virtualPhone)".utf8))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.count == IndexFile.all.count + 1)
        for name in files {
            let bytes = Array(try #require(FileManager.default.contents(atPath: dir + "/" + name)))
            for needle in needles {
                #expect(!occurs(needle, in: bytes), "\(name) contains a raw value")
            }
        }
        // Sanity check of the check itself: the candidate ids are there.
        let ids = Array(try #require(FileManager.default.contents(atPath: dir + "/" + IndexFile.ids)))
        #expect(occurs(Array(TestWorld.alice.id.utf8), in: ids))
    }

    @Test("opening with another key is a wrongKey error naming both key ids")
    func wrongKey() throws {
        let world = TestWorld(count: 20)
        let (_, dir) = try world.build()
        let other = SecretKey.generate()
        do {
            _ = try CandidateIndex.open(directory: dir, key: other)
            Issue.record("opened with the wrong key")
        } catch {
            guard case .wrongKey(let indexKeyID, let keyID) = error else { Issue.record("wrong error \(error)"); return }
            #expect(indexKeyID == TestWorld.testKey.keyID && keyID == other.keyID)
            #expect(error.description.contains(indexKeyID) && error.description.contains(keyID))
        }
    }

    @Test("a missing index is indexMissing")
    func missing() {
        let dir = TempDir()
        do {
            _ = try CandidateIndex.open(directory: dir.file("none"), key: TestWorld.testKey)
            Issue.record("opened nothing")
        } catch {
            guard case .indexMissing = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    /// Ways to damage an index; each must give `indexCorrupt` on open.
    enum Damage: String, CaseIterable {
        case truncateTable, truncateIDs, flipByteInTable, flipByteInIDs, deleteFile, garbageHeader, headerCountChanged,
             emptyHeader, extendFile
    }

    @Test("damaged indexes are indexCorrupt, never a crash", arguments: Damage.allCases)
    func corrupt(_ damage: Damage) throws {
        let world = TestWorld(count: 50)
        let (_, dir) = try world.build()
        func path(_ name: String) -> String { dir + "/" + name }
        func edit(_ name: String, _ change: (inout [UInt8]) -> Void) throws {
            var bytes = Array(try #require(FileManager.default.contents(atPath: path(name))))
            change(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
        }
        switch damage {
        case .truncateTable: try edit("phone.idx") { $0.removeLast(5) }
        case .truncateIDs: try edit(IndexFile.ids) { $0.removeLast(1) }
        case .flipByteInTable: try edit("email.idx") { $0[17] ^= 0x40 }
        case .flipByteInIDs: try edit(IndexFile.ids) { $0[$0.count - 2] ^= 0x01 }
        case .deleteFile: try FileManager.default.removeItem(atPath: path("name.idx"))
        case .garbageHeader: try edit(IndexFile.header) { $0 = Array("{\"format\": 12".utf8) }
        case .headerCountChanged:
            try edit(IndexFile.header) { bytes in
                let original = String(decoding: bytes, as: UTF8.self)
                #expect(original.contains("\"candidates\" : 50"))
                let text = original
                    .replacingOccurrences(of: "\"candidates\" : 50", with: "\"candidates\" : 51")
                bytes = Array(text.utf8)
            }
        case .emptyHeader: try edit(IndexFile.header) { $0 = [] }
        case .extendFile: try edit("name.idx") { $0 += [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] }
        }
        do {
            _ = try CandidateIndex.open(directory: dir, key: TestWorld.testKey)
            Issue.record("opened a damaged index (\(damage))")
        } catch {
            guard case .indexCorrupt(let d, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(d == dir)
            #expect(error.description.contains("rebuild"))
        }
    }

    @Test("a large-index style open (sizes only) of a damaged index: verify() catches it and lookups never crash")
    func inspectThenVerify() throws {
        let world = TestWorld(count: 50)
        let (_, dir) = try world.build()
        // Overwrite every byte of the id string table and the phone table with 0xFF, keeping sizes.
        for name in [IndexFile.ids, "phone.idx", IndexFile.sortedIDs, IndexFile.virtual] {
            let p = dir + "/" + name
            let size = try #require(FileManager.default.contents(atPath: p)).count
            try Data(repeating: 0xFF, count: size).write(to: URL(fileURLWithPath: p))
        }
        let index = try CandidateIndex.openForInspection(directory: dir)
        #expect(throws: MatchError.self) { try index.verify() }
        let hasher = FieldHasher(key: TestWorld.testKey)
        for person in world.people {
            #expect(index.lookup(hasher.prefix(raw: person.phone, field: .phone)!, field: .phone).isEmpty)
            #expect(index.ordinal(ofCandidateID: person.id) == nil)
            #expect(index.virtualNumber(hasher.prefix(raw: person.phone, field: .phone)!) == nil)
        }
        #expect(index.lookup(.max, field: .phone).isEmpty)
        #expect(index.candidateID(3) == "")
        #expect(index.virtualNumber(.max) == nil)
    }

    @Test("rebuilding into the same directory replaces the index")
    func rebuild() throws {
        let world = TestWorld(count: 30)
        let (_, dir) = try world.build()
        let other = SecretKey.generate()
        let (stats, _) = try world.build(key: other)
        #expect(stats.keyID == other.keyID)
        #expect(throws: MatchError.self) { try CandidateIndex.open(directory: dir, key: TestWorld.testKey) }
        #expect(try CandidateIndex.open(directory: dir, key: other).candidateCount == 30)
    }
}
