import GRDB

/// The schema, as GRDB migrations, so that a newer binary opens an older database.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    status TEXT NOT NULL,
                    pages INTEGER NOT NULL DEFAULT 0,
                    failed_pages INTEGER NOT NULL DEFAULT 0,
                    new_findings INTEGER NOT NULL DEFAULT 0,
                    known_findings INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE pages (
                    url TEXT PRIMARY KEY,
                    source TEXT NOT NULL,
                    content_hash TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    last_fetch INTEGER,
                    http_status INTEGER,
                    status TEXT NOT NULL,
                    reason TEXT,
                    records INTEGER NOT NULL DEFAULT 0,
                    market_score REAL NOT NULL DEFAULT 0,
                    first_seen INTEGER,
                    last_run INTEGER REFERENCES runs(id)
                );
                CREATE TABLE findings (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    candidate_id TEXT NOT NULL,
                    url TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    matched TEXT NOT NULL,
                    evidence TEXT NOT NULL,
                    masked TEXT NOT NULL,
                    definitive_account TEXT,
                    line INTEGER NOT NULL,
                    layout TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL,
                    first_run INTEGER NOT NULL REFERENCES runs(id),
                    last_run INTEGER NOT NULL REFERENCES runs(id),
                    reported INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (candidate_id, url)
                );
                CREATE INDEX findings_last_run ON findings(last_run);
                CREATE INDEX findings_unreported ON findings(reported) WHERE reported = 0;
                CREATE TABLE attributions (
                    run INTEGER NOT NULL REFERENCES runs(id),
                    scope TEXT NOT NULL,
                    rank INTEGER NOT NULL,
                    account_id TEXT NOT NULL,
                    overlap INTEGER NOT NULL,
                    downloads INTEGER NOT NULL,
                    leaked INTEGER NOT NULL,
                    log10_p REAL NOT NULL,
                    log10_p_adjusted REAL NOT NULL,
                    definitive INTEGER NOT NULL,
                    basis TEXT NOT NULL,
                    PRIMARY KEY (run, scope, rank)
                );
                """)
        }
        return migrator
    }
}
