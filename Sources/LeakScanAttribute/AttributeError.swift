import LeakScanCore

/// An error of the attribution stage: reading the download log CSV, or opening and checking
/// the inverted download log file.
///
/// Messages name the file (and line, for CSV input) and say what to do; they never contain
/// account ids, candidate ids or other row values.
public enum AttributeError: Error, Sendable, CustomStringConvertible {
    /// The download CSV could not be read or a row is malformed (strict mode), with file and line.
    case input(CSVError)
    /// A required file or input is missing; the payload says which and what to do.
    case missing(String)
    /// A download log file is damaged, truncated or not a download log at all.
    case corrupt(String, reason: String)
    /// An operating-system I/O failure (open, write, rename, mmap), with the path and the cause.
    case io(String)

    public var description: String {
        switch self {
        case .input(let e): "download log input: \(e.description)"
        case .missing(let what): "missing: \(what)"
        case .corrupt(let path, let reason):
            "\(path): download log is corrupt or truncated (\(reason)); rebuild it from downloads.csv"
        case .io(let message): "I/O error: \(message)"
        }
    }
}
