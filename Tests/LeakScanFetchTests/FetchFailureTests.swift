import LeakScanFetch
import Testing

@Suite("FetchFailure")
struct FetchFailureTests {
    @Test(arguments: [
        (FetchFailure.timeout, true), (.httpStatus(403), true), (.httpStatus(429), true), (.httpStatus(500), true),
        (.httpStatus(503), true), (.connect("reset"), true), (.httpStatus(401), true), (.httpStatus(407), true),
        (.httpStatus(502), true), (.httpStatus(400), false), (.httpStatus(404), false), (.httpStatus(410), false),
        (.dns("no such host"), false), (.tls("bad cert"), false), (.tooLarge(limit: 10), false),
        (.blockedAddress("10.0.0.1"), false), (.unsupportedProtocol("file"), false), (.tooManyRedirects, false),
        (.other(code: 3, message: "bad url"), false),
    ])
    func indeterminate(_ failure: FetchFailure, _ expected: Bool) {
        #expect(failure.isIndeterminate == expected)
        // The report shows this text as the page's reason: indeterminate pages must say so.
        #expect(failure.description.contains("indeterminate") == expected, "\(failure.description)")
        #expect(!failure.description.isEmpty)
        #expect(!failure.description.contains("\n"))
    }

    @Test func descriptions() {
        #expect(FetchFailure.httpStatus(503).description == "HTTP 503 (server error; indeterminate)")
        #expect(FetchFailure.tooLarge(limit: 1024).description.contains("1024"))
        #expect(FetchFailure.blockedAddress("169.254.169.254").description.contains("169.254.169.254"))
        #expect(FetchFailure.other(code: 0, message: "x: no such file or directory").description == "x: no such file or directory")
    }
}
