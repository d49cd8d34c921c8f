/// A TOML table: keys in document order, each value with its line, and typed accessors whose
/// errors name the file and line of the offending value.
public struct TOMLTable: Sendable {
    /// The file the table was read from (for error messages).
    public let file: String
    /// The line of the table header (`[name]`), or 1 for the root table.
    public let line: Int
    /// Keys in the order they were written.
    public private(set) var keys: [String] = []
    private var entries: [String: (value: TOMLValue, line: Int)] = [:]

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// The raw value of `key`, if present.
    public subscript(key: String) -> TOMLValue? { entries[key]?.value }

    /// The line `key` was written on, or the table's line when absent.
    public func line(of key: String) -> Int { entries[key]?.line ?? line }

    /// Sets `key`, throwing if it is already defined.
    mutating func set(_ key: String, _ value: TOMLValue, line: Int) throws(TOMLError) {
        if entries[key] != nil {
            throw TOMLError(file: file, line: line, message: "duplicate key '\(key)'")
        }
        keys.append(key)
        entries[key] = (value, line)
    }

    /// Replaces or inserts `key` (used for nested tables while parsing).
    mutating func replace(_ key: String, _ value: TOMLValue, line: Int) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = (value, entries[key]?.line ?? line)
    }

    /// An error located at `key` (or at the table when the key is absent).
    public func error(_ key: String, _ message: String) -> TOMLError {
        TOMLError(file: file, line: line(of: key), message: message)
    }

    private func mismatch(_ key: String, _ expected: String) -> TOMLError {
        error(key, "'\(key)' must be \(expected), found \(entries[key]!.value.typeName)")
    }

    /// The string at `key`; nil when absent.
    public func string(_ key: String) throws(TOMLError) -> String? {
        guard let v = self[key] else { return nil }
        guard case .string(let s) = v else { throw mismatch(key, "a string") }
        return s
    }

    /// The string at `key`, which must be present.
    public func requiredString(_ key: String) throws(TOMLError) -> String {
        guard let s = try string(key) else { throw error(key, "missing required key '\(key)'") }
        return s
    }

    /// The integer at `key`; nil when absent.
    public func integer(_ key: String) throws(TOMLError) -> Int? {
        guard let v = self[key] else { return nil }
        guard case .integer(let i) = v else { throw mismatch(key, "an integer") }
        return i
    }

    /// The number (integer or float) at `key`; nil when absent.
    public func double(_ key: String) throws(TOMLError) -> Double? {
        guard let v = self[key] else { return nil }
        switch v {
        case .integer(let i): return Double(i)
        case .float(let d): return d
        default: throw mismatch(key, "a number")
        }
    }

    /// The boolean at `key`; nil when absent.
    public func bool(_ key: String) throws(TOMLError) -> Bool? {
        guard let v = self[key] else { return nil }
        guard case .bool(let b) = v else { throw mismatch(key, "true or false") }
        return b
    }

    /// The array of strings at `key` (a single string is accepted as a one-element array).
    public func strings(_ key: String) throws(TOMLError) -> [String]? {
        guard let v = self[key] else { return nil }
        switch v {
        case .string(let s): return [s]
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw mismatch(key, "an array of strings") }
                out.append(s)
            }
            return out
        default: throw mismatch(key, "an array of strings")
        }
    }

    /// The sub-table at `key`; nil when absent.
    public func table(_ key: String) throws(TOMLError) -> TOMLTable? {
        guard let v = self[key] else { return nil }
        guard case .table(let t) = v else { throw mismatch(key, "a table") }
        return t
    }

    /// The array of tables (`[[key]]`) at `key`; empty when absent.
    public func tables(_ key: String) throws(TOMLError) -> [TOMLTable] {
        guard let v = self[key] else { return [] }
        guard case .tableArray(let t) = v else { throw mismatch(key, "an array of tables ([[\(key)]])") }
        return t
    }

    /// Throws for the first key not in `allowed`, so typos in config files are caught.
    public func rejectUnknownKeys(_ allowed: Set<String>) throws(TOMLError) {
        for key in keys where !allowed.contains(key) {
            throw error(key, "unknown key '\(key)' (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
