import Foundation

/// An error reading a CSV input, naming the file and line.
public struct CSVError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A streaming RFC 4180 CSV reader: quoted fields, doubled quotes, commas and newlines inside
/// quotes, CRLF, a UTF-8 BOM. Reads the file in 1 MiB chunks, so memory stays flat whatever
/// the file size.
///
/// Not thread-safe: one reader per file per task.
public final class CSVReader {
    /// The file being read (for error messages).
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var index = 0
    private var eof = false
    /// The line the most recently returned record started on (1-based).
    public private(set) var recordLine = 0
    private var line = 1
    private var started = false

    /// Opens `path` for reading.
    /// - Throws: `CSVError` when the file cannot be opened.
    public init(path: String) throws(CSVError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CSVError(file: path, line: 0, message: "cannot open file (does it exist and is it readable?)")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    private func refill() -> Bool {
        if eof { return false }
        let chunk = handle.readData(ofLength: 1 << 20)
        if chunk.isEmpty { eof = true; return false }
        buffer.removeFirst(index)
        index = 0
        buffer.append(contentsOf: chunk)
        return true
    }

    @inline(__always) private func nextByte() -> UInt8? {
        if index >= buffer.count, !refill() { return nil }
        let b = buffer[index]
        index += 1
        return b
    }

    @inline(__always) private func peekByte() -> UInt8? {
        if index >= buffer.count, !refill() { return nil }
        return buffer[index]
    }

    /// The next record's fields, or nil at end of file. Blank lines are skipped.
    /// - Throws: `CSVError` for an unterminated quoted field or invalid UTF-8.
    public func next() throws(CSVError) -> [String]? {
        if !started {
            started = true
            if peekByte() == 0xEF {
                _ = nextByte()
                if peekByte() == 0xBB { _ = nextByte(); if peekByte() == 0xBF { _ = nextByte() } }
            }
        }
        while true {
            guard peekByte() != nil else { return nil }
            recordLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var quotedField = false
            var sawAny = false
            loop: while true {
                guard let b = nextByte() else {
                    if inQuotes { throw CSVError(file: path, line: recordLine, message: "unterminated quoted field") }
                    break loop
                }
                sawAny = true
                if inQuotes {
                    if b == UInt8(ascii: "\"") {
                        if peekByte() == UInt8(ascii: "\"") { _ = nextByte(); field.append(b) } else { inQuotes = false }
                    } else {
                        if b == UInt8(ascii: "\n") { line += 1 }
                        field.append(b)
                    }
                    continue
                }
                switch b {
                case UInt8(ascii: ","):
                    fields.append(try string(field))
                    field.removeAll(keepingCapacity: true)
                    quotedField = false
                case UInt8(ascii: "\""):
                    if field.isEmpty && !quotedField { inQuotes = true; quotedField = true } else { field.append(b) }
                case UInt8(ascii: "\n"):
                    line += 1
                    break loop
                case UInt8(ascii: "\r"):
                    if peekByte() == UInt8(ascii: "\n") { continue }
                    field.append(b)
                default:
                    field.append(b)
                }
            }
            fields.append(try string(field))
            if sawAny && fields.count == 1 && fields[0].isEmpty { continue }
            return fields
        }
    }

    private func string(_ bytes: [UInt8]) throws(CSVError) -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw CSVError(file: path, line: recordLine, message: "invalid UTF-8")
        }
        return s
    }
}
