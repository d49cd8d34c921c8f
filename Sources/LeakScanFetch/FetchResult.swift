import LeakScanCore

/// What happened to one request.
public enum FetchOutcome: Sendable {
    /// The body was received (status 2xx or 3xx without a followed location).
    case fetched(Page)
    /// The server answered 304 to the conditional request: the page is unchanged.
    case notModified
    /// The request failed after all attempts.
    case failed(FetchFailure)
}

/// One request and its outcome.
public struct FetchResult: Sendable {
    /// The request as given.
    public var request: FetchRequest
    /// The outcome of the last attempt.
    public var outcome: FetchOutcome
    /// How many attempts were made (1 when no retry was needed; 0 when cancelled before starting).
    public var attempts: Int

    /// Creates a result.
    public init(request: FetchRequest, outcome: FetchOutcome, attempts: Int) {
        self.request = request
        self.outcome = outcome
        self.attempts = attempts
    }

    /// The page, when fetched.
    public var page: Page? {
        if case .fetched(let page) = outcome { return page }
        return nil
    }

    /// The failure, when failed.
    public var failure: FetchFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }
}
