import Foundation

/// stdout for results, stderr for logs and errors.
enum Console {
    /// Writes `text` to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one `leakscan: message` line to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("leakscan: \(message)\n".utf8))
    }

    /// Writes a note line to stderr.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Whether stdout is a terminal (tables for people, JSON Lines for pipes).
    static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }
}
