import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LoopbackHTTPServer {
    /// Serves requests on one connection until it closes, an error occurs, or the server stops.
    func serve(_ fd: Int32) {
        var buffer: [UInt8] = []
        while !isStopped {
            guard let (head, version, consumed) = readHead(fd, &buffer) else { return }
            buffer.removeFirst(consumed)
            countRequest()
            if let length = head.headers["content-length"].flatMap(Int.init), length > 0 {
                guard discard(fd, &buffer, length) else { return }
            }
            let response = handler?(head) ?? files(head) ?? HTTPResponse.text("not found\n", status: 404)
            if response.delay > 0 && !sleep(response.delay) { return }
            if response.closeWithoutResponse { return }
            if response.resetConnection {
                var option = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
                return
            }
            if response.hang { hold(fd); return }
            let connection = head.headers["connection"]?.lowercased()
            var keepAlive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive"
            if response.header("connection")?.lowercased() == "close" { keepAlive = false }
            guard write(fd, response, head: head, keepAlive: keepAlive) else { return }
            if response.endlessBody || !keepAlive { return }
        }
    }

    /// Waits until the client closes, the server stops, or the hang limit passes.
    private func hold(_ fd: Int32) {
        let end = Date().addingTimeInterval(Self.hangLimit)
        var scratch = [UInt8](repeating: 0, count: 4096)
        while Date() < end && !isStopped {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 100) > 0 {
                if recv(fd, &scratch, scratch.count, 0) <= 0 { return }
            }
        }
    }

    /// Reads until a full request head is buffered; returns it, the HTTP version and its length.
    private func readHead(_ fd: Int32, _ buffer: inout [UInt8]) -> (HTTPRequestHead, String, Int)? {
        let idleEnd = Date().addingTimeInterval(Self.idleTimeout)
        while true {
            if let end = headEnd(buffer) {
                guard let (head, version) = parseHead(Array(buffer[0..<end])) else { return nil }
                return (head, version, end + 4)
            }
            guard buffer.count < 64 << 10, Date() < idleEnd, !isStopped else { return nil }
            guard let chunk = receive(fd) else { return nil }
            if !chunk.isEmpty { buffer.append(contentsOf: chunk) }
        }
    }

    /// One `recv` after at most 100 ms of waiting: nil on close or error, empty when nothing came.
    private func receive(_ fd: Int32) -> [UInt8]? {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, 100)
        if ready == 0 { return [] }
        if ready < 0 { return errno == EINTR ? [] : nil }
        var chunk = [UInt8](repeating: 0, count: 16 << 10)
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { return nil }
        return Array(chunk[0..<n])
    }

    private func discard(_ fd: Int32, _ buffer: inout [UInt8], _ length: Int) -> Bool {
        var left = length
        while true {
            let take = min(left, buffer.count)
            buffer.removeFirst(take)
            left -= take
            if left == 0 { return true }
            guard !isStopped, let chunk = receive(fd) else { return false }
            buffer.append(contentsOf: chunk)
        }
    }

    private func headEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func parseHead(_ bytes: [UInt8]) -> (HTTPRequestHead, String)? {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (HTTPRequestHead(method: String(parts[0]), path: String(parts[1]), headers: headers), String(parts[2]))
    }

    /// Sends the response; false when the connection broke.
    private func write(_ fd: Int32, _ response: HTTPResponse, head: HTTPRequestHead, keepAlive: Bool) -> Bool {
        var text = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for (name, value) in response.headers { text += "\(name): \(value)\r\n" }
        let noBody = response.status == 204 || response.status == 304 || (100..<200).contains(response.status)
        if response.endlessBody {
            text += "Transfer-Encoding: chunked\r\n"
        } else if response.header("content-length") == nil && response.header("transfer-encoding") == nil && !noBody {
            text += "Content-Length: \(response.body.count)\r\n"
        }
        if response.header("connection") == nil { text += keepAlive && !response.endlessBody ? "Connection: keep-alive\r\n" : "Connection: close\r\n" }
        text += "\r\n"
        guard sendAll(fd, Array(text.utf8)) else { return false }
        if head.method == "HEAD" || noBody { return true }
        guard response.endlessBody else { return sendAll(fd, response.body) }
        let unit = response.body.isEmpty ? Array("synthetic filler line 0123456789\n".utf8) : response.body
        var payload: [UInt8] = []
        while payload.count < 64 << 10 { payload.append(contentsOf: unit) }
        let chunk = Array((String(payload.count, radix: 16) + "\r\n").utf8) + payload + [13, 10]
        var sent = 0
        while sent < Self.endlessBodyLimit && !isStopped {
            guard sendAll(fd, chunk) else { return false }
            sent += payload.count
        }
        return sendAll(fd, Array("0\r\n\r\n".utf8))
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
