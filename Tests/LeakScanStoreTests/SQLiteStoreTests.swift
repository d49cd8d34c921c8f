import Foundation
import Testing
import LeakScanCore
@testable import LeakScanStore

@Suite struct SQLiteStoreTests {
    let dir: String

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func finding(_ candidate: String, url: String = "http://127.0.0.1/p1", verdict: Verdict = .confirmed) -> Finding {
        Finding(url: url, candidateID: candidate, verdict: verdict, matched: [.phone, .email], evidence: .fields,
                masked: ["phone": "138****8000"], contentHash: "h1", line: 3, layout: "table-row")
    }

    func summary(_ url: String = "http://127.0.0.1/p1") -> PageSummary {
        PageSummary(url: url, source: "s", status: .fetched, httpStatus: 200, records: 2, marketScore: 0.5, confirmed: 2)
    }

    @Test func migratesAFreshFileAndReopens() throws {
        let path = dir + "/state.sqlite"
        _ = try SQLiteStore(path: path)
        let again = try SQLiteStore(path: path)
        #expect(try again.appliedMigrations() == ["v1"])
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func findingIsNewUntilReported() throws {
        let store = try SQLiteStore(path: dir + "/s.sqlite")
        let run1 = try store.beginRun(kind: "scan", at: 100)
        let first = try store.recordExtractedPage(run: run1, summary: summary(), contentHash: "h1", etag: "\"e1\"",
                                                  lastModified: nil, findings: [finding("C1"), finding("C2")], at: 100)
        #expect(first.map(\.isNew) == [true, true])
        // Not yet reported (a run killed here): the findings are still new for the next run.
        #expect(Set(try store.unreportedFindings().map(\.candidateID)) == ["C1", "C2"])
        try store.markReported(first)
        #expect(try store.unreportedFindings().isEmpty)

        let run2 = try store.beginRun(kind: "scan", at: 200)
        let second = try store.recordExtractedPage(run: run2, summary: summary(), contentHash: "h2", etag: nil,
                                                   lastModified: nil, findings: [finding("C1"), finding("C3")], at: 200)
        #expect(second.map(\.isNew) == [false, true])
        #expect(try store.findings(run: run2).map(\.candidateID).sorted() == ["C1", "C3"])
        #expect(try store.findings().count == 3)
        #expect(try store.pageState(url: "http://127.0.0.1/p1")?.contentHash == "h2")
        #expect(try store.firstSeen(url: "http://127.0.0.1/p1") == 100)
    }

    @Test func confirmedVerdictIsNotDowngraded() throws {
        let store = try SQLiteStore(path: dir + "/v.sqlite")
        let run = try store.beginRun(kind: "scan", at: 1)
        _ = try store.recordExtractedPage(run: run, summary: summary(), contentHash: "h", etag: nil, lastModified: nil,
                                          findings: [finding("C1")], at: 1)
        _ = try store.recordExtractedPage(run: run, summary: summary(), contentHash: "h2", etag: nil, lastModified: nil,
                                          findings: [finding("C1", verdict: .singleField)], at: 2)
        #expect(try store.findings().first?.verdict == .confirmed)
    }

    @Test func pageVisitKeepsValidatorsAndRunsAreRecorded() throws {
        let store = try SQLiteStore(path: dir + "/p.sqlite")
        let run = try store.beginRun(kind: "scan", at: 10)
        _ = try store.recordExtractedPage(run: run, summary: summary(), contentHash: "h", etag: "\"e\"",
                                          lastModified: "Mon, 01 Jan 2024 00:00:00 GMT", findings: [], at: 10)
        try store.recordPageVisit(run: run, summary: PageSummary(url: "http://127.0.0.1/p1", source: "s", status: .notModified,
                                                                 httpStatus: 304), at: 20)
        let state = try #require(try store.pageState(url: "http://127.0.0.1/p1"))
        #expect(state.etag == "\"e\"" && state.contentHash == "h" && state.firstSeen == nil)
        try store.finishRun(run, status: "ok", at: 30, pages: 1, failedPages: 0, newFindings: 0, knownFindings: 0)
        let runs = try store.runs()
        #expect(runs.count == 1 && runs[0].status == "ok" && runs[0].finishedAt == 30)
        #expect(try store.pages(run: run).first?.status == .notModified)
    }

    @Test func attributionsRoundTrip() throws {
        let store = try SQLiteStore(path: dir + "/a.sqlite")
        let run = try store.beginRun(kind: "scan", at: 1)
        let rows = [
            AccountAttribution(scope: "u", rank: 1, accountID: "ACC-1", overlap: 1, downloads: 0, leaked: 40, log10P: 0,
                               log10PAdjusted: 0, definitive: true, basis: "canary"),
            AccountAttribution(scope: "u", rank: 2, accountID: "ACC-2", overlap: 38, downloads: 400, leaked: 40,
                               log10P: -60.5, log10PAdjusted: -58.3, definitive: false, basis: "statistics"),
        ]
        try store.recordAttributions(run: run, rows)
        try store.recordAttributions(run: run, rows)   // replaced, not duplicated
        #expect(try store.attributions(run: run) == rows)
        #expect(try store.attributions() == rows)
    }

    @Test func secondLockHolderIsRefused() throws {
        let path = dir + "/l.sqlite"
        var first: ScanLock? = try ScanLock(storePath: path)
        #expect(throws: StoreError.self) { _ = try ScanLock(storePath: path, wait: 0.2) }
        withExtendedLifetime(first) {}
        first = nil
        _ = try ScanLock(storePath: path)
    }

    @Test func unopenablePathIsAClearError() {
        do {
            _ = try SQLiteStore(path: "/proc/forbidden/state.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("/proc/forbidden/state.sqlite: cannot open state database"))
        }
    }
}
