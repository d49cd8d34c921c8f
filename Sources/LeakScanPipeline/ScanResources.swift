import Foundation
import LeakScanAttribute
import LeakScanCore
import LeakScanExtract
import LeakScanMatch

/// The read-only inputs every scan and check needs: fingerprints, key, candidate index and,
/// when it was ingested, the download log.
public struct ScanResources: Sendable {
    public var analyzer: PageAnalyzer
    public var index: CandidateIndex?
    public var downloads: DownloadLog?

    /// The file name of the download log inside an index directory.
    public static let downloadLogFile = "downloads.bin"

    /// Loads fingerprints, and the key and index when `indexPath` is given.
    /// The key comes from `LEAKSCAN_KEY` (hex) when set, else from `keyPath`.
    public static func load(fingerprints: String, indexPath: String?, keyPath: String?) throws(PipelineError) -> ScanResources {
        let prints: Fingerprints
        do { prints = try Fingerprints.load(directory: fingerprints) } catch { throw .fingerprints(error) }
        let extractor = Extractor(fingerprints: prints)
        guard let indexPath else { return ScanResources(analyzer: PageAnalyzer(extractor: extractor, matcher: nil)) }
        let key = try loadKey(path: keyPath)
        let index: CandidateIndex
        do { index = try CandidateIndex.open(directory: indexPath, key: key) } catch { throw .match(error) }
        var log: DownloadLog?
        let logPath = (indexPath as NSString).appendingPathComponent(downloadLogFile)
        if FileManager.default.fileExists(atPath: logPath) {
            do { log = try DownloadLog.open(path: logPath) } catch { throw .attribute(error) }
        }
        let matcher = Matcher(index: index, hasher: FieldHasher(key: key))
        return ScanResources(analyzer: PageAnalyzer(extractor: extractor, matcher: matcher), index: index, downloads: log)
    }

    /// The master key from `LEAKSCAN_KEY` or the key file.
    public static func loadKey(path: String?) throws(PipelineError) -> SecretKey {
        do {
            if let hex = ProcessInfo.processInfo.environment["LEAKSCAN_KEY"], !hex.isEmpty {
                return try SecretKey.load(hex: hex)
            }
            guard let path else { throw PipelineError.input("no key: pass --key FILE or set LEAKSCAN_KEY") }
            return try SecretKey.load(path: path)
        } catch let e as MatchError {
            throw .match(e)
        } catch let e as PipelineError {
            throw e
        } catch {
            throw .input("\(error)")
        }
    }

    /// Ranks the accounts behind one page's confirmed findings: definitive canary and
    /// virtual-number evidence first, then download-overlap statistics.
    /// - Parameters:
    ///   - leakTime: downloads at or after this time (epoch seconds) are ignored.
    public func attribute(scope: String, findings: [Finding], leaked: [UInt32], leakTime: Int64) -> [AccountAttribution] {
        var rows: [AccountAttribution] = []
        let definitive = findings.filter { $0.evidence != .fields && $0.definitiveAccount != nil }
        let byAccount = Dictionary(grouping: definitive, by: { $0.definitiveAccount! })
        for account in byAccount.keys.sorted() {
            let items = byAccount[account]!
            let basis = Set(items.map(\.evidence.rawValue)).sorted().joined(separator: "+")
            rows.append(AccountAttribution(scope: scope, rank: rows.count + 1, accountID: account, overlap: items.count,
                                           downloads: 0, leaked: leaked.count, log10P: 0, log10PAdjusted: 0,
                                           definitive: true, basis: basis))
        }
        if let downloads, let index, !leaked.isEmpty {
            let result = Attributor(log: downloads, population: index.candidateCount)
                .attribute(leaked: leaked, before: leakTime, scope: scope)
            for var a in result.accounts {
                a.rank = rows.count + 1
                rows.append(a)
            }
        }
        return rows
    }
}
