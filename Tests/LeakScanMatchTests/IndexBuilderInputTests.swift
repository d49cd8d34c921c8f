import Foundation
import LeakScanCore
import Testing
@testable import LeakScanMatch

@Suite("IndexBuilder input errors")
struct IndexBuilderInputTests {
    static let badCandidates = """
    candidate_id,name,phone,email
    C1,张三,13800138001,z3@example.com
    C2,李四,13900139002
    ,王五,13700137003,w5@example.com
    C4,赵六,12345,z6@example.com
    C5,"unterminated,13600136005,x@example.com
    """

    @Test("bad rows are skipped with file:line diagnostics that hold no values")
    func skipped() throws {
        let dir = TempDir()
        let csv = dir.write(Self.badCandidates, to: "candidates.csv")
        let stats = try IndexBuilder.build(candidates: csv, canaries: nil, virtualNumbers: nil, key: TestWorld.testKey,
                                           out: dir.file("idx"))
        #expect(stats.candidates == 2) // C1, C4 (its bad phone dropped)
        #expect(stats.skippedRows == 3)
        #expect(stats.skippedValues == 1)
        #expect(stats.entries[.phone] == 1 && stats.entries[.email] == 2)
        let joined = stats.diagnostics.joined(separator: "\n")
        #expect(joined.contains("\(csv):3: expected 4 fields, found 3"))
        #expect(joined.contains("\(csv):4: empty candidate_id"))
        #expect(joined.contains("\(csv):5: phone does not normalise"))
        #expect(joined.contains("\(csv):6: unterminated quoted field"))
        for value in ["13900139002", "12345", "王五", "w5@example.com", "李四"] { #expect(!joined.contains(value)) }
        #expect(try CandidateIndex.open(directory: dir.file("idx"), key: TestWorld.testKey).candidateCount == 2)
    }

    @Test("strict mode throws at the first bad row with its line")
    func strict() throws {
        let dir = TempDir()
        let csv = dir.write(Self.badCandidates, to: "candidates.csv")
        do {
            _ = try IndexBuilder.build(candidates: csv, canaries: nil, virtualNumbers: nil, key: TestWorld.testKey,
                                       out: dir.file("idx"), strict: true)
            Issue.record("strict build accepted a bad row")
        } catch {
            guard case .input(let e) = error else { Issue.record("wrong error \(error)"); return }
            #expect(e.file == csv && e.line == 3)
            #expect(error.description.hasPrefix("\(csv):3:"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("idx/header.json")))
    }

    @Test("a missing header row or file is an input error even when not strict")
    func headerAndFile() throws {
        let dir = TempDir()
        let noHeader = dir.write("C1,张三,13800138001,z3@example.com\n", to: "c.csv")
        #expect(throws: MatchError.self) {
            try IndexBuilder.build(candidates: noHeader, canaries: nil, virtualNumbers: nil, key: TestWorld.testKey, out: dir.file("a"))
        }
        do {
            _ = try IndexBuilder.build(candidates: dir.file("missing.csv"), canaries: nil, virtualNumbers: nil,
                                       key: TestWorld.testKey, out: dir.file("b"))
            Issue.record("built from a missing file")
        } catch {
            guard case .input(let e) = error else { Issue.record("wrong error \(error)"); return }
            #expect(e.file == dir.file("missing.csv"))
        }
    }

    @Test("columns may come in any order; canary and virtual rows are checked too")
    func otherFiles() throws {
        let dir = TempDir()
        let c = dir.write("email,phone,name,candidate_id\nz3@example.com,13800138001,张三,C1\n", to: "c.csv")
        let k = dir.write("candidate_id,account_id,name,phone,email\nK1,,x,13700137007,\nK2,A1,欧阳,,\nK3,A1,欧阳,13700137008,\n",
                          to: "k.csv")
        let v = dir.write("virtual_phone,candidate_id,account_id\n17090000001,C9,A2\n17090000002,C1,A2\n123,C1,A2\n", to: "v.csv")
        let stats = try IndexBuilder.build(candidates: c, canaries: k, virtualNumbers: v, key: TestWorld.testKey, out: dir.file("idx"))
        #expect(stats.candidates == 1 && stats.canaries == 1 && stats.virtualNumbers == 1)
        #expect(stats.skippedRows == 4)
        let joined = stats.diagnostics.joined(separator: "\n")
        #expect(joined.contains("\(k):2: empty account_id"))
        #expect(joined.contains("\(k):3: canary has no usable phone or email"))
        #expect(joined.contains("\(v):2: candidate_id is not in the candidates file"))
        #expect(joined.contains("\(v):4: virtual_phone does not normalise"))
    }

    @Test("diagnostics are capped")
    func capped() throws {
        let dir = TempDir()
        var text = "candidate_id,name,phone,email\n"
        for i in 0..<250 { text += "C\(i),x\n" }
        let stats = try IndexBuilder.build(candidates: dir.write(text, to: "c.csv"), canaries: nil, virtualNumbers: nil,
                                           key: TestWorld.testKey, out: dir.file("idx"))
        #expect(stats.skippedRows == 250)
        #expect(stats.diagnostics.count == IndexBuilder.diagnosticLimit + 1)
        #expect(stats.diagnostics.last == "… and 150 more")
    }
}
