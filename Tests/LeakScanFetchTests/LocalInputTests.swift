import Foundation
import LeakScanCore
import LeakScanFetch
import Testing

@Suite("LocalInput")
struct LocalInputTests {
    @Test func readsDirectoryRecursivelySortedRegularFilesOnly() throws {
        let root = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/b/deep", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try "one".write(toFile: root + "/b/deep/1.txt", atomically: true, encoding: .utf8)
        try "two".write(toFile: root + "/a.html", atomically: true, encoding: .utf8)
        try "three".write(toFile: root + "/b/c.csv", atomically: true, encoding: .utf8)
        try "hidden".write(toFile: root + "/.hidden", atomically: true, encoding: .utf8)
        try "git".write(toFile: root + "/.git/config", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/a.html")
        let pages = try LocalInput.read(root)
        #expect(pages.map(\.url) == [root + "/a.html", root + "/b/c.csv", root + "/b/deep/1.txt"])
        #expect(pages.map { String(decoding: $0.body, as: UTF8.self) } == ["two", "three", "one"])
        #expect(pages.allSatisfy { $0.status == 0 && $0.finalURL == $0.url && $0.headers.isEmpty })
    }

    @Test func readsSingleFile() throws {
        let root = try makeTempDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bytes: [UInt8] = [0xD5, 0xC5, 0xC8, 0xFD]
        _ = FileManager.default.createFile(atPath: root + "/dump.txt", contents: Data(bytes))
        let pages = try LocalInput.read(root + "/dump.txt")
        #expect(pages.count == 1)
        #expect(pages[0].body == bytes)
        #expect(CharsetDecoder.decode(pages[0]).text == "张三")
    }

    @Test func missingPathNamesThePath() {
        #expect(throws: FetchFailure.other(code: 0, message: "/nonexistent/leakscan/x: no such file or directory")) {
            try LocalInput.read("/nonexistent/leakscan/x")
        }
    }
}
