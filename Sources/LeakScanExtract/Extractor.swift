import LeakScanCore

/// Pulls (name, phone, email) tuples, a market score and a post date out of decoded text.
///
/// Pipeline per page: HTML → text lines (`HTMLText`, when `isHTML`), width folding and `@`
/// unfolding (`TextNormalizer`), then one pass over the lines (`RecordScanner`): each line or
/// table row is one record candidate; label-value lines, delimited rows (with column roles from a
/// header row), label blocks over consecutive lines, and free lines grouped by proximity.
///
/// Thread-safety: a pure value; `extract` may be called from many tasks at once.
/// Data sensitivity: results hold raw PII; the extractor never logs.
public struct Extractor: Sendable {
    /// The fingerprints this extractor was built from.
    public let fingerprints: Fingerprints
    let phones: PhoneDetector
    let dates: PostDateDetector

    /// Creates an extractor using `fingerprints` (labels, mobile ranges, surnames, market words).
    public init(fingerprints: Fingerprints) {
        self.fingerprints = fingerprints
        self.phones = PhoneDetector(prefixes: fingerprints.mobile)
        self.dates = PostDateDetector(labels: fingerprints.labels)
    }

    /// Extracts from a decoded page, using `page.text` and `page.isHTML`.
    public func extract(_ page: DecodedPage) -> Extraction {
        extract(text: page.text, isHTML: page.isHTML)
    }

    /// Extracts from `text`; when `isHTML`, tags are stripped first and line numbers refer to the
    /// extracted text (one line per block element or table row).
    public func extract(text: String, isHTML: Bool) -> Extraction {
        var text = text
        return text.withUTF8 { raw in
            if isHTML {
                let html = HTMLText(raw)
                return html.text.withUnsafeBufferPointer { p in
                    normalized(p, tableRows: html.tableRowLines, attributes: html.attributeTexts, title: html.title)
                }
            }
            return normalized(raw, tableRows: [], attributes: [], title: [])
        }
    }

    /// Extracted text lines as the extractor sees them (after HTML conversion and normalisation),
    /// for `leakscan extract --show-text`-style debugging. Line `k` of the result is line `k` of
    /// `ExtractedTuple.line`. Data sensitivity: the text holds raw PII.
    public func text(of text: String, isHTML: Bool) -> String {
        var text = text
        return text.withUTF8 { raw in
            let base: [UInt8] = isHTML ? HTMLText(raw).text : Array(raw)
            return base.withUnsafeBufferPointer { p in
                withNormalized(p) { String(decoding: $0, as: UTF8.self) }
            }
        }
    }

    private func withNormalized<R>(_ p0: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let folded = TextNormalizer.foldWidth(p0)
        func second(_ p1: UnsafeBufferPointer<UInt8>) -> R {
            if let unfolded = TextNormalizer.unfoldAt(p1, mailDomains: fingerprints.labels.mailDomains,
                                                          notLocalParts: fingerprints.labels.notLocalParts) {
                return unfolded.withUnsafeBufferPointer(body)
            }
            return body(p1)
        }
        if let folded { return folded.withUnsafeBufferPointer(second) }
        return second(p0)
    }

    private func normalized(_ p0: UnsafeBufferPointer<UInt8>, tableRows: Set<Int>, attributes: [[UInt8]],
                            title: [UInt8]) -> Extraction {
        withNormalized(p0) { p in
            var scanner = RecordScanner(fingerprints: fingerprints, phones: phones)
            scanner.scan(p, tableRows: tableRows)
            var date = dates.earliest(p)
            for attr in attributes {
                date = attr.withUnsafeBufferPointer { dates.earliest($0, current: date) }
            }
            let foldedTitle = title.isEmpty ? [] : (title.withUnsafeBufferPointer { TextNormalizer.foldWidth($0) } ?? title)
            return Extraction(tuples: scanner.tuples, marketScore: fingerprints.market.score(p, extra: [foldedTitle]),
                              postDate: date)
        }
    }
}
