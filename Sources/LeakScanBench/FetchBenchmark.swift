/// The fetcher benchmark (placeholder until written).
enum FetchBenchmark {
    static func run(_ args: [String]) { print("fetch benchmark: not written yet") }
}
