import Foundation
import Testing
@testable import LeakScanCore

@Suite struct CSVReaderTests {
    func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func quotedFieldsNewlinesBOMAndCRLF() throws {
        let text = "\u{FEFF}id,name,note\r\n1,\"Zhang, San\",\"two\nlines\"\r\n\r\n2,李四,\"say \"\"hi\"\"\"\n3,,\n"
        let path = try write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path)
        #expect(try reader.next() == ["id", "name", "note"])
        #expect(try reader.next() == ["1", "Zhang, San", "two\nlines"])
        #expect(reader.recordLine == 2)
        #expect(try reader.next() == ["2", "李四", "say \"hi\""])
        #expect(reader.recordLine == 5)
        #expect(try reader.next() == ["3", "", ""])
        #expect(try reader.next() == nil)
    }

    @Test func unterminatedQuoteNamesTheLine() throws {
        let path = try write(Array("a,b\n1,\"open\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path)
        _ = try reader.next()
        #expect(throws: CSVError.self) { _ = try reader.next() }
    }

    @Test func invalidUTF8IsAnError() throws {
        let path = try write([0x61, 0x2C, 0xFF, 0xFE, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path)
        do { _ = try reader.next(); Issue.record("expected invalid UTF-8 error") } catch {
            #expect(error.description == "\(path):1: invalid UTF-8")
        }
    }

    @Test func missingFile() {
        #expect(throws: CSVError.self) { _ = try CSVReader(path: "/nonexistent/x.csv") }
    }

    @Test func streamsAcrossChunkBoundaries() throws {
        var text = "id,value\n"
        for i in 0..<60_000 { text += "\(i),\"v,\(i)\"\n" }
        let path = try write(Array(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path)
        _ = try reader.next()
        var count = 0
        while let row = try reader.next() {
            #expect(row == ["\(count)", "v,\(count)"])
            count += 1
        }
        #expect(count == 60_000)
    }
}
