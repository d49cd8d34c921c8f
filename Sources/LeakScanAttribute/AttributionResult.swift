import LeakScanCore

/// The ranked accounts for one leaked set.
public struct AttributionResult: Sendable {
    /// Significant leakers first (ranks 1…), then up to `Attributor.runnerUps` non-reported
    /// runner-ups whose adjusted p shows they are not significant (strength usually `weak`).
    public var accounts: [AccountAttribution]
    /// Leaked records no reported (significant) account downloaded before the leak time.
    public var unexplained: Int
    /// Accounts that downloaded at least one leaked record before the leak time (the Bonferroni
    /// factor of the first round).
    public var testedAccounts: Int

    /// Creates a result.
    public init(accounts: [AccountAttribution], unexplained: Int, testedAccounts: Int) {
        self.accounts = accounts
        self.unexplained = unexplained
        self.testedAccounts = testedAccounts
    }
}
