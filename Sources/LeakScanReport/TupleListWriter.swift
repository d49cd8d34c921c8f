import LeakScanCore

/// The tuples found on one page, for `leakscan extract`.
public struct ExtractedPage: Sendable {
    public var url: String
    public var tuples: [ExtractedTuple]
    public var marketScore: Double
    public var postDate: Int64?
    /// Why the page could not be read, if it could not.
    public var failure: String?

    public init(url: String, tuples: [ExtractedTuple], marketScore: Double, postDate: Int64?, failure: String? = nil) {
        self.url = url
        self.tuples = tuples
        self.marketScore = marketScore
        self.postDate = postDate
        self.failure = failure
    }
}

/// Renders extracted tuples (no index involved), masked unless `showPII`.
public struct TupleListWriter: Sendable {
    public var format: ReportFormat
    public var showPII: Bool

    public init(format: ReportFormat, showPII: Bool) {
        self.format = format
        self.showPII = showPII
    }

    private func values(_ t: ExtractedTuple) -> [String: String] {
        guard showPII else { return t.masked }
        var out: [String: String] = [:]
        for f in t.fields { out[f.rawValue] = t[f] }
        return out
    }

    public func render(_ pages: [ExtractedPage]) -> String {
        switch format {
        case .jsonl:
            var lines: [String] = []
            for p in pages {
                for t in p.tuples {
                    var o = JSONObject()
                    o.add("type", "tuple")
                    o.add("url", p.url)
                    o.add("line", t.line)
                    o.add("layout", t.layout)
                    o.add(showPII ? "pii" : "masked", object: values(t))
                    lines.append(o.text)
                }
                var o = JSONObject()
                o.add("type", "page")
                o.add("url", p.url)
                o.add("status", p.failure == nil ? "fetched" : "failed")
                if let failure = p.failure { o.add("reason", failure) }
                o.add("records", p.tuples.count)
                o.add("market_score", p.marketScore)
                if let d = p.postDate { o.add("post_date", Timestamp.format(d)) }
                lines.append(o.text)
            }
            return lines.joined(separator: "\n") + "\n"
        case .csv:
            var rows = ["url,line,layout,name,phone,email"]
            for p in pages {
                for t in p.tuples {
                    let v = values(t)
                    rows.append([p.url, String(t.line), t.layout, v["name"] ?? "", v["phone"] ?? "", v["email"] ?? ""]
                        .map(CSVWriter.escape).joined(separator: ","))
                }
            }
            return rows.joined(separator: "\n") + "\n"
        case .table, .html:
            var out: [String] = []
            for p in pages {
                if let failure = p.failure { out.append("FAILED  \(p.url)  \(failure)"); continue }
                let date = p.postDate.map { ", posted \(Timestamp.format($0))" } ?? ""
                out.append("\(p.url)  (\(p.tuples.count) records, market score \(String(format: "%.2f", p.marketScore))\(date))")
                for t in p.tuples {
                    let v = values(t)
                    let cells = ["name", "phone", "email"].map { v[$0] ?? "-" }
                    out.append("  line \(t.line)  \(t.layout)  " + cells.joined(separator: "  "))
                }
            }
            return out.joined(separator: "\n") + "\n"
        }
    }
}
