import Foundation

/// A whole file mapped read-only with `mmap(2)`; unmapped when the last reference goes.
///
/// `@unchecked Sendable`: the mapping is read-only (`PROT_READ`, `MAP_PRIVATE`) and never
/// remapped, so concurrent reads are safe. As with any mapping, truncating the file on disk
/// while it is mapped makes later reads fault: rebuild indexes into a new directory (or
/// with `IndexBuilder`, which replaces files rather than truncating them in place).
final class MappedFile: @unchecked Sendable {
    /// Start of the mapping (nil for an empty file).
    let base: UnsafeRawPointer?
    /// Length in bytes.
    let count: Int

    /// Maps `path`.
    /// - Throws: a short reason (`missing`, `cannot open: …`, `cannot map: …`).
    init(path: String) throws(MappedFileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let err = errno
            throw MappedFileError(reason: err == ENOENT ? "file \((path as NSString).lastPathComponent) is missing"
                                  : "cannot open \(path): \(String(cString: strerror(err)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw MappedFileError(reason: "cannot stat \(path): \(String(cString: strerror(errno)))") }
        count = Int(st.st_size)
        if count == 0 { base = nil; return }
        guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw MappedFileError(reason: "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The mapped bytes.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The little-endian UInt64 at byte offset `offset` (caller checks bounds).
    @inline(__always) func u64(at offset: Int) -> UInt64 {
        UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The little-endian UInt32 at byte offset `offset` (caller checks bounds).
    @inline(__always) func u32(at offset: Int) -> UInt32 {
        UInt32(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

/// Why a file could not be mapped (wrapped into `MatchError.indexCorrupt` by the caller).
struct MappedFileError: Error {
    var reason: String
}
