import Foundation
import LeakScanCore
@testable import LeakScanExtract

/// The repository's `Fingerprints/` directory, found from this file's path.
let repoFingerprints: String = {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fingerprints").path
}()

/// One extractor over the repository fingerprints, shared by the tests (it is a pure value).
let sharedExtractor: Extractor = {
    do {
        return Extractor(fingerprints: try Fingerprints.load(directory: repoFingerprints))
    } catch {
        fatalError("repository fingerprints do not load: \(error)")
    }
}()

func extract(_ text: String, html: Bool = false) -> Extraction {
    sharedExtractor.extract(text: text, isHTML: html)
}

/// A compact, comparable view of a tuple for table tests.
struct T: Equatable, CustomStringConvertible {
    var name: String?
    var phone: String?
    var email: String?
    var line: Int? = nil
    var layout: String? = nil

    init(_ name: String?, _ phone: String?, _ email: String?, line: Int? = nil, layout: String? = nil) {
        self.name = name; self.phone = phone; self.email = email; self.line = line; self.layout = layout
    }

    var description: String { "(\(name ?? "-"), \(phone ?? "-"), \(email ?? "-"), line \(line.map(String.init) ?? "?"), \(layout ?? "?"))" }
}

/// Tuples as `T`, keeping line/layout only when `detailed`.
func tuples(_ x: Extraction, detailed: Bool = false) -> [T] {
    x.tuples.map { t in
        T(t.name, t.phone, t.email, line: detailed ? t.line : nil, layout: detailed ? t.layout : nil)
    }
}

/// A seeded generator of synthetic people (never real ones).
struct SyntheticPeople {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E3779B97F4A7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    static let surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "周", "吴", "孙", "欧阳", "司马", "诸葛"]
    static let given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰", "军", "勇", "霞", "涛", "明"]
    static let latinGiven = ["Wei", "Fang", "Na", "Min", "Jing", "Qiang", "Lei", "Yang"]
    static let latinFamily = ["Zhang", "Wang", "Li", "Zhao", "Liu", "Chen"]
    static let prefixes = ["138", "139", "150", "151", "158", "186", "188", "135", "177", "199", "166"]

    mutating func name() -> String {
        Self.surnames[int(Self.surnames.count)] + Self.given[int(Self.given.count)] + (int(2) == 0 ? Self.given[int(Self.given.count)] : "")
    }
    mutating func latinName() -> String { Self.latinFamily[int(6)] + " " + Self.latinGiven[int(8)] }
    mutating func phone() -> String {
        var s = Self.prefixes[int(Self.prefixes.count)]
        for _ in 0..<8 { s += String(int(10)) }
        return s
    }
    mutating func email() -> String {
        let users = ["zhang", "wang.li", "candidate", "user_x", "hr-2024", "test.person"]
        return users[int(users.count)] + String(int(10000)) + (int(2) == 0 ? "@example.com" : "@qq.com")
    }
}
