import Crypto
import Foundation

/// A buffered, checksummed writer for one index file: writes `name.tmp`, then `finish()`
/// renames it into place (never truncating a file that may be mapped) and returns its size
/// and SHA-256.
///
/// Not thread-safe: one writer per file.
final class FileSink {
    let path: String
    private let temporary: String
    private var fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private let capacity = 1 << 20
    private var used = 0
    private var total = 0
    private var hash = SHA256()
    private var failure: Int32 = 0
    private let checksum: Bool

    /// Creates `dir/name.tmp`.
    /// - Parameter checksum: compute the SHA-256 (off for scratch files).
    init(dir: String, name: String, checksum: Bool = true) throws(MatchError) {
        path = dir + "/" + name
        temporary = path + ".tmp"
        self.checksum = checksum
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .ioFailure("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        if fd >= 0 { close(fd); unlink(temporary) }
    }

    private func flush() {
        guard used > 0 else { return }
        let chunk = UnsafeRawBufferPointer(start: buffer, count: used)
        if checksum { hash.update(bufferPointer: chunk) }
        var written = 0
        while written < used && failure == 0 {
            let n = Foundation.write(fd, buffer + written, used - written)
            if n <= 0 { failure = errno == 0 ? EIO : errno } else { written += n }
        }
        used = 0
    }

    /// Appends raw bytes.
    func write(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if used == capacity { flush() }
            let n = min(capacity - used, bytes.count - offset)
            (buffer + used).copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            used += n
            offset += n
        }
        total += bytes.count
    }

    /// Appends a little-endian UInt64.
    @inline(__always) func append(_ v: UInt64) {
        if capacity - used < 8 { flush() }
        (buffer + used).storeBytes(of: v.littleEndian, as: UInt64.self)
        used += 8
        total += 8
    }

    /// Appends a little-endian UInt32.
    @inline(__always) func append(_ v: UInt32) {
        if capacity - used < 4 { flush() }
        (buffer + used).storeBytes(of: v.littleEndian, as: UInt32.self)
        used += 4
        total += 4
    }

    /// Appends the whole content of another (finished, scratch) file.
    func append(contentsOf path: String) throws(MatchError) {
        let src = open(path, O_RDONLY | O_CLOEXEC)
        guard src >= 0 else { throw .ioFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(src) }
        while true {
            if used == capacity { flush() }
            let n = read(src, buffer + used, capacity - used)
            if n < 0 { throw .ioFailure("cannot read \(path): \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            used += n
            total += n
        }
    }

    /// Flushes, closes and renames into place.
    /// - Throws: `.ioFailure` naming the file and the system error.
    func finish() throws(MatchError) -> IndexHeader.FileInfo {
        flush()
        let err = failure
        close(fd)
        fd = -1
        guard err == 0 else { unlink(temporary); throw .ioFailure("cannot write \(path): \(String(cString: strerror(err)))") }
        guard rename(temporary, path) == 0 else {
            throw .ioFailure("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
        }
        let digest = checksum ? Hex.encode(hash.finalize()) : ""
        return IndexHeader.FileInfo(bytes: total, sha256: digest)
    }
}
