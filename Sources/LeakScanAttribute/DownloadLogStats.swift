/// What `DownloadLogBuilder.build` read and wrote.
///
/// Data sensitivity: `diagnostics` name file and line only, never row values.
public struct DownloadLogStats: Sendable {
    /// Data rows read (the header is not counted), whether kept or not.
    public var rows: Int
    /// Malformed rows skipped (too few fields, empty id, unparseable time, ordinal out of range).
    public var skippedRows: Int
    /// Well-formed rows whose candidate is not in the candidate index (skipped, not malformed).
    public var unknownCandidates: Int
    /// Distinct accounts in the written log (accounts with at least one kept download).
    public var accounts: Int
    /// `file:line: reason` for the first skipped rows (capped at `DownloadLogBuilder.maxDiagnostics`).
    public var diagnostics: [String]
    /// Distinct (account, candidate) pairs written, each at its earliest download time.
    public var pairs: Int
    /// Kept rows that repeated an (account, candidate) pair already seen.
    public var duplicates: Int
    /// Size of the written file in bytes.
    public var bytes: Int

    /// Creates statistics (normally only the builder does).
    public init(rows: Int = 0, skippedRows: Int = 0, unknownCandidates: Int = 0, accounts: Int = 0,
                diagnostics: [String] = [], pairs: Int = 0, duplicates: Int = 0, bytes: Int = 0) {
        self.rows = rows
        self.skippedRows = skippedRows
        self.unknownCandidates = unknownCandidates
        self.accounts = accounts
        self.diagnostics = diagnostics
        self.pairs = pairs
        self.duplicates = duplicates
        self.bytes = bytes
    }
}
