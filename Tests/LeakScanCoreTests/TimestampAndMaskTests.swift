import Testing
@testable import LeakScanCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01", Int64(0)),
        ("2024-05-02T22:16:00Z", Int64(1714688160)),
        ("2024-05-02 22:16", Int64(1714688160)),
        ("2024-05-03T06:16:00+08:00", Int64(1714688160)),
        ("2024-05-03T06:16:00+0800", Int64(1714688160)),
        ("2024-05-02T22:16:00.123Z", Int64(1714688160)),
        ("2000-02-29T00:00:00Z", Int64(951782400)),
    ])
    func parses(text: String, expected: Int64) {
        #expect(Timestamp.parse(text) == expected)
    }

    @Test(arguments: ["", "2024-13-01", "2024-05-02T25:00", "yesterday", "2024-05-02Tx", "2024/05/02"])
    func rejects(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsRoundTrip() {
        for t: Int64 in [0, 951782400, 1714688160, 4102444800] {
            #expect(Timestamp.parse(Timestamp.format(t)) == t)
        }
        #expect(Timestamp.format(1714688160) == "2024-05-02T22:16:00Z")
    }
}

@Suite struct PIIMaskTests {
    @Test(arguments: [
        ("13800138000", Field.phone, "138****8000"),
        ("+8613800138000", .phone, "+86 138****8000"),
        ("zhangsan@qq.com", .email, "z***@qq.com"),
        ("张三", .name, "张*"),
        ("欧阳雪晴", .name, "欧***"),
        ("Zhang San", .name, "Z***"),
    ])
    func masks(value: String, field: Field, expected: String) {
        #expect(PIIMask.mask(value, as: field) == expected)
    }

    @Test func tupleDescriptionNeverShowsRawValues() {
        let t = ExtractedTuple(name: "张三", phone: "13800138000", email: "zhangsan@qq.com", line: 3, layout: "line")
        #expect(!t.description.contains("13800138000"))
        #expect(!t.description.contains("zhangsan"))
        #expect(!t.description.contains("张三"))
        #expect(t.masked == ["name": "张*", "phone": "138****8000", "email": "z***@qq.com"])
    }
}
