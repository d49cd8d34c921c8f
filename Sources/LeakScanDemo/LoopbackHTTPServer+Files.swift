import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LoopbackHTTPServer {
    /// Answers GET/HEAD from `root`; nil when there is no root.
    func files(_ head: HTTPRequestHead) -> HTTPResponse? {
        guard let root else { return nil }
        guard head.method == "GET" || head.method == "HEAD" else {
            return HTTPResponse.text("method not allowed\n", status: 405)
        }
        guard let decoded = String(head.pathOnly).removingPercentEncoding, decoded.hasPrefix("/"),
              !decoded.split(separator: "/").contains(".."), !decoded.contains("\0") else {
            return HTTPResponse.text("bad path\n", status: 400)
        }
        var path = (root.hasSuffix("/") ? String(root.dropLast()) : root) + decoded
        var info = stat()
        guard stat(path, &info) == 0 else { return HTTPResponse.text("not found\n", status: 404) }
        if info.st_mode & S_IFMT == S_IFDIR {
            path += path.hasSuffix("/") ? "index.html" : "/index.html"
            guard stat(path, &info) == 0 else { return HTTPResponse.text("not found\n", status: 404) }
        }
        guard info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else {
            return HTTPResponse.text("not found\n", status: 404)
        }
        #if canImport(Glibc)
        let mtime = info.st_mtim
        #else
        let mtime = info.st_mtimespec
        #endif
        let etag = "\"\(String(info.st_size, radix: 16))-\(String(mtime.tv_sec, radix: 16))-\(String(mtime.tv_nsec, radix: 16))\""
        let lastModified = Self.httpDate(Int(mtime.tv_sec))
        var headers: [(String, String)] = [("Content-Type", contentType(path)), ("ETag", etag), ("Last-Modified", lastModified)]
        if let match = head.headers["if-none-match"] {
            if match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
                return HTTPResponse(status: 304, headers: [("ETag", etag), ("Last-Modified", lastModified)])
            }
        } else if head.headers["if-modified-since"] == lastModified {
            return HTTPResponse(status: 304, headers: [("ETag", etag), ("Last-Modified", lastModified)])
        }
        headers.append(("Cache-Control", "no-cache"))
        return HTTPResponse(status: 200, headers: headers, body: [UInt8](data))
    }

    private func contentType(_ path: String) -> String {
        if let sidecar = FileManager.default.contents(atPath: path + ".content-type") {
            let value = String(decoding: sidecar, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty && !value.contains("\r") && !value.contains("\n") { return value }
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "txt", "log": return "text/plain; charset=utf-8"
        case "csv": return "text/csv; charset=utf-8"
        case "json": return "application/json"
        case "gz": return "application/gzip"
        default: return "application/octet-stream"
        }
    }

    /// An IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + Int(parts.tm_year)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
