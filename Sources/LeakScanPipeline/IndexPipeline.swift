import Foundation
import LeakScanAttribute
import LeakScanCore
import LeakScanMatch

/// `leakscan index build`: the candidate index (hashes and ids only), then the download log
/// mapped onto the index's candidate ordinals.
public enum IndexPipeline {
    /// What a build produced, for the command's summary.
    public struct Summary: Sendable {
        public var index: IndexBuildStats
        public var downloads: DownloadLogStats?
    }

    /// Builds the index in `out` from the platform's CSVs.
    /// - Parameters:
    ///   - candidates: raw `candidate_id,name,phone,email` rows (nil when only pre-hashed rows are given).
    ///   - prehashed: `candidate_id,field,hash_hex` rows hashed by the platform (see the README spec).
    public static func build(candidates: String?, prehashed: String? = nil, downloads: String?, canaries: String?,
                             virtualNumbers: String?, key: SecretKey, out: String,
                             strict: Bool) throws(PipelineError) -> Summary {
        let stats: IndexBuildStats
        do {
            stats = try IndexBuilder.build(candidates: candidates, prehashed: prehashed, canaries: canaries,
                                           virtualNumbers: virtualNumbers, key: key, out: out, strict: strict)
        } catch { throw .match(error) }
        guard let downloads else { return Summary(index: stats, downloads: nil) }
        let index: CandidateIndex
        do { index = try CandidateIndex.open(directory: out, key: key) } catch { throw .match(error) }
        do {
            let logStats = try DownloadLogBuilder.build(
                csv: downloads, candidateCount: index.candidateCount,
                candidateOrdinal: { index.ordinal(ofCandidateID: $0) },
                out: (out as NSString).appendingPathComponent(ScanResources.downloadLogFile), strict: strict)
            return Summary(index: stats, downloads: logStats)
        } catch { throw .attribute(error) }
    }
}
