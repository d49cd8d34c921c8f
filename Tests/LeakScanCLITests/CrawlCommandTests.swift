import Foundation
import Testing
import LeakScanDemo

/// `leakscan scan` crawling a loopback forum board: thread links, "next page" links, bounds,
/// cross-host links, politeness delay and config validation.
@Suite(.serialized) struct CrawlCommandTests {
    /// A board (2 pages, linked by 下一页) listing 4 same-host threads and one on another host; every
    /// thread has pages 1..3 linked by `class="nxt"`. Thread 1's first page carries the demo
    /// world's leaked records.
    static func boardHandler(leakedPage: String) -> @Sendable (HTTPRequestHead) -> HTTPResponse? {
        { head in
            let path = String(head.pathOnly)
            switch path {
            case "/forum/forum-7-1.html":
                return .html("""
                    <ul><li><a href="thread-1-1.html">出售简历</a></li><li><a href="/forum/thread-2-1.html">t2</a></li>
                    <li><a href="http://other.invalid/forum/thread-9-1.html">elsewhere</a></li>
                    <li><a href="thread-1-1.html#reply">same thread again</a></li></ul>
                    <div class="pg"><a href="forum-7-2.html">下一页</a></div>
                    """)
            case "/forum/forum-7-2.html":
                return .html("""
                    <ul><li><a href="thread-3-1.html">t3</a></li><li><a href="thread-4-1.html">t4</a></li></ul>
                    <div class="pg"><a href="forum-7-3.html">下一页</a></div>
                    """)
            default:
                let parts = path.split(separator: "-")   // /forum/thread-N-P.html
                guard parts.count == 3, path.hasPrefix("/forum/thread-"), let page = Int(parts[2].dropLast(5)) else { return nil }
                let next = "<a href=\"thread-\(parts[1])-\(page + 1).html\" class=\"nxt\">next</a>"
                if parts[1] == "1" && page == 1 { return .html(next + leakedPage) }   // ours first: the demo page has its own next link
                return .html("<p>thread \(parts[1]) page \(page)</p>\(next)")
            }
        }
    }

    func world() throws -> (dir: String, leaked: String) {
        let dir = try CLIRunner.tempDir()
        let truth = try DemoWorld.generate(into: dir, options: .init(seed: 7, candidates: 600, accounts: 60))
        #expect(try CLIRunner.run(["key", "generate", "--out", dir + "/k.key"]).status == 0)
        let build = try CLIRunner.run(["index", "build", "--candidates", dir + "/candidates.csv",
                                       "--downloads", dir + "/downloads.csv", "--key", dir + "/k.key", "--out", dir + "/index"])
        #expect(build.status == 0, "\(build.stderr)")
        let leaked = try String(contentsOfFile: dir + "/site/" + truth.threadPages[0], encoding: .utf8)
        return (dir, leaked)
    }

    func config(_ dir: String, _ source: String) throws -> String {
        let path = dir + "/crawl.toml"
        try Data("""
            [scan]
            index = "index"
            key = "k.key"
            store = "state.sqlite"
            retries = 0
            timeout = 10

            \(source)
            """.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func boardYieldsThreadsFollowedByNextLinksWithinBounds() throws {
        let (dir, leaked) = try world()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = Locked<[String]>([])
        let handler = Self.boardHandler(leakedPage: leaked)
        let server = try LoopbackHTTPServer(handler: { head in
            paths.withLock { $0.append(String(head.pathOnly)) }
            return handler(head)
        })
        try server.start()
        defer { server.stop() }
        let path = try config(dir, """
            [[source]]
            name = "board"
            kind = "forum-board"
            urls = ["\(server.baseURL)/forum/forum-7-1.html"]
            thread_pattern = "thread-"
            next_page = "下一页"
            max_pages = 2
            max_threads = 2
            delay = 0.05

            [[source]]
            name = "threads"
            kind = "forum-thread"
            urls = ["\(server.baseURL)/forum/thread-1-1.html"]
            next_page = 'class="nxt"'
            max_pages = 2
            """)
        let run = try CLIRunner.run(["scan", "--config", path, "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try CLIRunner.jsonLines(run.stdout)
        let pages = rows.filter { $0["type"] as? String == "page" }
        let status = Dictionary(pages.map { (($0["url"] as? String ?? "").replacingOccurrences(of: server.baseURL, with: ""),
                                             $0["status"] as? String ?? "") }, uniquingKeysWith: { a, _ in a })
        // The board's next_page is 下一页, which thread pages do not have: its threads stop at page 1.
        // Thread 1 is also a forum-thread source (listed first, so it is fetched once, as that source's
        // and not counted against max_threads) whose class="nxt" chain gives page 2 of max_pages 2.
        #expect(status["/forum/forum-7-1.html"] == "fetched")
        #expect(status["/forum/forum-7-2.html"] == "fetched")
        #expect(status["/forum/forum-7-3.html"] == nil, "max_pages bounds the board chain")
        #expect(status["/forum/thread-1-1.html"] == "fetched")
        #expect(status["/forum/thread-1-2.html"] == "fetched")
        #expect(status["/forum/thread-2-1.html"] == "fetched")
        #expect(status["/forum/thread-3-1.html"] == "fetched")
        #expect(status["/forum/thread-4-1.html"] == "skipped", "max_threads = 2")
        #expect(pages.first { ($0["url"] as? String)?.hasSuffix("thread-4-1.html") == true }?["reason"] as? String
                == "max_threads (2) reached")
        #expect(!pages.contains { ($0["url"] as? String)?.contains("other.invalid") == true }, "cross-host links ignored")
        let requested = paths.current
        #expect(Set(requested).count == requested.count, "every URL fetched once: \(requested)")
        #expect(!requested.contains("/forum/thread-4-1.html") && !requested.contains("/forum/forum-7-3.html"))
        #expect(!requested.contains("/forum/thread-1-3.html"))
        #expect(rows.contains { $0["type"] as? String == "finding" && ($0["url"] as? String)?.hasSuffix("thread-1-1.html") == true })
    }

    @Test func threadsOfABoardFollowTheirNextLinks() throws {
        let (dir, leaked) = try world()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let handler = Self.boardHandler(leakedPage: leaked)
        let paths = Locked<[String]>([])
        let server = try LoopbackHTTPServer(handler: { head in
            paths.withLock { $0.append(String(head.pathOnly)) }
            // The board uses the same 'class="nxt"' marker as its threads here.
            if head.pathOnly == "/forum/forum-7-1.html" {
                return .html(#"<a href="thread-1-1.html">a</a><a href="thread-2-1.html">b</a><a href="thread-3-1.html">c</a>"#)
            }
            if head.pathOnly == "/blocked" { return .text("no scanners", status: 403) }
            if head.pathOnly == "/busy" { return .text("slow down", status: 429) }
            return handler(head)
        })
        try server.start()
        defer { server.stop() }
        let path = try config(dir, """
            [[source]]
            name = "board"
            kind = "forum-board"
            urls = ["\(server.baseURL)/forum/forum-7-1.html"]
            thread_pattern = "thread-"
            next_page = 'class="nxt"'
            max_pages = 2

            [[source]]
            name = "hostile"
            urls = ["\(server.baseURL)/blocked", "\(server.baseURL)/busy"]
            """)
        let run = try CLIRunner.run(["scan", "--config", path, "--format", "jsonl"])
        #expect(run.status == 3, "failed sources give exit 3: \(run.stderr)")
        let requested = Set(paths.current).subtracting(["/blocked", "/busy"])
        let expected: Set<String> = ["/forum/forum-7-1.html", "/forum/thread-1-1.html", "/forum/thread-1-2.html",
                                     "/forum/thread-2-1.html", "/forum/thread-2-2.html",
                                     "/forum/thread-3-1.html", "/forum/thread-3-2.html"]
        #expect(requested == expected)
        let pages = try CLIRunner.jsonLines(run.stdout).filter { $0["type"] as? String == "page" }
        let crawled = pages.filter { $0["source"] as? String == "board" }
        #expect(crawled.count == 7 && crawled.allSatisfy { $0["status"] as? String == "fetched" })
        // 403 and 429 end as failed, and their reason says the page is indeterminate (not "no leak").
        let hostile = pages.filter { $0["source"] as? String == "hostile" }
        #expect(hostile.count == 2)
        for page in hostile {
            #expect(page["status"] as? String == "failed")
            #expect((page["reason"] as? String)?.contains("indeterminate") == true, "\(page)")
        }
        #expect(Set(hostile.compactMap { $0["http_status"] as? Int }) == [403, 429])
    }

    @Test(arguments: [
        ("kind = \"forum-board\"", 11, "needs thread_pattern"),
        ("thread_pattern = \"thread-\"", 11, "only applies to kind = \"forum-board\""),
        ("delay = -1", 11, "delay must be 0...3600"),
        ("next_page = \"  \"", 11, "next_page must be"),
        ("kind = \"forum-board\"\nthread_pattern = \"t\"\nmax_threads = 0", 13, "max_threads must be 1...10000"),
    ])
    func badCrawlKeysNameFileAndLine(line: String, number: Int, message: String) throws {
        let dir = try CLIRunner.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try config(dir, """
            [[source]]
            name = "s"
            urls = ["http://127.0.0.1:9/x"]
            \(line)
            """)
        let run = try CLIRunner.run(["scan", "--config", path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("crawl.toml:\(number):"), "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
