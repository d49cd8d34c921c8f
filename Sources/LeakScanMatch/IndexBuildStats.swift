import LeakScanCore

/// What `IndexBuilder.build` did. Counts and file:line diagnostics only, never values.
public struct IndexBuildStats: Sendable {
    /// Distinct candidate ids indexed.
    public var candidates: Int
    /// Distinct (hash prefix, candidate) entries per field.
    public var entries: [Field: Int]
    /// Rows skipped in any input (bad shape, missing id, unusable values).
    public var skippedRows: Int
    /// Values dropped from otherwise good rows because they do not normalise (e.g. a phone
    /// with 5 digits); the rest of the row is indexed.
    public var skippedValues: Int
    /// Canary records indexed.
    public var canaries: Int
    /// Virtual numbers indexed.
    public var virtualNumbers: Int
    /// `file:line: reason` for skipped rows and values, capped at `IndexBuilder.diagnosticLimit`
    /// (a last line says how many more there were).
    public var diagnostics: [String]
    /// The key id the index was built under.
    public var keyID: String

    /// Empty statistics (the builder fills them in).
    public init(candidates: Int = 0, entries: [Field: Int] = [:], skippedRows: Int = 0, skippedValues: Int = 0,
                canaries: Int = 0, virtualNumbers: Int = 0, diagnostics: [String] = [], keyID: String = "") {
        self.candidates = candidates
        self.entries = entries
        self.skippedRows = skippedRows
        self.skippedValues = skippedValues
        self.canaries = canaries
        self.virtualNumbers = virtualNumbers
        self.diagnostics = diagnostics
        self.keyID = keyID
    }
}
