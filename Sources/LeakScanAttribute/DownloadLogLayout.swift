/// Byte layout of a download log file (see `DownloadLog` for the documented format).
///
/// Every section starts on an 8-byte boundary so that, with a page-aligned mmap, all loads are
/// aligned. Offsets are derived from the header counts, so the expected file size is known
/// before any section is read: a truncated file is detected by its size alone.
struct DownloadLogLayout: Equatable {
    static let magic: [UInt8] = Array("LSDLOG\r\n".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64

    var candidateCount: Int
    var accountCount: Int
    var entryCount: Int
    var idBytes: Int
    /// 4 (UInt32 seconds after `baseTime`) or 8 (Int64 seconds after `baseTime`).
    var timeWidth: Int

    static func align8(_ x: Int) -> Int { (x + 7) & ~7 }

    var candOffsets: Int { Self.headerSize }
    var candAccounts: Int { candOffsets + (candidateCount + 1) * 8 }
    var candTimes: Int { Self.align8(candAccounts + entryCount * 4) }
    var acctOffsets: Int { Self.align8(candTimes + entryCount * timeWidth) }
    var acctTimes: Int { acctOffsets + (accountCount + 1) * 8 }
    var idOffsets: Int { Self.align8(acctTimes + entryCount * timeWidth) }
    var idBlob: Int { idOffsets + (accountCount + 1) * 8 }
    var totalSize: Int { idBlob + idBytes }
}
