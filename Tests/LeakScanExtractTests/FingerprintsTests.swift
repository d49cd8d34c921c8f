import Foundation
import Testing
import LeakScanCore
@testable import LeakScanExtract

/// Loading and validating `Fingerprints/`.
@Suite struct FingerprintsTests {
    @Test func repositoryFilesLoad() throws {
        let fp = try Fingerprints.load(directory: repoFingerprints)
        #expect(fp.version == "2026.11.1")
        #expect(fp.labels.entries.contains { $0.role == .name && $0.bytes == Array("姓名".utf8) })
        #expect(fp.mobile.valid[138] && fp.mobile.valid[199] && !fp.mobile.valid[154] && !fp.mobile.valid[120])
        #expect(fp.surnames.compound.count >= 3)
        #expect(fp.market.words.count > 10)
    }

    /// Copies the repository files to a temp directory, applies `edit` to one file, loads.
    func loadEdited(_ file: String, _ edit: (String) -> String) throws -> (FingerprintError?, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in Fingerprints.fileNames {
            var text = try String(contentsOfFile: repoFingerprints + "/" + name, encoding: .utf8)
            if name == file { text = edit(text) }
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        do {
            _ = try Fingerprints.load(directory: dir)
            return (nil, dir)
        } catch {
            return (error, dir)
        }
    }

    /// The 1-based line of the first line containing `needle` in `text`.
    func lineOf(_ needle: String, in text: String) -> Int {
        let lines = text.components(separatedBy: "\n")
        return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        var label: String
        var file: String
        var find: String
        var replace: String
        /// A substring of the line the error must point at (in the edited file).
        var lineMarker: String
        var message: String
        var testDescription: String { label }
    }

    static let broken: [Broken] = [
        Broken(label: "unknown key", file: "labels.toml", find: "email_domain = \"qq.com\"",
               replace: "email_domain = \"qq.com\"\nemial = 1", lineMarker: "emial = 1", message: "unknown key 'emial'"),
        Broken(label: "wrong type", file: "market.toml", find: "\"简历\" = 0.6", replace: "\"简历\" = \"high\"",
               lineMarker: "\"简历\" = \"high\"", message: "must be a number"),
        Broken(label: "zero weight", file: "market.toml", find: "\"简历\" = 0.6", replace: "\"简历\" = 0",
               lineMarker: "\"简历\" = 0", message: "non-zero"),
        Broken(label: "empty label list", file: "labels.toml",
               find: "labels = [\"QQ\", \"QQ号\", \"QQ号码\", \"扣扣\", \"企鹅号\"]", replace: "labels = []",
               lineMarker: "labels = []", message: "at least one label"),
        Broken(label: "empty label inside a multi-line array", file: "labels.toml",
               find: "\"Name\", \"Full Name\"", replace: "\"Name\", \"\"", lineMarker: "\"Name\", \"\"", message: "empty label"),
        Broken(label: "duplicate label across fields", file: "labels.toml",
               find: "\"Mobile\", \"Mobile Phone\"", replace: "\"Mobile\", \"姓名\"", lineMarker: "\"Mobile\", \"姓名\"",
               message: "already listed under [name]"),
        Broken(label: "malformed prefix", file: "mobile_prefixes.toml", find: "\"162\", \"165-167\"",
               replace: "\"162\", \"1x5\"", lineMarker: "\"1x5\"", message: "prefix '1x5'"),
        Broken(label: "prefix outside 13-19", file: "mobile_prefixes.toml", find: "\"162\", \"165-167\"",
               replace: "\"162\", \"120\"", lineMarker: "\"120\"", message: "prefix '120'"),
        Broken(label: "reversed range", file: "mobile_prefixes.toml", find: "\"170-178\"",
               replace: "\"178-170\"", lineMarker: "\"178-170\"", message: "reversed"),
        Broken(label: "non-CJK surname", file: "surnames.toml", find: "  \"佘池查麻苑迟邝封\",",
               replace: "  \"佘池查麻苑迟邝封X\",", lineMarker: "邝封X", message: "'X' in single is not a CJK character"),
        Broken(label: "syntax error", file: "surnames.toml", find: "compound = [", replace: "compound == [",
               lineMarker: "compound == [", message: "invalid value"),
        Broken(label: "missing version", file: "market.toml", find: "version = \"2026.11.1\"", replace: "",
               lineMarker: "", message: "missing required key 'version'"),
        Broken(label: "differing version", file: "surnames.toml", find: "version = \"2026.11.1\"",
               replace: "version = \"2026.12.0\"", lineMarker: "version = \"2026.12.0\"", message: "differs"),
        Broken(label: "bad mail domain", file: "labels.toml", find: "\"qq.com\", \"vip.qq.com\"",
               replace: "\"qq.com\", \"VIP.QQ\"", lineMarker: "\"VIP.QQ\"", message: "not a lowercase domain"),
    ]

    @Test(arguments: broken)
    func validationErrorNamesFileAndLine(_ b: Broken) throws {
        var edited = ""
        let (error, dir) = try loadEdited(b.file) { text in
            #expect(text.contains(b.find), "fixture no longer contains \(b.find)")
            edited = text.replacingOccurrences(of: b.find, with: b.replace)
            return edited
        }
        let e = try #require(error)
        let path = dir + "/" + b.file
        #expect(e.file == path)
        let expectedLine = b.lineMarker.isEmpty ? 1 : lineOf(b.lineMarker, in: edited)
        #expect(e.line == expectedLine, "\(e)")
        #expect(e.description.hasPrefix("\(path):\(expectedLine): "), "\(e)")
        #expect(e.description.contains(b.message), "\(e)")
    }

    @Test func missingDirectoryAndFile() throws {
        #expect(throws: FingerprintError.missingDirectory("/nonexistent/fp")) {
            try Fingerprints.load(directory: "/nonexistent/fp")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: repoFingerprints + "/labels.toml", toPath: dir + "/labels.toml")
        #expect(throws: FingerprintError.missingFile(dir + "/market.toml")) {
            try Fingerprints.load(directory: dir)
        }
    }

    @Test func newPrefixIsADataChange() throws {
        #expect(extract("15400138000").tuples.isEmpty)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in Fingerprints.fileNames {
            var text = try String(contentsOfFile: repoFingerprints + "/" + name, encoding: .utf8)
            if name == "mobile_prefixes.toml" { text = text.replacingOccurrences(of: "\"150-153\"", with: "\"150-154\"") }
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        let x = Extractor(fingerprints: try Fingerprints.load(directory: dir))
        #expect(x.extract(text: "15400138000", isHTML: false).tuples.map(\.phone) == ["15400138000"])
    }
}
