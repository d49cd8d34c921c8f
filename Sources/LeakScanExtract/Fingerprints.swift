import Foundation
import LeakScanCore

/// Declarative extraction knowledge loaded from `Fingerprints/*.toml` at start-up (not compiled in).
///
/// Files (all required, all carrying the same `version`):
/// - `labels.toml`: label synonyms per field (`name`, `phone`, `email`, `qq`), labels whose digits
///   are never personal data (`ignore`), post-date labels, and the mail domains for which `#` and
///   ` at ` are read as `@`.
/// - `market.toml`: weighted words of sale posts and the score formula.
/// - `mobile_prefixes.toml`: China mobile ranges (first three digits) and the country code.
/// - `surnames.toml`: single and compound surnames, and words that are never names.
///
/// Thread-safety: an immutable value, safe to share between tasks.
public struct Fingerprints: Sendable {
    /// The file names `load(directory:)` reads.
    public static let fileNames = ["labels.toml", "market.toml", "mobile_prefixes.toml", "surnames.toml"]

    /// The set version shared by every file, e.g. `2026.11.1`.
    public var version: String
    /// The directory the files were read from.
    public var directory: String

    var labels: LabelSet
    var market: MarketSignals
    var mobile: MobilePrefixes
    var surnames: Surnames

    /// Loads and validates every fingerprint file in `directory`.
    ///
    /// - Parameter directory: a directory holding `labels.toml`, `market.toml`,
    ///   `mobile_prefixes.toml` and `surnames.toml`.
    /// - Throws: `FingerprintError.missingDirectory` / `.missingFile` when something is absent;
    ///   `.invalid` with `path:line: message` for syntax errors, unknown keys, wrong types, empty
    ///   label lists, malformed prefixes and differing versions.
    public static func load(directory: String) throws(FingerprintError) -> Fingerprints {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .missingDirectory(directory)
        }
        var docs: [FingerprintDocument] = []
        for name in fileNames {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
            do throws(TOMLError) {
                docs.append(try FingerprintDocument(path: path))
            } catch {
                throw .invalid(error)
            }
        }
        do throws(TOMLError) {
            var version: String?
            for doc in docs {
                let v = try doc.version()
                if let first = version, first != v {
                    throw doc.table.error("version", "version '\(v)' differs from labels.toml's '\(first)' (all fingerprint files carry one set version; bump them together)")
                }
                version = v
            }
            return Fingerprints(
                version: version ?? "",
                directory: directory,
                labels: try LabelSet(docs[0]),
                market: try MarketSignals(docs[1]),
                mobile: try MobilePrefixes(docs[2]),
                surnames: try Surnames(docs[3]))
        } catch {
            throw .invalid(error)
        }
    }

    /// Finds the default `Fingerprints/` directory, or nil.
    ///
    /// Looks, in order, at `$LEAKSCAN_FINGERPRINTS`, `./Fingerprints`, and `Fingerprints/` or
    /// `share/leakscan/Fingerprints/` next to the running executable and up to five parent
    /// directories of it (so `.build/debug/leakscan` finds the repository's copy).
    public static func defaultDirectory() -> String? {
        let fm = FileManager.default
        func ok(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("labels.toml")) }
        if let env = ProcessInfo.processInfo.environment["LEAKSCAN_FINGERPRINTS"], !env.isEmpty { return env }
        let cwd = (fm.currentDirectoryPath as NSString).appendingPathComponent("Fingerprints")
        if ok(cwd) { return cwd }
        var dir = (Bundle.main.executablePath.map { ($0 as NSString).resolvingSymlinksInPath } ?? CommandLine.arguments[0]) as NSString
        for _ in 0..<6 {
            dir = dir.deletingLastPathComponent as NSString
            for sub in ["Fingerprints", "share/leakscan/Fingerprints"] {
                let candidate = dir.appendingPathComponent(sub)
                if ok(candidate) { return candidate }
            }
            if dir.length <= 1 { break }
        }
        return nil
    }
}

/// One parsed fingerprint file: its table plus its text, so errors about array items can name
/// the item's own line.
struct FingerprintDocument {
    let path: String
    let table: TOMLTable
    private let lines: [Substring]

    init(path: String) throws(TOMLError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TOMLError(file: path, line: 0, message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TOMLError(file: path, line: 0, message: "file is not valid UTF-8")
        }
        self.path = path
        self.table = try TOMLParser.parse(text, file: path)
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The required, well-formed `version` key.
    func version() throws(TOMLError) -> String {
        let v = try table.requiredString("version")
        let allowed = v.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 46 || $0 == 45 }
        guard !v.isEmpty, allowed else {
            throw table.error("version", "version must be letters, digits, '.' and '-' (e.g. \"2026.11.1\")")
        }
        return v
    }

    /// An error about `item` of the array at `key` of `table`, located on the item's own line
    /// when it can be found (arrays may span lines), else on the key's line.
    func itemError(_ table: TOMLTable, _ key: String, item: String, _ message: String) -> TOMLError {
        let start = table.line(of: key)
        let needles = ["\"\(item)\"", "'\(item)'"]
        if start >= 1 {
            var i = start - 1
            while i < lines.count {
                if needles.contains(where: { lines[i].contains($0) }) {
                    return TOMLError(file: path, line: i + 1, message: message)
                }
                if i > start - 1, lines[i].contains("=") { break }
                i += 1
            }
        }
        return TOMLError(file: path, line: start, message: message)
    }

    /// A required sub-table.
    func requiredTable(_ key: String) throws(TOMLError) -> TOMLTable {
        guard let t = try table.table(key) else {
            throw TOMLError(file: path, line: table.line, message: "missing required table [\(key)]")
        }
        return t
    }

    /// A required, non-empty array of non-empty strings in `t`.
    func labelList(_ t: TOMLTable, _ key: String, what: String) throws(TOMLError) -> [String] {
        guard let list = try t.strings(key) else {
            throw TOMLError(file: path, line: t.line, message: "missing required key '\(key)' in this table")
        }
        guard !list.isEmpty else { throw t.error(key, "'\(key)' must list at least one \(what)") }
        for item in list {
            if item.trimmingCharacters(in: .whitespaces).isEmpty {
                throw itemError(t, key, item: item, "empty \(what) in '\(key)'")
            }
            if item != item.trimmingCharacters(in: .whitespaces) {
                throw itemError(t, key, item: item, "\(what) '\(item)' has leading or trailing spaces")
            }
        }
        return list
    }
}
