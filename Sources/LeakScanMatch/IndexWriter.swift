import Crypto
import Foundation

/// Serialises the index files (layout in `IndexHeader`). Little-endian throughout.
enum IndexWriter {
    /// A keyed table from (prefix, value) pairs: sorted by prefix then value, duplicates removed.
    static func keyedTable(_ entries: [(UInt64, UInt32)]) -> (bytes: [UInt8], count: Int) {
        var sorted = entries
        sorted.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var unique: [(UInt64, UInt32)] = []
        unique.reserveCapacity(sorted.count)
        for e in sorted where unique.last.map({ $0 != e }) ?? true { unique.append(e) }
        var out = [UInt8]()
        out.reserveCapacity(unique.count * 12)
        for e in unique { append(&out, e.0) }
        for e in unique { append(&out, e.1) }
        return (out, unique.count)
    }

    /// The virtual-number table: keys, then candidate ordinals, then account indexes. A virtual
    /// number listed twice keeps its first (lowest ordinal, then account) record first.
    static func virtualTable(_ entries: [(UInt64, UInt32, UInt32)]) -> (bytes: [UInt8], count: Int) {
        var sorted = entries
        sorted.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var unique: [(UInt64, UInt32, UInt32)] = []
        for e in sorted where unique.last.map({ $0 != e }) ?? true { unique.append(e) }
        var out = [UInt8]()
        out.reserveCapacity(unique.count * 16)
        for e in unique { append(&out, e.0) }
        for e in unique { append(&out, e.1) }
        for e in unique { append(&out, e.2) }
        return (out, unique.count)
    }

    /// A string table: offsets then bytes.
    static func stringTable(_ strings: [String]) -> [UInt8] {
        var offsets = [UInt8]()
        offsets.reserveCapacity(8 * (strings.count + 1))
        var data = [UInt8]()
        append(&offsets, UInt64(0))
        for s in strings {
            data.append(contentsOf: s.utf8)
            append(&offsets, UInt64(data.count))
        }
        return offsets + data
    }

    static func u32s(_ values: [UInt32]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(values.count * 4)
        for v in values { append(&out, v) }
        return out
    }

    @inline(__always) static func append(_ out: inout [UInt8], _ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    @inline(__always) static func append(_ out: inout [UInt8], _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Writes `bytes` to `dir/name` (replacing any old file by rename, never truncating a file
    /// that may be mapped) and returns its size and SHA-256.
    static func write(_ bytes: [UInt8], to dir: String, name: String) throws(MatchError) -> IndexHeader.FileInfo {
        let path = dir + "/" + name
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .ioFailure("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, min(raw.count - written, 1 << 30))
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        let err = errno
        close(fd)
        guard ok else { unlink(temporary); throw .ioFailure("cannot write \(path): \(String(cString: strerror(err)))") }
        guard rename(temporary, path) == 0 else {
            throw .ioFailure("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
        }
        return IndexHeader.FileInfo(bytes: bytes.count, sha256: Hex.encode(SHA256.hash(data: bytes)))
    }
}
