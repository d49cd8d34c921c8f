import LeakScanFetch
import Testing

@Suite("LinkExtractor")
struct LinkExtractorTests {
    static let board = """
    <html><body><div class="threadlist">
    <A HREF="thread-1001-1-1.html" class="xst">出售 简历</A>
    <a class='xst' href='/forum/thread-1002-1-1.html?from=list&amp;x=1#last'>一手 数据</a>
    <a href=thread-1003-1-1.html>bare</a>
    <a href="http://other.example/thread-9-1-1.html">cross host</a>
    <a href="javascript:void(0)">js thread-x</a>
    <a href="thread-1001-1-1.html">duplicate</a>
    <a name="anchor">no href</a>
    </div>
    <div class="pg"><a href="forum-2-1.html">1</a><a href="forum-2-2.html" class="nxt">下一页</a></div>
    </body></html>
    """

    @Test func findsEveryAnchorWithHrefAttributesAndText() {
        let links = LinkExtractor.links(in: Self.board)
        #expect(links.count == 8)
        #expect(links[0].href == "thread-1001-1-1.html")
        #expect(links[0].text == "出售 简历")
        #expect(links[1].href == "/forum/thread-1002-1-1.html?from=list&x=1#last")
        #expect(links[2].href == "thread-1003-1-1.html")
        #expect(links.last?.attributes.contains("class=\"nxt\"") == true)
    }

    @Test func threadLinksAreResolvedDeduplicatedAndSameHost() {
        let urls = LinkExtractor.matchingLinks(in: Self.board, pageURL: "http://bbs.example/forum/forum-2-1.html",
                                               pattern: "thread-")
        #expect(urls == [
            "http://bbs.example/forum/thread-1001-1-1.html",
            "http://bbs.example/forum/thread-1002-1-1.html?from=list&x=1",
            "http://bbs.example/forum/thread-1003-1-1.html",
        ])
    }

    @Test(arguments: ["下一页", "class=\"nxt\""])
    func nextPageByTextOrAttribute(pattern: String) {
        let url = LinkExtractor.nextPage(in: Self.board, pageURL: "http://bbs.example/forum/forum-2-1.html", pattern: pattern)
        #expect(url == "http://bbs.example/forum/forum-2-2.html")
    }

    @Test func nextPageInsideNestedTagsAndNoSelfLoop() {
        let html = #"<a href="?page=3"><span>下一页</span></a><a href="">self 下一页</a>"#
        #expect(LinkExtractor.nextPage(in: html, pageURL: "https://x.example/t?page=2", pattern: "下一页")
                == "https://x.example/t?page=3")
        let selfOnly = #"<a href="t?page=2#top">下一页</a>"#
        #expect(LinkExtractor.nextPage(in: selfOnly, pageURL: "https://x.example/t?page=2", pattern: "下一页") == nil)
    }

    @Test(arguments: [
        ("", "http://a.example/x", nil),
        ("#top", "http://a.example/x", nil),
        ("mailto:a@b.example", "http://a.example/x", nil),
        ("file:///etc/passwd", "http://a.example/x", nil),
        ("../b/c.html", "http://a.example/x/y/z.html", "http://a.example/x/b/c.html"),
        ("//cdn.example/p", "https://a.example/", "https://cdn.example/p"),
        ("帖子 1.html", "http://a.example/f/", "http://a.example/f/%E5%B8%96%E5%AD%90%201.html"),
    ] as [(String, String, String?)])
    func resolve(href: String, base: String, expected: String?) {
        #expect(LinkExtractor.resolve(href, against: base) == expected)
    }

    @Test(arguments: ["", "<a", "<a href=\"x", "<a href='x'>never closed", "<a\thref=x>t</a", "<<<a a a=>"])
    func malformedInputNeverCrashes(html: String) {
        _ = LinkExtractor.links(in: html)
        _ = LinkExtractor.nextPage(in: html, pageURL: "http://a.example/", pattern: "t")
    }
}
