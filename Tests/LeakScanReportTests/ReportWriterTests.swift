import Foundation
import Testing
import LeakScanCore
@testable import LeakScanReport

@Suite struct ReportWriterTests {
    let report: ScanReport = {
        let f = Finding(url: "http://127.0.0.1:8080/t.html", candidateID: "C000001", verdict: .confirmed,
                        matched: [.phone, .email], evidence: .fields,
                        masked: ["phone": "138****8000", "email": "z***@qq.com"], isNew: true,
                        contentHash: "abc", line: 7, layout: "table-row")
        let canary = Finding(url: "http://127.0.0.1:8080/t.html", candidateID: "CANARY-1", verdict: .confirmed,
                             matched: [.phone], evidence: .canary, masked: ["phone": "139****0000"], isNew: false,
                             definitiveAccount: "ACC-0042", contentHash: "abc", line: 9, layout: "table-row")
        let a1 = AccountAttribution(scope: "http://127.0.0.1:8080/t.html", rank: 1, accountID: "ACC-0042", overlap: 1,
                                    downloads: 0, leaked: 1, log10P: 0, log10PAdjusted: 0, definitive: true, basis: "canary")
        let a2 = AccountAttribution(scope: "http://127.0.0.1:8080/t.html", rank: 2, accountID: "ACC-0042", overlap: 1,
                                    downloads: 200, leaked: 1, log10P: -1.5, log10PAdjusted: -0.2, definitive: false,
                                    basis: "statistics")
        let page = PageSummary(url: "http://127.0.0.1:8080/t.html", source: "demo", status: .fetched, httpStatus: 200,
                               records: 3, marketScore: 0.8, confirmed: 2)
        let failed = PageSummary(url: "http://127.0.0.1:8080/x", source: "demo", status: .failed, httpStatus: 503,
                                 reason: "HTTP 503 <script>")
        return ScanReport(runID: 4, startedAt: Date(timeIntervalSince1970: 0), finishedAt: Date(timeIntervalSince1970: 60),
                          pages: [page, failed], findings: [f, canary], attributions: [a1, a2])
    }()

    func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func jsonLinesContract() throws {
        let rows = try objects(JSONLinesWriter().render(report))
        #expect(rows.map { $0["type"] as? String } == ["page", "page", "finding", "finding", "attribution", "attribution", "summary"])
        let f = rows[2]
        #expect(f["url"] as? String == "http://127.0.0.1:8080/t.html")
        #expect(f["candidate_id"] as? String == "C000001")
        #expect(f["verdict"] as? String == "confirmed")
        #expect(f["matched"] as? [String] == ["phone", "email"])
        #expect(f["evidence"] as? String == "fields")
        #expect(f["masked"] as? [String: String] == ["phone": "138****8000", "email": "z***@qq.com"])
        #expect(f["new"] as? Bool == true)
        #expect(f["pii"] == nil)
        #expect(rows[3]["evidence"] as? String == "canary" && rows[3]["account_id"] as? String == "ACC-0042")
        let a = rows[4]
        for key in ["url", "rank", "account_id", "overlap", "downloads", "leaked", "log10_p", "definitive"] {
            #expect(a[key] != nil, "attribution lacks \(key)")
        }
        #expect(a["definitive"] as? Bool == true)
        #expect(rows[6]["new_confirmed"] as? Int == 1)
        #expect(rows[6]["failed_pages"] as? Int == 1)
    }

    @Test func revealedValuesOnlyWhenAsked() throws {
        var r = report
        r.revealed = ["http://127.0.0.1:8080/t.html#7": ExtractedTuple(phone: "13800138000", email: "zs@qq.com", line: 7, layout: "x")]
        let shown = JSONLinesWriter().render(r)
        #expect(shown.contains("13800138000"))
        for writer in [JSONLinesWriter(), CSVWriter(), HTMLWriter(), TableWriter()] as [any ReportWriter] {
            #expect(!writer.render(report).contains("13800138000"))
        }
    }

    @Test func csvHasOneRowPerFindingAndAttribution() {
        let lines = CSVWriter().render(report).split(separator: "\n")
        #expect(lines.count == 1 + 2 + 2)
        #expect(lines[0].hasPrefix("type,url,candidate_id,verdict"))
        #expect(lines[1].hasPrefix("finding,http://127.0.0.1:8080/t.html,C000001,confirmed,phone+email,fields,138****8000"))
    }

    @Test(arguments: [("=cmd()", "'=cmd()"), ("a,b", "\"a,b\""), ("say \"x\"", "\"say \"\"x\"\"\""), ("-5", "-5"), ("plain", "plain")])
    func csvEscaping(input: String, expected: String) {
        #expect(CSVWriter.escape(input) == expected)
    }

    @Test func htmlEscapesAndIsSelfContained() {
        let html = HTMLWriter().render(report)
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("HTTP 503 &lt;script&gt;"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.contains("src=\"http"))
        #expect(html.contains("ACC-0042"))
    }

    @Test func tableShowsDefinitiveEvidenceAndFailures() {
        let table = TableWriter().render(report)
        #expect(table.contains("DEFINITIVE: canary issued only to this account"))
        #expect(table.contains("FAILED  http://127.0.0.1:8080/x"))
        #expect(table.contains("NEW"))
        #expect(table.contains("138****8000"))
    }
}
