/// Errors of the state store. Messages name the database path and never contain PII.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database could not be opened or migrated.
    case open(path: String, reason: String)
    /// A query failed.
    case query(path: String, reason: String)
    /// Another scan holds the lock on this store.
    case locked(path: String)

    public var description: String {
        switch self {
        case .open(let path, let reason): "\(path): cannot open state database: \(reason)"
        case .query(let path, let reason): "\(path): state database error: \(reason)"
        case .locked(let path): "\(path): another leakscan scan is running on this state (lock held); try again later"
        }
    }
}
