import Foundation
import Testing
import LeakScanCore
@testable import LeakScanAttribute

@Suite struct DownloadLogBuilderTests {
    static let csv = """
    account_id,candidate_id,downloaded_at
    acme,C000001,2024-05-02T10:00:00Z
    acme,C000001,2024-05-01T09:00:00Z
    beta,C000001,2024-05-03 12:00:00+08:00
    acme,C000002,2024-05-04
    gamma,X999,2024-05-04T00:00:00Z
    beta,C000003,not-a-time
    beta
    "quoted, acct",C000003,2024-06-01T00:00:00Z
    ,C000004,2024-06-01T00:00:00Z
    acme,C000001,2024-05-05T00:00:00Z

    """

    func t(_ s: String) -> Int64 { Timestamp.parse(s)! }

    @Test func roundTrip() throws {
        let dir = try TempDir()
        let csv = try dir.write("downloads.csv", Self.csv)
        let out = dir.file("downloads.bin")
        let stats = try DownloadLogBuilder.build(csv: csv, candidateCount: 5, candidateOrdinal: candidateOrdinal, out: out)
        #expect(stats.rows == 10)
        #expect(stats.skippedRows == 3)
        #expect(stats.unknownCandidates == 1)
        #expect(stats.accounts == 3)
        #expect(stats.pairs == 4)
        #expect(stats.duplicates == 2)
        #expect(stats.diagnostics.count == 3)
        #expect(stats.diagnostics[0].hasPrefix("\(csv):7: "))
        #expect(stats.diagnostics[1].hasPrefix("\(csv):8: "))
        #expect(stats.diagnostics[2].hasPrefix("\(csv):10: "))
        // Diagnostics never echo row values.
        #expect(!stats.diagnostics.joined().contains("not-a-time"))
        #expect(!stats.diagnostics.joined().contains("C000003"))

        let log = try DownloadLog.open(path: out)
        try log.verify()
        #expect(log.candidateCount == 5)
        #expect(log.accountCount == 3)
        #expect(log.entryCount == 4)
        #expect(log.byteCount == stats.bytes)
        #expect((0..<3).map { log.accountID(UInt32($0)) } == ["acme", "beta", "quoted, acct"])
        #expect(log.accountOrdinal("beta") == 1)
        #expect(log.accountOrdinal("quoted, acct") == 2)
        #expect(log.accountOrdinal("gamma") == nil)
        #expect(log.accountOrdinal("") == nil)

        // Deduplicated at the EARLIEST time; time zones honoured.
        let row = log.downloads(ofCandidate: 1)
        #expect(row.map(\.account) == [0, 1])
        #expect(row.map(\.time) == [t("2024-05-01T09:00:00Z"), t("2024-05-03T04:00:00Z")])
        #expect(log.downloads(ofCandidate: 0).isEmpty)
        #expect(log.downloads(ofCandidate: 3).map(\.account) == [2])
        #expect(log.downloads(ofCandidate: 4).isEmpty)
        #expect(log.downloads(ofCandidate: 99).isEmpty)
        #expect(log.downloadTime(account: 0, candidate: 1) == t("2024-05-01T09:00:00Z"))
        #expect(log.downloadTime(account: 2, candidate: 1) == nil)

        // Distinct candidates before T (strictly).
        #expect(log.downloadCount(account: 0, before: t("2024-05-04T00:00:00Z")) == 1)
        #expect(log.downloadCount(account: 0, before: t("2024-05-04T00:00:01Z")) == 2)
        #expect(log.downloadCount(account: 0, before: .max) == 2)
        #expect(log.downloadCount(account: 0, before: .min) == 0)
        #expect(log.downloadCount(account: 0, before: t("2024-05-01T09:00:00Z")) == 0)
        #expect(log.downloadCount(account: 1, before: .max) == 1)
        #expect(log.downloadCount(account: 7, before: .max) == 0)
        #expect(log.downloadCount(account: 0) == 2)
    }

    @Test func strictThrowsAtTheFirstMalformedRow() throws {
        let dir = try TempDir()
        let csv = try dir.write("downloads.csv", Self.csv)
        do {
            _ = try DownloadLogBuilder.build(csv: csv, candidateCount: 5, candidateOrdinal: candidateOrdinal,
                                             out: dir.file("downloads.bin"), strict: true)
            Issue.record("strict build accepted a malformed row")
        } catch {
            guard case .input(let e) = error else { Issue.record("unexpected \(error)"); return }
            #expect(e.file == csv)
            #expect(e.line == 7)
            #expect(error.description.contains("\(csv):7:"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("downloads.bin")))
    }

    @Test func columnsByNameAndWideTimes() throws {
        let dir = try TempDir()
        // Columns reordered, an extra column, times 200 years apart (stored as Int64).
        let csv = try dir.write("d.csv", """
        downloaded_at,extra,Candidate_ID,account_id\r
        1900-01-01T00:00:00Z,x,C000000,a1\r
        2100-12-31T23:59:59Z,y,C000000,a2\r
        2100-12-31T23:59:59Z,y,C000001,a1\r
        """)
        let out = dir.file("d.bin")
        let stats = try DownloadLogBuilder.build(csv: csv, candidateCount: 2, candidateOrdinal: candidateOrdinal, out: out, strict: true)
        #expect(stats.pairs == 3 && stats.accounts == 2)
        let log = try DownloadLog.open(path: out)
        try log.verify()
        #expect(log.downloads(ofCandidate: 0).map(\.time) == [t("1900-01-01T00:00:00Z"), t("2100-12-31T23:59:59Z")])
        #expect(log.downloadCount(account: 0, before: t("2000-01-01")) == 1)
        #expect(log.downloadCount(account: 0, before: .max) == 2)
    }

    @Test func headerOnlyGivesAnEmptyLog() throws {
        let dir = try TempDir()
        let csv = try dir.write("d.csv", "account_id,candidate_id,downloaded_at\n")
        let out = dir.file("d.bin")
        let stats = try DownloadLogBuilder.build(csv: csv, candidateCount: 3, candidateOrdinal: candidateOrdinal, out: out)
        #expect(stats.rows == 0 && stats.pairs == 0 && stats.accounts == 0)
        let log = try DownloadLog.open(path: out)
        try log.verify()
        #expect(log.accountCount == 0 && log.candidateCount == 3)
        #expect(log.downloads(ofCandidate: 2).isEmpty)
        let result = Attributor(log: log, population: 3).attribute(leaked: [0, 1, 2], before: .max, scope: "p")
        #expect(result.accounts.isEmpty && result.unexplained == 3 && result.testedAccounts == 0)
    }

    @Test(arguments: [
        ("", "empty file"),
        ("account_id,candidate_id\nacme,C000001\n", "downloaded_at"),
        ("account,candidate_id,downloaded_at\n", "account_id"),
    ])
    func badHeaders(text: String, mentions: String) throws {
        let dir = try TempDir()
        let csv = try dir.write("d.csv", text)
        do {
            _ = try DownloadLogBuilder.build(csv: csv, candidateCount: 3, candidateOrdinal: candidateOrdinal, out: dir.file("d.bin"))
            Issue.record("accepted a bad header")
        } catch {
            guard case .input(let e) = error else { Issue.record("unexpected \(error)"); return }
            #expect(e.file == csv && e.line == 1)
            #expect(e.message.contains(mentions))
        }
    }

    @Test func missingInputAndUnwritableOutput() throws {
        let dir = try TempDir()
        do {
            _ = try DownloadLogBuilder.build(csv: dir.file("nope.csv"), candidateCount: 1, candidateOrdinal: candidateOrdinal, out: dir.file("o.bin"))
            Issue.record("accepted a missing file")
        } catch {
            guard case .input = error else { Issue.record("unexpected \(error)"); return }
        }
        let csv = try dir.write("d.csv", "account_id,candidate_id,downloaded_at\na,C000000,2024-01-01\n")
        do {
            _ = try DownloadLogBuilder.build(csv: csv, candidateCount: 1, candidateOrdinal: candidateOrdinal, out: dir.file("no/such/dir/o.bin"))
            Issue.record("wrote into a missing directory")
        } catch {
            guard case .io(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.contains("no/such/dir"))
        }
    }

    @Test func ordinalsOutsideTheIndexAreSkipped() throws {
        let dir = try TempDir()
        let csv = try dir.write("d.csv", "account_id,candidate_id,downloaded_at\na,C000000,2024-01-01\na,C000009,2024-01-01\n")
        let stats = try DownloadLogBuilder.build(csv: csv, candidateCount: 2, candidateOrdinal: candidateOrdinal, out: dir.file("o.bin"))
        #expect(stats.pairs == 1 && stats.skippedRows == 1)
        #expect(stats.diagnostics.first?.hasPrefix("\(csv):3: ") == true)
    }
}
