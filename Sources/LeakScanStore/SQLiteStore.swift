import Foundation
import GRDB
import LeakScanCore

/// The embedded state store: one SQLite file (WAL mode) holding runs, pages, findings and
/// attributions. Findings hold candidate ids and masked values only, never raw PII.
///
/// Thread-safe: GRDB's `DatabasePool` serialises writes and allows concurrent reads.
public final class SQLiteStore: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    /// - Throws: `StoreError.open` naming the path.
    public init(path: String) throws(StoreError) {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var config = Configuration()
        config.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw StoreError.open(path: path, reason: Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let db = error as? DatabaseError { return db.message ?? "SQLite error \(db.resultCode.rawValue)" }
        return String(describing: error)
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw StoreError.query(path: path, reason: Self.reason(error)) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError.query(path: path, reason: Self.reason(error)) }
    }

    /// The names of migrations applied so far (for tests and `report`).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    // MARK: Runs

    /// Starts a run and returns its id.
    public func beginRun(kind: String, at now: Int64) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO runs (kind, started_at, status) VALUES (?, ?, 'running')",
                           arguments: [kind, now])
            return db.lastInsertedRowID
        }
    }

    /// Records the end of a run with its counts.
    public func finishRun(_ id: Int64, status: String, at now: Int64, pages: Int, failedPages: Int,
                          newFindings: Int, knownFindings: Int) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE runs SET finished_at = ?, status = ?, pages = ?, failed_pages = ?, new_findings = ?,
                known_findings = ? WHERE id = ?
                """, arguments: [now, status, pages, failedPages, newFindings, knownFindings, id])
        }
    }

    /// The most recent runs, newest first.
    public func runs(limit: Int = 20) throws(StoreError) -> [RunRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                RunRecord(id: $0["id"], kind: $0["kind"], startedAt: $0["started_at"], finishedAt: $0["finished_at"],
                          status: $0["status"], pages: $0["pages"], failedPages: $0["failed_pages"],
                          newFindings: $0["new_findings"], knownFindings: $0["known_findings"])
            }
        }
    }

    // MARK: Pages

    /// What is known about `url` from earlier runs.
    public func pageState(url: String) throws(StoreError) -> PageState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pages WHERE url = ?", arguments: [url]).map {
                PageState(url: url, contentHash: $0["content_hash"], etag: $0["etag"],
                          lastModified: $0["last_modified"], firstSeen: $0["first_seen"])
            }
        }
    }

    /// Records a page that was not (re-)extracted: failed, not modified or unchanged.
    /// Keeps its stored content hash and validators.
    public func recordPageVisit(run: Int64, summary: PageSummary, at now: Int64) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                INSERT INTO pages (url, source, last_fetch, http_status, status, reason, last_run)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET source = excluded.source, last_fetch = excluded.last_fetch,
                    http_status = excluded.http_status, status = excluded.status, reason = excluded.reason,
                    last_run = excluded.last_run
                """, arguments: [summary.url, summary.source, now, summary.httpStatus, summary.status.rawValue,
                                 summary.reason, run])
        }
    }

    /// Stores an extracted page and its findings in one transaction, so that a crash leaves either
    /// both or neither. Returns the findings with `isNew` set: true until a run has reported them.
    public func recordExtractedPage(run: Int64, summary: PageSummary, contentHash: String, etag: String?,
                                    lastModified: String?, findings: [Finding], at now: Int64) throws(StoreError) -> [Finding] {
        try write { db in
            try db.execute(sql: """
                INSERT INTO pages (url, source, content_hash, etag, last_modified, last_fetch, http_status, status,
                    reason, records, market_score, first_seen, last_run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
                ON CONFLICT(url) DO UPDATE SET source = excluded.source, content_hash = excluded.content_hash,
                    etag = excluded.etag, last_modified = excluded.last_modified, last_fetch = excluded.last_fetch,
                    http_status = excluded.http_status, status = excluded.status, reason = NULL,
                    records = excluded.records, market_score = excluded.market_score,
                    first_seen = COALESCE(pages.first_seen, excluded.first_seen), last_run = excluded.last_run
                """, arguments: [summary.url, summary.source, contentHash, etag, lastModified, now, summary.httpStatus,
                                 summary.status.rawValue, summary.records, summary.marketScore,
                                 findings.isEmpty ? nil : now, run])
            var out: [Finding] = []
            for var f in findings {
                try db.execute(sql: """
                    INSERT INTO findings (candidate_id, url, content_hash, verdict, matched, evidence, masked,
                        definitive_account, line, layout, first_seen, last_seen, first_run, last_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(candidate_id, url) DO UPDATE SET content_hash = excluded.content_hash,
                        verdict = CASE WHEN findings.verdict = 'confirmed' THEN 'confirmed' ELSE excluded.verdict END,
                        matched = excluded.matched, evidence = excluded.evidence, masked = excluded.masked,
                        definitive_account = COALESCE(excluded.definitive_account, findings.definitive_account),
                        line = excluded.line, layout = excluded.layout,
                        last_seen = excluded.last_seen, last_run = excluded.last_run
                    """, arguments: [f.candidateID, f.url, contentHash, f.verdict.rawValue, Self.joined(f.matched),
                                     f.evidence.rawValue, Self.json(f.masked), f.definitiveAccount, f.line, f.layout,
                                     now, now, run, run])
                let reported = try Int.fetchOne(db, sql: "SELECT reported FROM findings WHERE candidate_id = ? AND url = ?",
                                                arguments: [f.candidateID, f.url]) ?? 0
                f.isNew = reported == 0
                out.append(f)
            }
            return out
        }
    }

    // MARK: Findings

    /// Findings stored but not yet reported by any run (for example because a run was killed
    /// between storing and reporting). They are reported as new by the next run.
    public func unreportedFindings() throws(StoreError) -> [Finding] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE reported = 0 ORDER BY id").map(Self.finding) }
    }

    /// Marks findings as reported, so later runs show them as known.
    public func markReported(_ findings: [Finding]) throws(StoreError) {
        try write { db in
            for f in findings {
                try db.execute(sql: "UPDATE findings SET reported = 1 WHERE candidate_id = ? AND url = ?",
                               arguments: [f.candidateID, f.url])
            }
        }
    }

    /// Findings seen by run `run` (`lastRun`), or seen at or after `since` (epoch seconds).
    public func findings(run: Int64? = nil, since: Int64? = nil) throws(StoreError) -> [Finding] {
        try read { db in
            var sql = "SELECT * FROM findings"
            var args: StatementArguments = []
            if let run { sql += " WHERE last_run = ?"; args += [run] }
            else if let since { sql += " WHERE last_seen >= ?"; args += [since] }
            sql += " ORDER BY url, line"
            return try Row.fetchAll(db, sql: sql, arguments: args).map(Self.finding)
        }
    }

    /// Epoch seconds at which `url` was first seen carrying findings.
    public func firstSeen(url: String) throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT first_seen FROM pages WHERE url = ?", arguments: [url]) }
    }

    /// Page summaries of the pages visited by `run` (or all pages).
    public func pages(run: Int64? = nil) throws(StoreError) -> [PageSummary] {
        try read { db in
            var sql = "SELECT p.*, (SELECT COUNT(*) FROM findings f WHERE f.url = p.url AND f.verdict = 'confirmed') AS confirmed FROM pages p"
            var args: StatementArguments = []
            if let run { sql += " WHERE last_run = ?"; args += [run] }
            sql += " ORDER BY url"
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                PageSummary(url: row["url"], source: row["source"],
                            status: PageSummary.Status(rawValue: row["status"]) ?? .failed,
                            httpStatus: row["http_status"] ?? 0, reason: row["reason"], records: row["records"],
                            marketScore: row["market_score"], confirmed: row["confirmed"])
            }
        }
    }

    private static func finding(_ row: Row) -> Finding {
        let matchedText: String = row["matched"]
        let maskedText: String = row["masked"]
        let masked = (try? JSONDecoder().decode([String: String].self, from: Data(maskedText.utf8))) ?? [:]
        return Finding(url: row["url"], candidateID: row["candidate_id"],
                       verdict: Verdict(rawValue: row["verdict"]) ?? .singleField,
                       matched: matchedText.split(separator: ",").compactMap { Field(rawValue: String($0)) },
                       evidence: Evidence(rawValue: row["evidence"]) ?? .fields, masked: masked,
                       isNew: (row["reported"] as Int) == 0, definitiveAccount: row["definitive_account"],
                       contentHash: row["content_hash"], line: row["line"], layout: row["layout"])
    }

    private static func joined(_ fields: [Field]) -> String { fields.map(\.rawValue).joined(separator: ",") }

    private static func json(_ masked: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(masked), as: UTF8.self)) ?? "{}"
    }

    // MARK: Attributions

    /// Stores a run's attribution rows (replacing any for the same run and scope).
    public func recordAttributions(run: Int64, _ rows: [AccountAttribution]) throws(StoreError) {
        try write { db in
            for scope in Set(rows.map(\.scope)) {
                try db.execute(sql: "DELETE FROM attributions WHERE run = ? AND scope = ?", arguments: [run, scope])
            }
            for a in rows {
                try db.execute(sql: """
                    INSERT INTO attributions (run, scope, rank, account_id, overlap, downloads, leaked, log10_p,
                        log10_p_adjusted, definitive, basis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [run, a.scope, a.rank, a.accountID, a.overlap, a.downloads, a.leaked, a.log10P,
                                     a.log10PAdjusted, a.definitive, a.basis])
            }
        }
    }

    /// Attribution rows of `run`, or of the latest run that has any.
    public func attributions(run: Int64? = nil) throws(StoreError) -> [AccountAttribution] {
        try read { db in
            let target = try run ?? Int64.fetchOne(db, sql: "SELECT MAX(run) FROM attributions")
            guard let target else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM attributions WHERE run = ? ORDER BY scope, rank",
                                    arguments: [target]).map {
                AccountAttribution(scope: $0["scope"], rank: $0["rank"], accountID: $0["account_id"],
                                   overlap: $0["overlap"], downloads: $0["downloads"], leaked: $0["leaked"],
                                   log10P: $0["log10_p"], log10PAdjusted: $0["log10_p_adjusted"],
                                   definitive: $0["definitive"], basis: $0["basis"])
            }
        }
    }
}
