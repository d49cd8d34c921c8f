/// The candidate-index benchmark (placeholder until written).
enum IndexBenchmark {
    static func run(_ args: [String]) { print("index benchmark: not written yet") }
}
