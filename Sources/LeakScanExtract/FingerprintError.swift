import LeakScanCore

/// Why the `Fingerprints/` directory could not be loaded.
///
/// Messages name the directory, file and line; they never contain page text or extracted values.
public enum FingerprintError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The directory does not exist or is not a directory.
    case missingDirectory(String)
    /// A required fingerprint file is missing (the path that was looked for).
    case missingFile(String)
    /// A file has a syntax or schema error; the `TOMLError` carries file and line.
    case invalid(TOMLError)

    /// `path:line: message`, or a sentence naming the missing path.
    public var description: String {
        switch self {
        case .missingDirectory(let dir):
            "\(dir): fingerprint directory not found (expected \(Fingerprints.fileNames.joined(separator: ", ")); set --fingerprints or LEAKSCAN_FINGERPRINTS)"
        case .missingFile(let path):
            "\(path): fingerprint file missing (every file of \(Fingerprints.fileNames.joined(separator: ", ")) is required)"
        case .invalid(let error):
            error.description
        }
    }

    /// The file the error is about.
    public var file: String {
        switch self {
        case .missingDirectory(let p), .missingFile(let p): p
        case .invalid(let e): e.file
        }
    }

    /// The 1-based line the error is about (0 when it is about a whole file or directory).
    public var line: Int {
        if case .invalid(let e) = self { return e.line }
        return 0
    }
}
