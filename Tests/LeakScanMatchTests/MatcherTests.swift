import LeakScanCore
import Testing
@testable import LeakScanMatch

@Suite("Matcher")
struct MatcherTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var name: String? = nil
        var phone: String? = nil
        var email: String? = nil
        /// Expected: nil, or (candidate id, verdict, matched, evidence, account).
        var expected: (String, Verdict, [Field], Evidence, String?)?
    }

    static let alice = TestWorld.alice, bob = TestWorld.bob
    static let cases: [Case] = [
        Case(description: "phone + email of one candidate → confirmed",
             phone: alice.phone, email: alice.email, expected: (alice.id, .confirmed, [.phone, .email], .fields, nil)),
        Case(description: "all three fields, obfuscated forms",
             name: "张 三", phone: "+86 138-0013-8001", email: " Zhang.San@EXAMPLE.com ",
             expected: (alice.id, .confirmed, [.phone, .email, .name], .fields, nil)),
        Case(description: "full-width phone + name → confirmed",
             name: alice.name, phone: "１３８００１３８００１", expected: (alice.id, .confirmed, [.phone, .name], .fields, nil)),
        Case(description: "phone only → single-field", phone: alice.phone, expected: (alice.id, .singleField, [.phone], .fields, nil)),
        Case(description: "email only → single-field", email: bob.email, expected: (bob.id, .singleField, [.email], .fields, nil)),
        Case(description: "phone + unknown email → single-field",
             phone: alice.phone, email: "nobody@example.com", expected: (alice.id, .singleField, [.phone], .fields, nil)),
        Case(description: "name alone never matches", name: alice.name, expected: nil),
        Case(description: "phone → A, email → B contradicts", phone: alice.phone, email: bob.email, expected: nil),
        Case(description: "phone → A, name → B contradicts", name: bob.name, phone: alice.phone, expected: nil),
        Case(description: "unknown values", name: "无名氏", phone: "13000000000", email: "x@example.com", expected: nil),
        Case(description: "Latin name tokens reordered + email → confirmed",
             name: "wei WANG", email: TestWorld.latin.email, expected: (TestWorld.latin.id, .confirmed, [.email, .name], .fields, nil)),
        Case(description: "canary phone → confirmed canary with its account",
             name: "张三", phone: "+86 137 0013 7007", email: alice.email,
             expected: (TestWorld.canary.id, .confirmed, [.phone], .canary, TestWorld.canaryAccount)),
        Case(description: "canary email → canary", email: TestWorld.canary.email.uppercased(),
             expected: (TestWorld.canary.id, .confirmed, [.email], .canary, TestWorld.canaryAccount)),
        Case(description: "canary name alone is not a canary hit", name: TestWorld.canary.name, expected: nil),
        Case(description: "virtual number → virtual-number with account and the real candidate",
             phone: "170-9000-0001", expected: (bob.id, .confirmed, [.phone], .virtualNumber, TestWorld.virtualAccount)),
        Case(description: "virtual number + the real candidate's email",
             phone: "17090000001", email: bob.email, expected: (bob.id, .confirmed, [.phone, .email], .virtualNumber, TestWorld.virtualAccount)),
        Case(description: "unparseable values", name: "·", phone: "12", email: "not-an-email", expected: nil),
    ]

    @Test("verdict table", arguments: cases)
    func verdicts(_ c: Case) throws {
        let world = TestWorld()
        let matcher = try Self.matcher(world)
        let result = matcher.match(ExtractedTuple(name: c.name, phone: c.phone, email: c.email, line: 1, layout: "test"))
        guard let (id, verdict, matched, evidence, account) = c.expected else {
            #expect(result == nil, "\(c.description)")
            return
        }
        let r = try #require(result, "\(c.description)")
        #expect(r.candidateID == id, "\(c.description)")
        #expect(r.verdict == verdict, "\(c.description)")
        #expect(r.matched == matched, "\(c.description)")
        #expect(r.evidence == evidence, "\(c.description)")
        #expect(r.definitiveAccount == account, "\(c.description)")
        let index = matcher.index
        if evidence == .canary {
            #expect(r.ordinal == nil)
        } else {
            #expect(r.ordinal == index.ordinal(ofCandidateID: id))
        }
    }

    @Test("two candidates sharing a phone: the email decides; the phone alone is ambiguous")
    func sharedPhone() throws {
        let dir = TempDir()
        let csv = dir.write("""
        candidate_id,name,phone,email
        S1,甲,13800138111,s1@example.com
        S2,乙,13800138111,s2@example.com
        """, to: "c.csv")
        _ = try IndexBuilder.build(candidates: csv, canaries: nil, virtualNumbers: nil, key: TestWorld.testKey, out: dir.file("i"))
        let matcher = Matcher(index: try CandidateIndex.open(directory: dir.file("i"), key: TestWorld.testKey),
                              hasher: FieldHasher(key: TestWorld.testKey))
        #expect(matcher.match(ExtractedTuple(phone: "13800138111", line: 1, layout: "t")) == nil)
        let r = try #require(matcher.match(ExtractedTuple(phone: "13800138111", email: "s2@example.com", line: 1, layout: "t")))
        #expect(r.candidateID == "S2" && r.verdict == .confirmed && r.matched == [.phone, .email])
    }

    @Test("the matcher is usable from many tasks at once")
    func concurrent() async throws {
        let world = TestWorld()
        let matcher = try Self.matcher(world)
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var n = 0
                    for p in world.people.dropFirst(3) {
                        if matcher.match(ExtractedTuple(name: p.name, phone: p.phone, email: p.email, line: 1, layout: "t"))?.candidateID == p.id {
                            n += 1
                        }
                    }
                    return n
                }
            }
            var all: [Int] = []
            for await c in group { all.append(c) }
            return all
        }
        #expect(counts == Array(repeating: world.people.count - 3, count: 4))
    }

    /// Builds `world`'s index and a matcher over it (the world's temp dir lives as long as `world`).
    static func matcher(_ world: TestWorld) throws -> Matcher {
        let (_, dir) = try world.build()
        return Matcher(index: try CandidateIndex.open(directory: dir, key: TestWorld.testKey), hasher: FieldHasher(key: TestWorld.testKey))
    }
}
