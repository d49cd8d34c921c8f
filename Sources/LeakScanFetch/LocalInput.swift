import Foundation
import LeakScanCore

/// Reads analysts' local inputs as pages.
///
/// Data sensitivity: the pages hold the file contents; never log them.
public enum LocalInput {
    /// Reads a file, a directory or standard input.
    ///
    /// - Parameter path: a file (one page); a directory (every regular file below it, recursively,
    ///   sorted by path; hidden files and directories, whose names start with `.`, and symbolic
    ///   links are skipped); or `-` for standard input (one page whose `url` is `-`).
    /// - Returns: pages with `url` and `finalURL` equal to the path, `status` 0 and no headers.
    /// - Throws: `FetchFailure.other(code: 0, message:)` naming the path when it does not exist or
    ///   cannot be read.
    public static func read(_ path: String) throws(FetchFailure) -> [Page] {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return [Page(url: "-", body: [UInt8](data))]
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .other(code: 0, message: "\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [try readFile(path)] }
        var files: [String] = []
        try collect(directory: path, into: &files)
        return try files.sorted().map { path throws(FetchFailure) in try readFile(path) }
    }

    private static func collect(directory: String, into files: inout [String]) throws(FetchFailure) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .other(code: 0, message: "\(directory): cannot list directory (permission denied?)")
        }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names where !name.hasPrefix(".") {
            let full = base + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(full)
            case S_IFDIR: try collect(directory: full, into: &files)
            default: continue   // symlinks, sockets, devices
            }
        }
    }

    private static func readFile(_ path: String) throws(FetchFailure) -> Page {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .other(code: 0, message: "\(path): cannot read file (permission denied?)")
        }
        return Page(url: path, body: [UInt8](data))
    }
}
