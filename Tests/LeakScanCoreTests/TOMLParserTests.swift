import Testing
@testable import LeakScanCore

@Suite struct TOMLParserTests {
    @Test func parsesTablesArraysAndValues() throws {
        let text = """
            # comment
            title = "LeakScan"   # trailing comment
            [scan]
            concurrency = 16
            ratio = 0.5
            enabled = true
            names = ["a", 'b',
                     "c\\u00e9",   # multi-line array with trailing comma
            ]
            [[source]]
            name = "one"
            [[source]]
            name = "two"
            kind = "paste"
            """
        let root = try TOMLParser.parse(text, file: "t.toml")
        #expect(try root.string("title") == "LeakScan")
        let scan = try #require(try root.table("scan"))
        #expect(try scan.integer("concurrency") == 16)
        #expect(try scan.double("ratio") == 0.5)
        #expect(try scan.bool("enabled") == true)
        #expect(try scan.strings("names") == ["a", "b", "cé"])
        let sources = try root.tables("source")
        #expect(sources.map { try! $0.requiredString("name") } == ["one", "two"])
        #expect(sources[1].line == 12)
        #expect(sources[1].line(of: "kind") == 14)
    }

    @Test(arguments: [
        ("a = ", 1, "expected a value"),
        ("a = 1\na = 2", 2, "duplicate key 'a'"),
        ("[x]\n[x]", 2, "defined twice"),
        ("a = \"unterminated", 1, "unterminated string"),
        ("\n\nb = {x = 1}", 3, "inline tables"),
        ("a = [1, 2", 1, "unterminated array"),
        ("a = 1 b = 2", 1, "after value"),
        ("a = hello", 1, "strings need quotes"),
        ("[t\nx = 1", 1, "expected ']'"),
    ])
    func reportsErrorsWithLine(text: String, line: Int, message: String) {
        do {
            _ = try TOMLParser.parse(text, file: "bad.toml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.file == "bad.toml")
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix("bad.toml:\(line): "))
        }
    }

    @Test func typedAccessorsNameTheLine() throws {
        let root = try TOMLParser.parse("a = 1\n\nb = \"x\"\n", file: "c.toml")
        #expect(throws: TOMLError(file: "c.toml", line: 3, message: "'b' must be an integer, found string")) {
            _ = try root.integer("b")
        }
        #expect(throws: TOMLError.self) { try root.rejectUnknownKeys(["a"]) }
    }
}
