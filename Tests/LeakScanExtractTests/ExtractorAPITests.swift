import Foundation
import Testing
import LeakScanCore
@testable import LeakScanExtract

/// The public entry points as the pipeline uses them.
@Suite struct ExtractorAPITests {
    @Test func decodedPageUsesTextAndHTMLFlag() {
        let body = "<table><tr><td>张三</td><td>13800138000</td></tr></table>"
        let page = DecodedPage(page: Page(url: "http://127.0.0.1/x", body: Array(body.utf8)), text: body, charset: "utf-8", isHTML: true)
        let x = sharedExtractor.extract(page)
        #expect(tuples(x, detailed: true) == [T("张三", "13800138000", nil, line: 1, layout: "table-row")])
        let asText = DecodedPage(page: page.page, text: body, charset: "utf-8", isHTML: false)
        #expect(sharedExtractor.extract(asText).tuples.map(\.layout) != ["table-row"])
    }

    @Test func concurrentCallsAgree() async {
        var corpus = SyntheticCorpus(seed: 11)
        let page = corpus.page(.labelValueZH, count: 200)
        let expected = tuples(extract(page.text))
        let extractor = sharedExtractor
        let results = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { extractor.extract(text: page.text, isHTML: false).tuples.count }
            }
            var counts: [Int] = []
            for await c in group { counts.append(c) }
            return counts
        }
        #expect(results == Array(repeating: expected.count, count: 8))
    }

    @Test func tupleDescriptionMasksValues() {
        let t = try! #require(extract("张三 13800138000 zhangsan@example.com").tuples.first)
        #expect(!t.description.contains("13800138000"))
        #expect(!t.description.contains("zhangsan@"))
    }

    @Test func layoutIdsAreTheDocumentedOnes() {
        #expect(Set(Layout.allCases.map(\.rawValue)) == ["label-value", "label-block", "table-row", "delimited", "line"])
    }

    @Test func defaultDirectoryFindsTheRepositoryCopy() throws {
        let dir = try #require(Fingerprints.defaultDirectory())
        #expect(try Fingerprints.load(directory: dir).version == sharedExtractor.fingerprints.version)
    }

    @Test func emptyAndTinyInputs() {
        for text in ["", "\n", " ", "a", "1", "@", "<", "&"] {
            #expect(extract(text).tuples.isEmpty)
            #expect(extract(text, html: true).tuples.isEmpty)
        }
    }
}
