#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inverted download log, opened with mmap; read-only and safe to share across tasks.
///
/// ## File layout (version 1, little-endian, every section 8-byte aligned)
/// ```
/// header (64 bytes)
///   magic "LSDLOG\r\n" · version UInt32 (1) · timeWidth UInt32 (4 or 8)
///   candidateCount C UInt64 · accountCount A UInt64 · entryCount E UInt64 (distinct pairs)
///   idBytes UInt64 · baseTime Int64 (epoch seconds) · reserved UInt64 (0)
/// candidate CSR
///   candOffsets  UInt64[C+1]   row c is entries candOffsets[c] ..< candOffsets[c+1]
///   candAccounts UInt32[E]     account ordinal, ascending within a row (one per account)
///   candTimes    T[E]          earliest download time of (account, candidate), as seconds after baseTime
/// account CSR
///   acctOffsets  UInt64[A+1]
///   acctTimes    T[E]          first-download times of the account's distinct candidates, ascending,
///                              so "distinct candidates downloaded by a before t" is one binary search
/// account ids
///   idOffsets    UInt64[A+1]   UTF-8 bytes of account a are idBlob[idOffsets[a] ..< idOffsets[a+1]]
///   idBlob       UInt8[idBytes] ids sorted bytewise (ordinal order), so an id is found by binary search
/// ```
/// `T` is UInt32 when every time fits in 2^32 seconds after `baseTime` (136 years), else Int64.
/// Bytes per distinct (account, candidate) pair: 12 with UInt32 times (candidate row 8 + account row 4).
/// Section offsets follow from the header, so the exact file size is known before reading;
/// `open` checks the size, the magic, the version and that all three offset arrays start at 0,
/// never decrease and end at their array's length (O(C + A) reads). Entry values are not scanned
/// on open: out-of-range account ordinals are skipped on access, so a damaged file never crashes
/// a query; `verify()` checks every entry when wanted.
///
/// Growth path (issue 6): appending new days of log without a full rebuild means writing further
/// files of this format (segments over new rows, same candidate ordinals) and summing per-account
/// counts across segments at query time, with a periodic merge; `DownloadLogBuilder` keeps the
/// earliest time per pair within one file, and a merge keeps the earliest across files.
///
/// Thread safety: immutable after `open`; share one instance across tasks. Replace a log file only
/// by renaming a new one over it (as `DownloadLogBuilder` does): truncating a mapped file in
/// place would fault its readers. The mapping lives as
/// long as the object. Data sensitivity: holds account ids and candidate ordinals, no personal data.
public final class DownloadLog: Sendable {
    /// The file this log was opened from.
    public let path: String
    nonisolated(unsafe) private let base: UnsafeRawPointer
    private let mappedSize: Int
    private let layout: DownloadLogLayout
    /// Epoch seconds that stored times are relative to.
    private let baseTime: Int64
    private let wideTimes: Bool

    private init(path: String, base: UnsafeRawPointer, mappedSize: Int, layout: DownloadLogLayout, baseTime: Int64) {
        self.path = path
        self.base = base
        self.mappedSize = mappedSize
        self.layout = layout
        self.baseTime = baseTime
        self.wideTimes = layout.timeWidth == 8
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), mappedSize) }

    /// Opens and maps a download log written by `DownloadLogBuilder`.
    /// - Parameter path: the log file (e.g. downloads.bin).
    /// - Throws: `AttributeError.missing` when the file does not exist, `.io` when it cannot be
    ///   read or mapped, `.corrupt` when the header, size or offset arrays are inconsistent.
    public static func open(path: String) throws(AttributeError) -> DownloadLog {
        #if _endian(big)
        throw .io("\(path): download logs are little-endian; this host is big-endian")
        #else
        #if canImport(Glibc)
        let fd = Glibc.open(path, O_RDONLY)
        #else
        let fd = Darwin.open(path, O_RDONLY)
        #endif
        guard fd >= 0 else {
            if errno == ENOENT { throw .missing("download log \(path) (build it with `leakscan index build` from downloads.csv)") }
            throw .io("cannot open \(path): \(errnoText())")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io("cannot stat \(path): \(errnoText())") }
        let size = Int(st.st_size)
        guard size >= DownloadLogLayout.headerSize else {
            throw .corrupt(path, reason: "\(size) bytes is shorter than the \(DownloadLogLayout.headerSize)-byte header")
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw .io("cannot mmap \(path): \(errnoText())")
        }
        let raw = UnsafeRawPointer(map)
        do throws(AttributeError) {
            let (layout, baseTime) = try validate(raw, size: size, path: path)
            return DownloadLog(path: path, base: raw, mappedSize: size, layout: layout, baseTime: baseTime)
        } catch {
            munmap(map, size)
            throw error
        }
        #endif
    }

    private static func validate(_ raw: UnsafeRawPointer, size: Int, path: String) throws(AttributeError) -> (DownloadLogLayout, Int64) {
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        guard UnsafeRawBufferPointer(start: raw, count: 8).elementsEqual(DownloadLogLayout.magic) else {
            throw .corrupt(path, reason: "not a download log (bad magic)")
        }
        let version = u32(8)
        guard version == DownloadLogLayout.version else {
            throw .corrupt(path, reason: "unsupported version \(version) (this build reads \(DownloadLogLayout.version))")
        }
        let width = u32(12)
        guard width == 4 || width == 8 else { throw .corrupt(path, reason: "bad time width \(width)") }
        // Every count is bounded by the file size, so the layout arithmetic cannot overflow.
        let counts = [u64(16), u64(24), u64(32), u64(40)]
        guard counts.allSatisfy({ $0 <= UInt64(size) }) else { throw .corrupt(path, reason: "header counts exceed the file size") }
        let layout = DownloadLogLayout(candidateCount: Int(counts[0]), accountCount: Int(counts[1]),
                                       entryCount: Int(counts[2]), idBytes: Int(counts[3]), timeWidth: Int(width))
        guard layout.candidateCount <= Int(UInt32.max), layout.accountCount <= Int(UInt32.max) else {
            throw .corrupt(path, reason: "counts exceed 32-bit ordinals")
        }
        guard layout.totalSize == size else {
            throw .corrupt(path, reason: "size is \(size) bytes, header implies \(layout.totalSize)")
        }
        func checkOffsets(_ at: Int, count: Int, end: Int, name: String) throws(AttributeError) {
            var previous: UInt64 = 0
            for i in 0...count {
                let v = UInt64(littleEndian: raw.load(fromByteOffset: at + i * 8, as: UInt64.self))
                if (i == 0 && v != 0) || v < previous || v > UInt64(end) {
                    throw .corrupt(path, reason: "\(name) offset \(i) is out of order")
                }
                previous = v
            }
            guard previous == UInt64(end) else { throw .corrupt(path, reason: "\(name) offsets do not end at \(end)") }
        }
        try checkOffsets(layout.candOffsets, count: layout.candidateCount, end: layout.entryCount, name: "candidate")
        try checkOffsets(layout.acctOffsets, count: layout.accountCount, end: layout.entryCount, name: "account")
        try checkOffsets(layout.idOffsets, count: layout.accountCount, end: layout.idBytes, name: "account id")
        return (layout, Int64(bitPattern: u64(48)))
    }

    // MARK: - Sizes

    /// Number of accounts (ordinals `0..<accountCount`, in bytewise order of their ids).
    public var accountCount: Int { layout.accountCount }
    /// Number of candidate ordinals the log was built for.
    public var candidateCount: Int { layout.candidateCount }
    /// Number of distinct (account, candidate) pairs.
    public var entryCount: Int { layout.entryCount }
    /// Size of the file in bytes.
    public var byteCount: Int { mappedSize }

    // MARK: - Raw access

    @inline(__always) private func offset(_ section: Int, _ i: Int) -> Int {
        Int(UInt64(littleEndian: base.load(fromByteOffset: section + i * 8, as: UInt64.self)))
    }

    @inline(__always) private func time(_ section: Int, _ i: Int) -> Int64 {
        if wideTimes {
            return baseTime &+ Int64(littleEndian: base.load(fromByteOffset: section + i * 8, as: Int64.self))
        }
        return baseTime &+ Int64(UInt32(littleEndian: base.load(fromByteOffset: section + i * 4, as: UInt32.self)))
    }

    @inline(__always) private func entryAccount(_ i: Int) -> UInt32 {
        UInt32(littleEndian: base.load(fromByteOffset: layout.candAccounts + i * 4, as: UInt32.self))
    }

    private func idBytes(_ ordinal: Int) -> UnsafeRawBufferPointer {
        let lo = offset(layout.idOffsets, ordinal), hi = offset(layout.idOffsets, ordinal + 1)
        return UnsafeRawBufferPointer(start: base + layout.idBlob + lo, count: hi - lo)
    }

    // MARK: - Queries

    /// The platform's id of account `ordinal`.
    /// - Precondition: `ordinal < accountCount` (ordinals returned by this log always are).
    public func accountID(_ ordinal: UInt32) -> String {
        precondition(Int(ordinal) < accountCount, "account ordinal \(ordinal) out of range (\(accountCount) accounts)")
        return String(decoding: idBytes(Int(ordinal)), as: UTF8.self)
    }

    /// The ordinal of the account with id `id`, or nil when it downloaded nothing indexed.
    /// O(log A) (ids are stored sorted).
    public func accountOrdinal(_ id: String) -> UInt32? {
        var id = id
        return id.withUTF8 { key -> UInt32? in
            let key = UnsafeRawBufferPointer(key)
            var lo = 0, hi = accountCount
            while lo < hi {
                let mid = (lo + hi) / 2
                let candidate = idBytes(mid)
                if candidate.elementsEqual(key) { return UInt32(mid) }
                if candidate.lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    /// Every account that downloaded candidate `ordinal`, once each, with its earliest download
    /// time (epoch seconds), in ascending account order. Empty for an ordinal out of range.
    public func downloads(ofCandidate ordinal: UInt32) -> [(account: UInt32, time: Int64)] {
        var out: [(account: UInt32, time: Int64)] = []
        forEachDownload(ofCandidate: ordinal) { out.append((account: $0, time: $1)) }
        return out
    }

    /// Number of distinct accounts that downloaded candidate `ordinal` (at any time).
    public func downloadCount(ofCandidate ordinal: UInt32) -> Int {
        guard Int(ordinal) < candidateCount else { return 0 }
        return offset(layout.candOffsets, Int(ordinal) + 1) - offset(layout.candOffsets, Int(ordinal))
    }

    /// Calls `body(account, time)` for each download of candidate `ordinal` without allocating:
    /// the hot path of attribution. Entries with an out-of-range account (a damaged file) are skipped.
    @inline(__always)
    public func forEachDownload(ofCandidate ordinal: UInt32, _ body: (UInt32, Int64) -> Void) {
        guard Int(ordinal) < candidateCount else { return }
        let lo = offset(layout.candOffsets, Int(ordinal)), hi = offset(layout.candOffsets, Int(ordinal) + 1)
        let accounts = UInt32(truncatingIfNeeded: accountCount)
        for i in lo..<hi {
            let a = entryAccount(i)
            if a < accounts { body(a, time(layout.candTimes, i)) }
        }
    }

    /// The earliest time account `account` downloaded candidate `ordinal`, or nil if it never did.
    /// O(log row length) (rows are sorted by account).
    public func downloadTime(account: UInt32, candidate ordinal: UInt32) -> Int64? {
        guard Int(ordinal) < candidateCount else { return nil }
        var lo = offset(layout.candOffsets, Int(ordinal)), hi = offset(layout.candOffsets, Int(ordinal) + 1)
        while lo < hi {
            let mid = (lo + hi) / 2
            let a = entryAccount(mid)
            if a == account { return time(layout.candTimes, mid) }
            if a < account { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Distinct candidates account `account` downloaded strictly before `before` (epoch seconds):
    /// one binary search over the account's sorted first-download times. 0 for an unknown account.
    public func downloadCount(account: UInt32, before: Int64) -> Int {
        guard Int(account) < accountCount else { return 0 }
        var lo = offset(layout.acctOffsets, Int(account)), hi = offset(layout.acctOffsets, Int(account) + 1)
        while lo < hi {
            let mid = (lo + hi) / 2
            if time(layout.acctTimes, mid) < before { lo = mid + 1 } else { hi = mid }
        }
        return lo - offset(layout.acctOffsets, Int(account))
    }

    /// Distinct candidates account `account` downloaded at any time.
    public func downloadCount(account: UInt32) -> Int {
        guard Int(account) < accountCount else { return 0 }
        return offset(layout.acctOffsets, Int(account) + 1) - offset(layout.acctOffsets, Int(account))
    }

    /// Checks every entry: account ordinals in range, candidate rows strictly ascending by account,
    /// account rows ascending in time, the two sides holding the same number of pairs per account,
    /// and account ids strictly ascending. O(file size).
    /// - Throws: `AttributeError.corrupt` naming the first inconsistency.
    public func verify() throws(AttributeError) {
        var perAccount = [Int](repeating: 0, count: accountCount)
        for c in 0..<candidateCount {
            let lo = offset(layout.candOffsets, c), hi = offset(layout.candOffsets, c + 1)
            var previous: Int64 = -1
            for i in lo..<hi {
                let a = Int(entryAccount(i))
                guard a < accountCount else { throw .corrupt(path, reason: "candidate row \(c) names account \(a) of \(accountCount)") }
                guard a > previous else { throw .corrupt(path, reason: "candidate row \(c) is not sorted by account") }
                previous = Int64(a)
                perAccount[a] += 1
            }
        }
        for a in 0..<accountCount {
            let lo = offset(layout.acctOffsets, a), hi = offset(layout.acctOffsets, a + 1)
            guard hi - lo == perAccount[a] else { throw .corrupt(path, reason: "account \(a) row length disagrees with candidate rows") }
            for i in lo..<max(lo, hi - 1) where time(layout.acctTimes, i) > time(layout.acctTimes, i + 1) {
                throw .corrupt(path, reason: "account \(a) times are not sorted")
            }
            if a > 0, !idBytes(a - 1).lexicographicallyPrecedes(idBytes(a)) {
                throw .corrupt(path, reason: "account ids are not sorted at \(a)")
            }
        }
    }
}
