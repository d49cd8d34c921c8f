import Foundation
import Testing
@testable import LeakScanMatch

@Suite("SecretKey")
struct SecretKeyTests {
    @Test("generate, write with mode 0600, load back with the same key id")
    func writeAndLoad() throws {
        let dir = TempDir()
        let key = SecretKey.generate()
        let path = dir.file("leakscan.key")
        try key.write(to: path)
        var st = stat()
        #expect(stat(path, &st) == 0)
        #expect(st.st_mode & 0o777 == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65 && text.hasSuffix("\n"))
        let loaded = try SecretKey.load(path: path)
        #expect(loaded.keyID == key.keyID)
        #expect(loaded.bytes == key.bytes)
        #expect(SecretKey.generate().keyID != key.keyID)
    }

    @Test("write refuses to overwrite an existing file")
    func refusesOverwrite() throws {
        let dir = TempDir()
        let path = dir.write("keep me\n", to: "existing.key")
        #expect(throws: MatchError.self) { try SecretKey.generate().write(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
    }

    @Test("a group- or world-readable key is refused with a chmod hint naming the path")
    func refusesOpenMode() throws {
        let dir = TempDir()
        let path = dir.file("open.key")
        try SecretKey.load(hex: TestWorld.testKeyHex).write(to: path)
        chmod(path, 0o644)
        do {
            _ = try SecretKey.load(path: path)
            Issue.record("loaded a 0644 key")
        } catch {
            guard case .keyFileTooOpen(let p, let mode) = error else { Issue.record("wrong error \(error)"); return }
            #expect(p == path && mode == 0o644)
            #expect(error.description.contains("chmod 600 \(path)"))
            #expect(!error.description.contains(TestWorld.testKeyHex))
        }
        chmod(path, 0o640)
        #expect(throws: MatchError.self) { try SecretKey.load(path: path) }
        chmod(path, 0o400)
        #expect(try SecretKey.load(path: path).keyID == TestWorld.testKey.keyID)
    }

    @Test("key id of the documented test key is stable (HMAC(master, \"leakscan key-id v1\")[0..<8])")
    func keyIDVector() throws {
        // python3: hmac.new(bytes(range(32)), b"leakscan key-id v1", hashlib.sha256).hexdigest()[:16]
        #expect(try SecretKey.load(hex: TestWorld.testKeyHex).keyID == "bb5f47be00502dc5")
        #expect(try SecretKey.load(hex: TestWorld.testKeyHex.uppercased() + "\n").keyID == "bb5f47be00502dc5")
    }

    @Test("malformed keys are refused without echoing the content",
          arguments: ["", "abc", String(repeating: "0", count: 63), String(repeating: "g", count: 64),
                      String(repeating: "0", count: 66), TestWorld.testKeyHex + "\n\n00"])
    func malformed(_ text: String) throws {
        #expect(throws: MatchError.self) { try SecretKey.load(hex: text) }
        let dir = TempDir()
        let path = dir.write(text, to: "bad.key")
        chmod(path, 0o600)
        do {
            _ = try SecretKey.load(path: path)
            Issue.record("loaded a malformed key")
        } catch {
            guard case .keyFileMalformed(let p) = error else { Issue.record("wrong error \(error)"); return }
            #expect(p == path)
            if !text.isEmpty { #expect(!error.description.contains(text)) }
        }
    }

    @Test("CRLF key files load; missing files are unreadable")
    func crlfAndMissing() throws {
        let dir = TempDir()
        let path = dir.write(TestWorld.testKeyHex + "\r\n", to: "crlf.key")
        chmod(path, 0o600)
        #expect(try SecretKey.load(path: path).keyID == "bb5f47be00502dc5")
        do {
            _ = try SecretKey.load(path: dir.file("nope.key"))
            Issue.record("loaded a missing key")
        } catch {
            guard case .keyFileUnreadable = error else { Issue.record("wrong error \(error)"); return }
        }
    }

    @Test("description, debugDescription and dump never show key bytes")
    func redacted() throws {
        let key = try SecretKey.load(hex: TestWorld.testKeyHex)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, key.debugDescription, "\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains("0102030405"))
            #expect(!text.contains("[0, 1, 2"))
            #expect(text.contains("bb5f47be00502dc5"))
        }
    }
}
