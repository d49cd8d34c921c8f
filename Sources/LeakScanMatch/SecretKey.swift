import Crypto
import Foundation

/// The platform's 32-byte master key, from which every field's hashing subkey is derived.
///
/// Data sensitivity: the key protects every hashed phone number (only 10^10 China mobile
/// numbers exist, so without the key the hashes are brute-forced in minutes). It is never
/// logged: `description`, `debugDescription` and reflection show only the key id.
/// Thread safety: an immutable value; safe to share.
public struct SecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The raw key bytes (32). Internal: only this module hashes with it.
    let bytes: [UInt8]
    /// First 8 bytes (hex) of HMAC-SHA256(master, "leakscan key-id v1").
    public let keyID: String

    /// The key length in bytes.
    public static let byteCount = 32

    init(bytes: [UInt8]) {
        precondition(bytes.count == SecretKey.byteCount)
        self.bytes = bytes
        let mac = HMAC<SHA256>.authenticationCode(for: Array("leakscan key-id v1".utf8), using: SymmetricKey(data: bytes))
        self.keyID = Hex.encode(Array(mac.prefix(8)))
    }

    /// A fresh random key from the system's secure random generator.
    public static func generate() -> SecretKey {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { SecretKey(bytes: Array($0)) }
    }

    /// Loads a key file: 64 hex characters, optionally followed by a newline (`\n` or `\r\n`).
    /// - Parameter path: the key file.
    /// - Throws: `.keyFileTooOpen` when group or others have any permission on the file
    ///   (`mode & 0o077 != 0`), `.keyFileUnreadable`, `.keyFileMalformed`.
    public static func load(path: String) throws(MatchError) -> SecretKey {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { throw .keyFileUnreadable(path) }
        let mode = Int(st.st_mode & 0o7777)
        if mode & 0o077 != 0 { throw .keyFileTooOpen(path, mode: mode) }
        guard st.st_size <= 1024, let data = FileManager.default.contents(atPath: path) else {
            throw st.st_size > 1024 ? .keyFileMalformed(path) : .keyFileUnreadable(path)
        }
        return try parse(Array(data), source: path)
    }

    /// Parses a key given as 64 hex characters (e.g. from the `LEAKSCAN_KEY` environment
    /// variable); surrounding whitespace is ignored.
    /// - Throws: `.keyFileMalformed("hex key")` when it is not 64 hex characters.
    public static func load(hex: String) throws(MatchError) -> SecretKey {
        try parse(Array(hex.utf8), source: "given as hex (LEAKSCAN_KEY)")
    }

    private static func parse(_ raw: [UInt8], source: String) throws(MatchError) -> SecretKey {
        var text = raw[...]
        while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
        while let last = text.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { text = text.dropLast() }
        guard text.count == 64, let bytes = Hex.decode(text) else { throw .keyFileMalformed(source) }
        return SecretKey(bytes: bytes)
    }

    /// Writes the key as 64 hex characters and a newline to a new file with mode 0600.
    /// - Parameter path: where to write; must not exist (`O_CREAT | O_EXCL`).
    /// - Throws: `.keyFileExists` when something is already at `path`; `.ioFailure` otherwise.
    public func write(to path: String) throws(MatchError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            let err = errno
            if err == EEXIST { throw .keyFileExists(path) }
            throw .ioFailure("cannot create key file \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600) // in case the umask was odd; never wider than 0600
        let text = Array((Hex.encode(bytes) + "\n").utf8)
        let written = text.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else {
            let err = errno
            unlink(path)
            throw .ioFailure("cannot write key file \(path): \(String(cString: strerror(err)))")
        }
    }

    /// Redacted: `SecretKey(id 0123456789abcdef)`.
    public var description: String { "SecretKey(id \(keyID))" }
    /// Redacted, like `description`.
    public var debugDescription: String { description }
    /// Redacted: reflection (`dump`, `Mirror`) shows only the key id.
    public var customMirror: Mirror { Mirror(self, children: ["keyID": keyID], displayStyle: .struct) }
}
