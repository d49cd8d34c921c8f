import Testing
@testable import LeakScanExtract

/// HTML → text lines: tags, cells, entities, dropped content, line numbers.
@Suite struct HTMLTests {
    static let cases: [(String, String, [T])] = [
        ("table rows are records with a header",
         "<table><tr><th>姓名</th><th>手机</th><th>邮箱</th></tr>\n<tr><td>张三</td><td>13800138000</td><td>zs@example.com</td></tr>\n<tr><td> Li Na </td><td>139 0013 9000</td><td>ln@example.com</td></tr></table>",
         [T("张三", "13800138000", "zs@example.com", line: 2, layout: "table-row"),
          T("Li Na", "13900139000", "ln@example.com", line: 3, layout: "table-row")]),
        ("table rows without header",
         "<table><tr><td>王芳</td><td>15012345678</td></tr><tr><td>赵敏</td><td>18611112222</td></tr></table>",
         [T("王芳", "15012345678", nil, line: 1, layout: "table-row"), T("赵敏", "18611112222", nil, line: 2, layout: "table-row")]),
        ("number split by inline tags",
         "<p>电话：138<span>0013</span><b>8000</b></p>",
         [T(nil, "13800138000", nil, line: 1, layout: "label-value")]),
        ("number split by font tags with attributes",
         "<div>张三 <font color=\"red\">138</font><font size='2'>0013</font>8000</div>",
         [T("张三", "13800138000", nil, line: 1, layout: "line")]),
        ("numeric entities",
         "<p>&#49;&#51;&#56;&#x30;&#x30;13&#56;000 &#x7A;s&#64;example&#46;com</p>",
         [T(nil, "13800138000", "zs@example.com", line: 1, layout: "line")]),
        ("named entities and nbsp",
         "<p>姓名：张三&nbsp;电话：138&nbsp;0013&nbsp;8000 &lt;zs&commat;example.com&gt;</p>",
         [T("张三", "13800138000", "zs@example.com", line: 1, layout: "label-value")]),
        ("zero-width entity inside a number",
         "<p>138&#8203;0013&zwj;8000</p>",
         [T(nil, "13800138000", nil, line: 1, layout: "line")]),
        ("script, style, head and comments are dropped",
         "<html><head><title>13900139000</title><style>.a{}/*13700137000*/</style></head><body><script>var p='13600136000';</script><!-- 13500135000 --><p>13800138000</p></body></html>",
         [T(nil, "13800138000", nil, line: 1, layout: "line")]),
        ("br separates label-value lines into a block",
         "<div>姓名：张三<br/>电话：13800138000<br>邮箱：zs@example.com<br><br>姓名：李四<br>电话：13900139000</div>",
         [T("张三", "13800138000", "zs@example.com", line: 1, layout: "label-block"),
          T("李四", "13900139000", nil, line: 5, layout: "label-block")]),
        ("list items are records",
         "<ul><li>张三 13800138000</li><li>李四 13900139000</li></ul>",
         [T("张三", "13800138000", nil, line: 1, layout: "line"), T("李四", "13900139000", nil, line: 2, layout: "line")]),
        ("source newlines inside a paragraph are spaces",
         "<p>张三\n13800138000\nzs@example.com</p>",
         [T("张三", "13800138000", "zs@example.com", line: 1, layout: "line")]),
        ("pre keeps lines and tabs",
         "<pre>姓名\t手机\n张三\t13800138000\n</pre>",
         [T("张三", "13800138000", nil, line: 2, layout: "delimited")]),
        ("unclosed quote and stray < do not swallow the page",
         "<p>a < b</p><p>13800138000</p>",
         [T(nil, "13800138000", nil, line: 2, layout: "line")]),
    ]

    @Test(arguments: cases)
    func html(_ label: String, _ html: String, _ expected: [T]) {
        #expect(tuples(extract(html, html: true), detailed: true) == expected, "\(label)")
    }

    @Test func textLinesOfAConvertedPage() {
        let text = sharedExtractor.text(of: "<h1>标题</h1><table><tr><td>a</td><td>b</td></tr></table><p>x&amp;y</p>", isHTML: true)
        #expect(text == "标题\na\tb\nx&y")
    }

    /// A Discuz!-style thread: posts in table cells with author, 发表于 date, message and signature.
    static let discuz = """
    <!DOCTYPE html><html><head><meta charset="utf-8"><title>出售精准简历 - 数据交易 - 某论坛</title>
    <script type="text/javascript">var discuz_uid = '0';</script></head><body>
    <div id="postlist" class="pl bm">
    <table id="pid1001" class="plhin" cellspacing="0" cellpadding="0"><tr>
    <td class="pls" rowspan="2"><div class="pi"><div class="authi"><a href="space-uid-1.html" class="xw1">seller01</a></div></div></td>
    <td class="plc"><div class="pi"><div class="pti"><div class="authi">
    <em id="authorposton1001">发表于 2024-5-2 22:16</em></div></div></div>
    <div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_1001">
    一手招聘网站简历，实时更新，精准到岗位。样本如下：<br />
    姓名：张伟 电话：138<font class="jammer">&nbsp;</font>0013&#56;000 邮箱：zhangwei[at]example.com<br />
    姓名：李娜 电话：139-0013-9000 邮箱：lina@example.com<br />
    价格私聊，支持USDT，TG: @seller01
    </td></tr></table></div></div></div></td></tr></table>
    <table id="pid1002" class="plhin"><tr><td class="plc">
    <div class="authi">发表于 <span title="2024-5-3 09:01">昨天&nbsp;09:01</span></div>
    <td class="t_f" id="postmessage_1002">求购，已私信</td></tr></table>
    </div></body></html>
    """

    @Test func discuzThread() {
        let x = extract(Self.discuz, html: true)
        #expect(tuples(x) == [T("张伟", "13800138000", "zhangwei@example.com"), T("李娜", "13900139000", "lina@example.com")])
        #expect(x.tuples.allSatisfy { $0.layout == "label-value" })
        // 2024-05-02 22:16 at UTC+8 = 2024-05-02 14:16 UTC.
        #expect(x.postDate == 1_714_659_360)
        #expect(x.marketScore > 0.9)
    }

    @Test func discuzRelativeDateUsesTitleAttribute() {
        let html = "<div>发表于 <span title=\"2024-5-3 09:01\">昨天 09:01</span></div><p>13800138000</p>"
        // 2024-05-03 09:01 UTC+8 = 2024-05-03 01:01 UTC.
        #expect(extract(html, html: true).postDate == 1_714_698_060)
    }
}
