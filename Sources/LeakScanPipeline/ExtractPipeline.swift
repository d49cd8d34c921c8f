import Foundation
import LeakScanCore
import LeakScanExtract
import LeakScanFetch
import LeakScanReport

/// `leakscan extract`: fetch or read, decode, extract; no index, no key.
public enum ExtractPipeline {
    /// Extracts tuples from every target; a target that cannot be read becomes a failed page.
    public static func run(targets: [CheckPipeline.Target], fingerprints: String,
                           fetch: FetchOptions, logger: Logger) async throws(PipelineError) -> [ExtractedPage] {
        let prints: Fingerprints
        do { prints = try Fingerprints.load(directory: fingerprints) } catch { throw .fingerprints(error) }
        let extractor = Extractor(fingerprints: prints)
        var out: [ExtractedPage] = []
        func add(_ page: Page) {
            let e = extractor.extract(CharsetDecoder.decode(page))
            out.append(ExtractedPage(url: page.url, tuples: e.tuples, marketScore: e.marketScore, postDate: e.postDate))
        }
        var requests: [FetchRequest] = []
        for target in targets {
            switch target {
            case .url(let url): requests.append(FetchRequest(url: url, source: "extract"))
            case .path(let path):
                do { try LocalInput.read(path).forEach(add) } catch { throw .input("\(error)") }
            }
        }
        for result in await CurlFetcher(options: fetch, logger: logger).fetch(requests) {
            switch result.outcome {
            case .fetched(let page): add(page)
            case .notModified: break
            case .failed(let f):
                out.append(ExtractedPage(url: result.request.url, tuples: [], marketScore: 0, postDate: nil, failure: f.description))
            }
        }
        return out
    }
}

import Logging
