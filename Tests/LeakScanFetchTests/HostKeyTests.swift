import Foundation
@testable import LeakScanFetch
import Testing

@Suite("Per-host key")
struct HostKeyTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/a/b?c=1", "127.0.0.1:8080"),
        ("https://BBS.Example.com/thread-1.html", "bbs.example.com:443"),
        ("HTTP://Example.com", "example.com:80"),
        ("http://example.com?x", "example.com:80"),
        ("https://example.com:8443#frag", "example.com:8443"),
    ])
    func fastPathMatchesURLComponents(url: String, expected: String) {
        #expect(Job.fastHostKey(url) == expected)
        let parts = URLComponents(string: url)
        let reference = "\(parts?.host?.lowercased() ?? ""):\(parts?.port ?? (url.lowercased().hasPrefix("https") ? 443 : 80))"
        #expect(reference == expected)
    }

    @Test(arguments: ["http://user@host/", "http://[::1]:80/", "ftp://host/", "http://", "http://:80/", "http://h:99999999/",
                      "http://h:/", "http://höst/"])
    func unusualURLsFallBack(url: String) {
        #expect(Job.fastHostKey(url) == nil)
    }

    @Test func ipv6AndUserInfoStillGetAKey() {
        #expect(Job.hostKey("http://[::1]:8080/x") == "[::1]:8080")
        #expect(Job.hostKey("http://user:pw@Host.example/x") == "host.example:80")
    }
}
