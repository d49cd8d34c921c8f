import LeakScanCore

/// Everything that can go wrong in the match stage: keys, index building and index opening.
///
/// Messages name the file (and line for CSV input) and say what to do. They never contain
/// key bytes, index entries or personal data.
public enum MatchError: Error, Sendable, CustomStringConvertible {
    /// The key file could not be read (missing, not a file, permission denied).
    case keyFileUnreadable(String)
    /// The key is not 64 hex characters (plus an optional newline). The payload names the
    /// file or the source (e.g. `LEAKSCAN_KEY`), never the content.
    case keyFileMalformed(String)
    /// The key file is readable by group or others; the scanner refuses to use it.
    case keyFileTooOpen(String, mode: Int)
    /// `SecretKey.write(to:)` found a file already there; keys are never overwritten.
    case keyFileExists(String)
    /// No index at the directory (no `header.json`).
    case indexMissing(String)
    /// The index exists but cannot be trusted: bad header, missing or truncated file, checksum mismatch.
    case indexCorrupt(String, reason: String)
    /// The index was built with another key.
    case wrongKey(indexKeyID: String, keyID: String)
    /// A bad CSV input (file:line in the payload).
    case input(CSVError)
    /// A file-system failure (the message names the path and the system error).
    case ioFailure(String)

    /// A message a user can act on; names paths and key ids, never key bytes or values.
    public var description: String {
        switch self {
        case .keyFileUnreadable(let path):
            return "cannot read key file \(path): check that it exists and that this user may read it"
        case .keyFileMalformed(let source):
            return "key \(source) is malformed: expected exactly 64 hex characters (32 bytes), optionally followed by a newline"
        case .keyFileTooOpen(let path, let mode):
            return "key file \(path) is readable by group or others (mode \(String(mode & 0o777, radix: 8))); "
                + "refusing to use it. Run: chmod 600 \(path)"
        case .keyFileExists(let path):
            return "key file \(path) already exists; refusing to overwrite a key (indexes built with it would become unusable). "
                + "Move it away first, or pick another path"
        case .indexMissing(let dir):
            return "no candidate index at \(dir) (no header.json); build one with `leakscan index build`"
        case .indexCorrupt(let dir, let reason):
            return "candidate index at \(dir) is corrupt: \(reason); rebuild it with `leakscan index build`"
        case .wrongKey(let indexKeyID, let keyID):
            return "the candidate index was built with key id \(indexKeyID) but the key given has id \(keyID); "
                + "use the key the index was built with (pass --key FILE or set LEAKSCAN_KEY), or, after a key rotation, "
                + "rebuild the index under the new key: `leakscan index build --key NEWKEY --out DIR …`"
        case .input(let error):
            return error.description
        case .ioFailure(let message):
            return message
        }
    }
}
