import Foundation
@testable import LeakScanMatch

/// A temporary directory removed when the value goes away.
final class TempDir: Sendable {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "leakscan-match-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
    func write(_ text: String, to name: String) -> String {
        let p = file(name)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
}

/// A tiny deterministic generator (SplitMix64) for synthetic people.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One synthetic (fake) person.
struct Person: Sendable {
    var id: String
    var name: String
    var phone: String
    var email: String
}

/// A small synthetic world: generated candidates plus fixed ones for the verdict tables, one
/// canary and one virtual number.
struct TestWorld: Sendable {
    static let testKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    static var testKey: SecretKey { try! SecretKey.load(hex: testKeyHex) }

    static let alice = Person(id: "C-ALICE", name: "张三", phone: "13800138001", email: "zhang.san@example.com")
    static let bob = Person(id: "C-BOB", name: "李四", phone: "13900139002", email: "li.si@example.org")
    static let latin = Person(id: "C-LATIN", name: "Wang Wei", phone: "+1 415 555 0100", email: "wang.wei@example.net")
    static let canary = Person(id: "CANARY-0001", name: "欧阳雪晴", phone: "13700137007", email: "ouyang.xq@example.com")
    static let canaryAccount = "ACC-CANARY"
    static let virtualPhone = "17090000001"
    static let virtualAccount = "ACC-VIRTUAL"

    let dir = TempDir()
    var people: [Person] = []
    var candidates = "", canaries = "", virtualNumbers = ""

    init(count: Int = 200, seed: UInt64 = 42) {
        var rng = SplitMix64(state: seed)
        let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "欧阳"]
        let given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "雪晴", "子涵"]
        people = [Self.alice, Self.bob, Self.latin]
        var phones = Set(people.map(\.phone))
        while people.count < count {
            let n = people.count
            let phone = "13\(Int.random(in: 5...9, using: &rng))\(String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng)))"
            guard phones.insert(phone).inserted else { continue }
            let name = surnames.randomElement(using: &rng)! + given.randomElement(using: &rng)!
            people.append(Person(id: String(format: "C-%06d", n), name: name, phone: phone, email: "user\(n).\(rng.next() % 1000)@example.com"))
        }
        candidates = "candidate_id,name,phone,email\n" + people.map { "\($0.id),\($0.name),\($0.phone),\($0.email)\n" }.joined()
        canaries = "candidate_id,account_id,name,phone,email\n"
            + "\(Self.canary.id),\(Self.canaryAccount),\(Self.canary.name),\(Self.canary.phone),\(Self.canary.email)\n"
        virtualNumbers = "virtual_phone,candidate_id,account_id\n\(Self.virtualPhone),\(Self.bob.id),\(Self.virtualAccount)\n"
    }

    /// Writes the CSVs and builds the index into `index/`.
    @discardableResult
    func build(key: SecretKey = TestWorld.testKey, strict: Bool = false) throws -> (stats: IndexBuildStats, directory: String) {
        let c = dir.write(candidates, to: "candidates.csv")
        let k = dir.write(canaries, to: "canaries.csv")
        let v = dir.write(virtualNumbers, to: "virtual_numbers.csv")
        let out = dir.file("index")
        let stats = try IndexBuilder.build(candidates: c, canaries: k, virtualNumbers: v, key: key, out: out, strict: strict)
        return (stats, out)
    }
}

/// True when `needle` occurs in `haystack`.
func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    let first = needle[0]
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
        if haystack[i] == first && haystack[i..<i + needle.count].elementsEqual(needle) { return true }
        i += 1
    }
    return false
}
