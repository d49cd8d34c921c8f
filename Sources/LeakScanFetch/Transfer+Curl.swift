import CCurl
import Foundation
import LeakScanCore
#if canImport(Glibc)
import Glibc
#endif

/// One attempt of one request: a libcurl easy handle and the state its C callbacks fill.
///
/// Thread safety: created, driven and destroyed on the multi loop's thread only; the callbacks
/// run on that thread too (inside `curl_multi_perform`). Never shared.
/// Data sensitivity: `body` holds page bytes; never log it.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    let job: Job
    let maxBytes: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    // Filled by the callbacks.
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var received = 0
    var hitByteLimit = false
    var blockedAddress: String?
    /// The first option that libcurl refused, if any (the transfer must then not run).
    private(set) var setupError: (option: String, code: CURLcode)?

    /// Creates and configures the easy handle; nil when libcurl cannot allocate one.
    init?(job: Job, options: FetchOptions) {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.job = job
        self.maxBytes = max(0, options.maxBytes)
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(options: options)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// libcurl's message for the last error (from the error buffer), or its generic text for `code`.
    func errorMessage(_ code: CURLcode) -> String {
        let text = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
    }

    /// The HTTP status of the last response (0 when none).
    var responseCode: Int {
        var code = 0
        _ = lsc_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The URL after redirects.
    var effectiveURL: String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard lsc_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &pointer) == CURLE_OK, let pointer else { return nil }
        return String(cString: pointer)
    }

    // MARK: configuration

    private func configure(options: FetchOptions) {
        let request = job.request
        let me = Unmanaged.passUnretained(self).toOpaque()
        func set(_ name: String, _ code: CURLcode) {
            if code != CURLE_OK && setupError == nil { setupError = (name, code) }
        }
        set("URL", lsc_easy_setopt_string(easy, CURLOPT_URL, request.url))
        set("ERRORBUFFER", lsc_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer))
        set("NOSIGNAL", lsc_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        set("PROTOCOLS_STR", lsc_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        set("REDIR_PROTOCOLS_STR", lsc_easy_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        set("FOLLOWLOCATION", lsc_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 1))
        set("MAXREDIRS", lsc_easy_setopt_long(easy, CURLOPT_MAXREDIRS, max(0, options.maxRedirects)))
        set("AUTOREFERER", lsc_easy_setopt_long(easy, CURLOPT_AUTOREFERER, 1))
        set("CONNECTTIMEOUT_MS", lsc_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.millis(options.connectTimeout)))
        set("TIMEOUT_MS", lsc_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.millis(options.totalTimeout)))
        set("LOW_SPEED_LIMIT", lsc_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, 1))
        set("LOW_SPEED_TIME", lsc_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME,
                                                   max(1, min(30, Int(options.totalTimeout.rounded(.up))))))
        // HTTP/2 over TLS when the server offers it (ALPN), HTTP/1.1 otherwise and for plain http.
        set("HTTP_VERSION", lsc_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)))
        // Wait for a connection being set up to the same host rather than opening another, so h2
        // streams share one connection (for HTTP/1.1 more connections are opened once it is known).
        set("PIPEWAIT", lsc_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1))
        set("ACCEPT_ENCODING", lsc_easy_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, ""))
        if maxBytes > 0 {   // 0 would mean "no limit" to libcurl; the write callback still enforces it
            set("MAXFILESIZE_LARGE", lsc_easy_setopt_off(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBytes)))
        }
        set("SSL_VERIFYPEER", lsc_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, request.verifyTLS ? 1 : 0))
        set("SSL_VERIFYHOST", lsc_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, request.verifyTLS ? 2 : 0))
        set("USERAGENT", lsc_easy_setopt_string(easy, CURLOPT_USERAGENT, options.userAgent))
        set("WRITEFUNCTION", lsc_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, transferWriteCallback))
        set("WRITEDATA", lsc_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, me))
        set("HEADERFUNCTION", lsc_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, transferHeaderCallback))
        set("HEADERDATA", lsc_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, me))
        if !options.allowPrivate && request.proxy == nil {
            set("OPENSOCKETFUNCTION", lsc_easy_setopt_opensocket_callback(easy, transferOpenSocketCallback))
            set("OPENSOCKETDATA", lsc_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, me))
        }
        if let proxy = request.proxy, !proxy.isEmpty {
            set("PROXY", lsc_easy_setopt_string(easy, CURLOPT_PROXY, proxy))
            set("SUPPRESS_CONNECT_HEADERS", lsc_easy_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
        }
        if let cookieFile = request.cookieFile, !cookieFile.isEmpty {
            set("COOKIEFILE", lsc_easy_setopt_string(easy, CURLOPT_COOKIEFILE, cookieFile))
        }
        var lines = request.headers.filter { !$0.contains("\r") && !$0.contains("\n") && $0.contains(":") }
        if let etag = request.etag, !etag.isEmpty, !etag.contains("\r"), !etag.contains("\n") {
            lines.append("If-None-Match: \(etag)")
        }
        if let lastModified = request.lastModified, !lastModified.isEmpty,
           !lastModified.contains("\r"), !lastModified.contains("\n") {
            lines.append("If-Modified-Since: \(lastModified)")
        }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        if let headerList { set("HTTPHEADER", lsc_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)) }
    }

    private static func millis(_ seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return max(1, Int((seconds * 1000).rounded()))
    }

    // MARK: callback bodies

    fileprivate func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        if received + bytes.count > maxBytes {
            hitByteLimit = true
            return 0   // aborts the transfer with CURLE_WRITE_ERROR
        }
        received += bytes.count
        body.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))   // contiguous: one memcpy
        return bytes.count
    }

    /// Parses one header line at the byte level (this runs for every header of every response).
    fileprivate func header(_ raw: UnsafeRawBufferPointer) {
        let line = raw.bindMemory(to: UInt8.self)
        var end = line.count
        while end > 0 && (line[end - 1] == 10 || line[end - 1] == 13) { end -= 1 }
        guard end > 0 else { return }
        if end >= 5 && line[0] == 72 && line[1] == 84 && line[2] == 84 && line[3] == 80 && line[4] == 47 {   // "HTTP/"
            // A new response (redirect hop, 1xx, proxy): only the last one's headers count.
            headers.removeAll(keepingCapacity: true)
            body.removeAll(keepingCapacity: true)
            received = 0
            return
        }
        guard let colon = line[0..<end].firstIndex(of: 58) else { return }
        func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 }
        var nameStart = 0, nameEnd = colon
        while nameStart < nameEnd && isBlank(line[nameStart]) { nameStart += 1 }
        while nameEnd > nameStart && isBlank(line[nameEnd - 1]) { nameEnd -= 1 }
        guard nameEnd > nameStart else { return }
        var valueStart = colon + 1, valueEnd = end
        while valueStart < valueEnd && isBlank(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart && isBlank(line[valueEnd - 1]) { valueEnd -= 1 }
        let name = String(unsafeUninitializedCapacity: nameEnd - nameStart) { buffer in
            for i in nameStart..<nameEnd {
                let b = line[i]
                buffer[i - nameStart] = b >= 65 && b <= 90 ? b | 0x20 : b
            }
            return nameEnd - nameStart
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
        headers[name] = value
        // Size the body once when the length is announced (not for compressed bodies, whose
        // decompressed size is unknown), so large pages do not grow by doubling.
        if name == "content-length", headers["content-encoding"] == nil, let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, maxBytes))
        }
    }

    fileprivate func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr) ?? 12
        let sa = (UnsafeRawPointer(address) + offset).assumingMemoryBound(to: sockaddr.self)
        if let blocked = AddressPolicy.blockedAddress(sa) {
            blockedAddress = blocked
            return -1   // CURL_SOCKET_BAD: libcurl reports CURLE_COULDNT_CONNECT
        }
        return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
    }
}

// Non-capturing C callbacks; the `Transfer` arrives as the user-data pointer.

private let transferWriteCallback: curl_write_callback = { data, size, count, user in
    guard let user, let data else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.write(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let transferHeaderCallback: curl_write_callback = { data, size, count, user in
    guard let user, let data else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private let transferOpenSocketCallback: curl_opensocket_callback = { user, _, address in
    guard let user, let address else { return -1 }
    let transfer = Unmanaged<Transfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.openSocket(address)
}
