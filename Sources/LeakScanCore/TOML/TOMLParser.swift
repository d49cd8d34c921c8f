import Foundation

/// A parser for the subset of TOML that LeakScan's config and fingerprint files use:
/// comments, `[table]` and `[[array.of.tables]]` headers with dotted names, `key = value` with
/// bare or quoted keys, basic and literal strings, integers, floats, booleans, and arrays
/// (which may span lines and hold a trailing comma). Inline tables and multi-line strings are
/// rejected with a clear message. Every error names the file and line.
///
/// A hand-written parser rather than a dependency: it keeps build minutes down and gives every
/// value a line number, so schema errors (not only syntax errors) can point at the right line.
public struct TOMLParser {
    private let file: String
    private let chars: [Unicode.Scalar]
    private var pos = 0
    private var line = 1

    /// Parses `text`; `file` is used in error messages only.
    public static func parse(_ text: String, file: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(file: file, chars: Array(text.unicodeScalars))
        return try parser.document()
    }

    /// Reads and parses the file at `path`.
    public static func parse(contentsOf path: String) throws(TOMLError) -> TOMLTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLError(file: path, line: 0, message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLError(file: path, line: 0, message: "file is not valid UTF-8")
        }
        return try parse(text, file: path)
    }

    private init(file: String, chars: [Unicode.Scalar]) {
        self.file = file
        self.chars = chars
    }

    private func fail(_ message: String) -> TOMLError {
        TOMLError(file: file, line: line, message: message)
    }

    private var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }

    private mutating func advance() {
        if chars[pos] == "\n" { line += 1 }
        pos += 1
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { pos += 1 }
    }

    /// Skips spaces, comments and newlines (inside arrays).
    private mutating func skipBlank() {
        while let c = current {
            if c == " " || c == "\t" || c == "\r" || c == "\n" { advance() }
            else if c == "#" { skipComment() }
            else { break }
        }
    }

    private mutating func skipComment() {
        while let c = current, c != "\n" { pos += 1 }
    }

    /// After a value or header: only spaces and a comment may follow on the line.
    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if current == "#" { skipComment() }
        if current == "\r" { pos += 1 }
        guard current == nil || current == "\n" else {
            throw fail("unexpected '\(current!)' after value (one key = value per line)")
        }
        if current == "\n" { advance() }
    }

    private mutating func document() throws(TOMLError) -> TOMLTable {
        var root = TOMLTable(file: file, line: 1)
        // The path of the table currently receiving keys, and whether it is the last
        // element of an array of tables.
        var path: [String] = []
        var defined: Set<[String]> = []
        while current != nil {
            skipBlank()
            guard let c = current else { break }
            if c == "[" {
                let headerLine = line
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipSpaces()
                let name = try dottedKey()
                skipSpaces()
                guard current == "]" else { throw fail("expected ']' to close the table header") }
                advance()
                if isArray {
                    guard current == "]" else { throw fail("expected ']]' to close the array-of-tables header") }
                    advance()
                }
                try endOfLine()
                if isArray {
                    try appendTable(&root, at: name, line: headerLine)
                } else {
                    if defined.contains(name) {
                        throw TOMLError(file: file, line: headerLine, message: "table [\(name.joined(separator: "."))] defined twice")
                    }
                    defined.insert(name)
                    try ensureTable(&root, at: name, line: headerLine)
                }
                path = name
            } else {
                let keyLine = line
                let key = try dottedKey()
                skipSpaces()
                guard current == "=" else { throw fail("expected '=' after key '\(key.joined(separator: "."))'") }
                advance()
                skipSpaces()
                let value = try parseValue()
                try endOfLine()
                try insert(&root, tablePath: path, key: key, value: value, line: keyLine)
            }
        }
        return root
    }

    private mutating func dottedKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            parts.append(try simpleKey())
            skipSpaces()
            if current == "." { pos += 1 } else { break }
        }
        return parts
    }

    private mutating func simpleKey() throws(TOMLError) -> String {
        guard let c = current else { throw fail("expected a key") }
        if c == "\"" { return try basicString() }
        if c == "'" { return try literalString() }
        var s = String.UnicodeScalarView()
        while let c = current, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
            s.append(c)
            pos += 1
        }
        guard !s.isEmpty else { throw fail("expected a key, found '\(c)'") }
        return String(s)
    }

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        guard let c = current else { throw fail("expected a value") }
        switch c {
        case "\"":
            if pos + 2 < chars.count, chars[pos + 1] == "\"", chars[pos + 2] == "\"" {
                throw fail("multi-line strings are not supported; use \\n in a basic string")
            }
            return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": throw fail("inline tables are not supported; use a [table] header")
        case "t", "f": return try boolean()
        default: return try number()
        }
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        advance() // [
        var items: [TOMLValue] = []
        while true {
            skipBlank()
            guard let c = current else { throw fail("unterminated array") }
            if c == "]" { advance(); break }
            items.append(try parseValue())
            skipBlank()
            if current == "," { advance(); continue }
            skipBlank()
            guard current != nil else { throw fail("unterminated array") }
            guard current == "]" else { throw fail("expected ',' or ']' in array") }
        }
        return .array(items)
    }

    private mutating func boolean() throws(TOMLError) -> TOMLValue {
        for (word, value) in [("true", true), ("false", false)] {
            let scalars = Array(word.unicodeScalars)
            if pos + scalars.count <= chars.count, Array(chars[pos..<pos + scalars.count]) == scalars {
                pos += scalars.count
                return .bool(value)
            }
        }
        throw fail("invalid value (strings need quotes)")
    }

    private mutating func number() throws(TOMLError) -> TOMLValue {
        var s = ""
        while let c = current, ("0"..."9").contains(c) || "+-._eE".unicodeScalars.contains(c) {
            if c != "_" { s.unicodeScalars.append(c) }
            pos += 1
        }
        if let i = Int(s) { return .integer(i) }
        if let d = Double(s), s.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .float(d) }
        throw fail(s.isEmpty ? "invalid value (strings need quotes)" : "invalid number '\(s)'")
    }

    private mutating func literalString() throws(TOMLError) -> String {
        pos += 1
        var s = String.UnicodeScalarView()
        while let c = current, c != "'" {
            if c == "\n" { throw fail("unterminated string") }
            s.append(c)
            pos += 1
        }
        guard current == "'" else { throw fail("unterminated string") }
        pos += 1
        return String(s)
    }

    private mutating func basicString() throws(TOMLError) -> String {
        pos += 1
        var s = String.UnicodeScalarView()
        while let c = current, c != "\"" {
            if c == "\n" { throw fail("unterminated string") }
            pos += 1
            guard c == "\\" else { s.append(c); continue }
            guard let e = current else { throw fail("unterminated string") }
            pos += 1
            switch e {
            case "n": s.append("\n")
            case "t": s.append("\t")
            case "r": s.append("\r")
            case "\\": s.append("\\")
            case "\"": s.append("\"")
            case "u", "U":
                let n = e == "u" ? 4 : 8
                guard pos + n <= chars.count,
                      let code = UInt32(String(String.UnicodeScalarView(chars[pos..<pos + n])), radix: 16),
                      let scalar = Unicode.Scalar(code) else { throw fail("invalid \\\(e) escape") }
                s.append(scalar)
                pos += n
            default: throw fail("invalid escape '\\\(e)'")
            }
        }
        guard current == "\"" else { throw fail("unterminated string") }
        pos += 1
        return String(s)
    }

    // MARK: - Building the tree

    private func ensureTable(_ table: inout TOMLTable, at path: [String], line: Int) throws(TOMLError) {
        guard let head = path.first else { return }
        var child: TOMLTable
        switch table[head] {
        case nil: child = TOMLTable(file: file, line: line)
        case .table(let t)?: child = t
        case .tableArray(var arr)?:
            guard var last = arr.popLast() else { throw TOMLError(file: file, line: line, message: "empty array of tables") }
            try ensureTable(&last, at: Array(path.dropFirst()), line: line)
            arr.append(last)
            table.replace(head, .tableArray(arr), line: line)
            return
        default:
            throw TOMLError(file: file, line: line, message: "'\(head)' is already a value, not a table")
        }
        try ensureTable(&child, at: Array(path.dropFirst()), line: line)
        table.replace(head, .table(child), line: line)
    }

    private func appendTable(_ table: inout TOMLTable, at path: [String], line: Int) throws(TOMLError) {
        let head = path[0]
        if path.count == 1 {
            switch table[head] {
            case nil: table.replace(head, .tableArray([TOMLTable(file: file, line: line)]), line: line)
            case .tableArray(var arr)?:
                arr.append(TOMLTable(file: file, line: line))
                table.replace(head, .tableArray(arr), line: line)
            default: throw TOMLError(file: file, line: line, message: "'\(head)' is already defined and is not an array of tables")
            }
            return
        }
        switch table[head] {
        case nil:
            var child = TOMLTable(file: file, line: line)
            try appendTable(&child, at: Array(path.dropFirst()), line: line)
            table.replace(head, .table(child), line: line)
        case .table(var child)?:
            try appendTable(&child, at: Array(path.dropFirst()), line: line)
            table.replace(head, .table(child), line: line)
        case .tableArray(var arr)?:
            var last = arr.removeLast()
            try appendTable(&last, at: Array(path.dropFirst()), line: line)
            arr.append(last)
            table.replace(head, .tableArray(arr), line: line)
        default: throw TOMLError(file: file, line: line, message: "'\(head)' is already a value, not a table")
        }
    }

    private func insert(_ table: inout TOMLTable, tablePath: [String], key: [String], value: TOMLValue, line: Int) throws(TOMLError) {
        if let head = tablePath.first {
            switch table[head] {
            case .table(var child)?:
                try insert(&child, tablePath: Array(tablePath.dropFirst()), key: key, value: value, line: line)
                table.replace(head, .table(child), line: line)
            case .tableArray(var arr)?:
                var last = arr.removeLast()
                try insert(&last, tablePath: Array(tablePath.dropFirst()), key: key, value: value, line: line)
                arr.append(last)
                table.replace(head, .tableArray(arr), line: line)
            default: throw TOMLError(file: file, line: line, message: "internal: table path missing")
            }
            return
        }
        if key.count == 1 {
            try table.set(key[0], value, line: line)
            return
        }
        var child: TOMLTable
        switch table[key[0]] {
        case nil: child = TOMLTable(file: file, line: line)
        case .table(let t)?: child = t
        default: throw TOMLError(file: file, line: line, message: "'\(key[0])' is already a value, not a table")
        }
        try insert(&child, tablePath: [], key: Array(key.dropFirst()), value: value, line: line)
        table.replace(key[0], .table(child), line: line)
    }
}
