import LeakScanCore
import LeakScanExtract
import LeakScanFetch
import LeakScanMatch
import LeakScanAttribute
import LeakScanStore

/// Why a command could not run. Each case maps to a documented exit code; every message is one
/// line naming the file, line or URL, and none contains PII or key material.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    case config(TOMLError)
    case configMessage(String)
    case fingerprints(FingerprintError)
    case match(MatchError)
    case attribute(AttributeError)
    case store(StoreError)
    case input(String)
    case fetch(url: String, FetchFailure)

    public var description: String {
        switch self {
        case .config(let e): "config error: \(e)"
        case .configMessage(let m): "config error: \(m)"
        case .fingerprints(let e): "fingerprint error: \(e)"
        case .match(let e): "\(e)"
        case .attribute(let e): "\(e)"
        case .store(let e): "\(e)"
        case .input(let m): m
        case .fetch(let url, let f): "\(url): \(f)"
        }
    }

    /// The process exit code for this error (README "Exit codes").
    public var exitCode: Int32 {
        switch self {
        case .store: ExitStatus.runtimeFailure.rawValue
        case .fetch: ExitStatus.sourcesFailed.rawValue
        default: ExitStatus.usageOrConfig.rawValue
        }
    }
}

/// The documented exit codes shared by every command.
public enum ExitStatus: Int32, Sendable {
    /// Everything ran; nothing (or nothing asked about) was found.
    case success = 0
    /// An unexpected runtime failure (state database, I/O).
    case runtimeFailure = 1
    /// Bad flags, config, fingerprint, CSV, key or index: nothing was scanned.
    case usageOrConfig = 2
    /// Some sources failed to fetch (results from the others were still reported and stored).
    case sourcesFailed = 3
    /// New confirmed leaks were found (only with `--fail-on-leak`).
    case newLeaks = 4
}
