import Foundation

/// `leakscan-bench SUITE [options]`: benchmarks that print figures (release build:
/// `swift build -c release --product leakscan-bench`). Each suite lives in its own file.
let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "fetch": FetchBenchmark.run(Array(args.dropFirst()))
case "index": IndexBenchmark.run(Array(args.dropFirst()))
default:
    FileHandle.standardError.write(Data("usage: leakscan-bench fetch|index [options]\n".utf8))
    exit(2)
}
