import Testing
@testable import LeakScanExtract

/// Plain-text formats: label-value lines, delimited rows, header rows, free lines, label blocks.
@Suite struct TextFormatTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var text: String
        var expected: [T]
        var testDescription: String { label }
    }

    static let formats: [Case] = [
        Case(label: "label-value, full-width colons",
             text: "姓名：张三 电话：138 0013 8000 邮箱：zhangsan@example.com",
             expected: [T("张三", "13800138000", "zhangsan@example.com", line: 1, layout: "label-value")]),
        Case(label: "label-value, ASCII colons, other order",
             text: "邮箱:zhangsan@example.com 手机号:13800138000 姓名:张三",
             expected: [T("张三", "13800138000", "zhangsan@example.com", line: 1, layout: "label-value")]),
        Case(label: "label-value, no separators between CJK label and value",
             text: "联系人张三电话13800138000",
             expected: [T("张三", "13800138000", nil, line: 1, layout: "line")]),
        Case(label: "English label-value with +86 and dashes",
             text: "Name: Zhang San  Phone: +86 138-0013-8000  Email: a@b.com",
             expected: [T("Zhang San", "+8613800138000", "a@b.com", line: 1, layout: "label-value")]),
        Case(label: "English labels, single spaces between fields",
             text: "Name: Li Na Phone: 13900139000 Email: li.na@example.com",
             expected: [T("Li Na", "13900139000", "li.na@example.com", line: 1, layout: "label-value")]),
        Case(label: "comma-delimited row",
             text: "张三,13800138000,a@b.com",
             expected: [T("张三", "13800138000", "a@b.com", line: 1, layout: "delimited")]),
        Case(label: "pipe-delimited row, Latin name without header is not taken",
             text: "Zhang San | 138 0013 8000 | a@b.com",
             expected: [T(nil, "13800138000", "a@b.com", line: 1, layout: "delimited")]),
        Case(label: "tab-separated row",
             text: "王芳\t15012345678\twangfang@example.com",
             expected: [T("王芳", "15012345678", "wangfang@example.com", line: 1, layout: "delimited")]),
        Case(label: "Chinese header sets column roles",
             text: "姓名,手机,邮箱\n张三,13800138000,a@example.com\n李四,13900139000,b@example.com",
             expected: [T("张三", "13800138000", "a@example.com", line: 2, layout: "delimited"),
                        T("李四", "13900139000", "b@example.com", line: 3, layout: "delimited")]),
        Case(label: "English header gives Latin names",
             text: "name,phone,email\nZhang San,13800138000,zs@example.com\n\"Li, Na\",13900139000,ln@example.com",
             expected: [T("Zhang San", "13800138000", "zs@example.com", line: 2, layout: "delimited"),
                        T("Li, Na", "13900139000", "ln@example.com", line: 3, layout: "delimited")]),
        Case(label: "pipe header with extra columns and a QQ column",
             text: "序号 | Name | Mobile | QQ\n1 | Zhao Lei | 186 1234 5678 | 12345678\n2 | Chen Jing | 18898765432 | 87654321",
             expected: [T("Zhao Lei", "18612345678", "12345678@qq.com", line: 2, layout: "delimited"),
                        T("Chen Jing", "18898765432", "87654321@qq.com", line: 3, layout: "delimited")]),
        Case(label: "header is dropped by a prose line",
             text: "姓名,手机\n张三,13800138000\n以上为样本\nZhao Lei,13900139000",
             expected: [T("张三", "13800138000", nil, line: 2, layout: "delimited"),
                        T(nil, "13900139000", nil, line: 4, layout: "delimited")]),
        Case(label: "free line with surname token",
             text: "出售简历 联系 王伟 13512345678 可验货",
             expected: [T("王伟", "13512345678", nil, line: 1, layout: "line")]),
        Case(label: "compound surname",
             text: "欧阳娜娜 13700001111 ouyang@example.com",
             expected: [T("欧阳娜娜", "13700001111", "ouyang@example.com", line: 1, layout: "line")]),
        Case(label: "QQ label gives a qq.com email",
             text: "张三 13800138000 QQ：12345678",
             expected: [T("张三", "13800138000", "12345678@qq.com", line: 1, layout: "label-value")]),
        Case(label: "QQ号 label with an 11-digit QQ is not a phone",
             text: "QQ号 13912345678 邮箱 someone@example.com",
             expected: [T(nil, nil, "someone@example.com", line: 1, layout: "line")]),
        Case(label: "label block over lines",
             text: "姓名：张三\n电话：13800138000\n邮箱：zs@example.com\n\n姓名：李四\n电话：13900139000\n",
             expected: [T("张三", "13800138000", "zs@example.com", line: 1, layout: "label-block"),
                        T("李四", "13900139000", nil, line: 5, layout: "label-block")]),
        Case(label: "label block broken by a repeated field, neutral lines ignored",
             text: "姓名：张三\n性别：男\n手机：13800138000\n姓名：李四\n手机：13900139000",
             expected: [T("张三", "13800138000", nil, line: 1, layout: "label-block"),
                        T("李四", "13900139000", nil, line: 4, layout: "label-block")]),
        Case(label: "several people on one line split by phone",
             text: "张三 13800138000 zs@example.com 李四 13900139000 ls@example.com",
             expected: [T("张三", "13800138000", "zs@example.com", line: 1, layout: "line"),
                        T("李四", "13900139000", "ls@example.com", line: 1, layout: "line")]),
        Case(label: "email only line",
             text: "contact: hr.person@example.com",
             expected: [T(nil, nil, "hr.person@example.com", line: 1, layout: "line")]),
        Case(label: "name alone is not a tuple",
             text: "姓名：张三\n\n王伟 你好",
             expected: []),
        Case(label: "line numbers count every line",
             text: "first line\n\nthird\n赵敏 18611112222",
             expected: [T("赵敏", "18611112222", nil, line: 4, layout: "line")]),
        Case(label: "not_names word is not a name",
             text: "简历 13800138000",
             expected: [T(nil, "13800138000", nil, line: 1, layout: "line")]),
        Case(label: "CRLF line ends",
             text: "张三,13800138000\r\n李四,13900139000\r\n",
             expected: [T("张三", "13800138000", nil, line: 1, layout: "delimited"),
                        T("李四", "13900139000", nil, line: 2, layout: "delimited")]),
    ]

    @Test(arguments: formats)
    func format(_ c: Case) {
        #expect(tuples(extract(c.text), detailed: true) == c.expected)
    }
}
