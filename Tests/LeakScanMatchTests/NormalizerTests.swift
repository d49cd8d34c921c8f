import LeakScanCore
import Testing
@testable import LeakScanMatch

@Suite("Normalizer")
struct NormalizerTests {
    @Test("China mobiles in any prefix, separator or width become +86 and 11 digits",
          arguments: ["+86 138 0013 8000", "0086-138-0013-8000", "86 138 0013 8000", "8613800138000",
                      "１３８００１３８０００", "138-0013-8000", "13800138000", "(+86) 138.0013.8000",
                      "+86-13800138000", "+86 0 138 0013 8000", "tel: 138 0013 8000", "＋８６ １３８ ００１３ ８０００",
                      "138 0013 8000\u{00A0}", "00 86 13800138000"])
    func chinaMobile(_ raw: String) {
        #expect(Normalizer.phone(raw) == "+8613800138000")
    }

    @Test("other numbers", arguments: [
        ("+1 (415) 555-0100", "+14155550100"),
        ("001 415 555 0100", "+14155550100"),
        ("+852 9123 4567", "+85291234567"),
        ("010-1234-5678", "+861012345678"),        // China landline with trunk 0
        ("+86 10 1234 5678", "+861012345678"),
        ("12345678", "12345678"),                  // national digits kept
        ("1234567", "1234567"),
    ])
    func otherNumbers(_ raw: String, _ expected: String) {
        #expect(Normalizer.phone(raw) == expected)
    }

    @Test("implausible phones give nil", arguments: ["", "123456", "abc", "+", "6222 0212 3456 7890 123", "1-2-3"])
    func notPhones(_ raw: String) {
        #expect(Normalizer.phone(raw) == nil)
    }

    @Test("emails: NFKC, whitespace removed, lowercased", arguments: [
        ("  Zhang.San@Example.COM ", "zhang.san@example.com"),
        ("zhang.san@example.com", "zhang.san@example.com"),
        ("ＺＨＡＮＧ．ＳＡＮ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang.san@example.com"),
        ("zhang.san @ example.com\n", "zhang.san@example.com"),
        ("12345678@QQ.com", "12345678@qq.com"),
    ])
    func emails(_ raw: String, _ expected: String) {
        #expect(Normalizer.email(raw) == expected)
    }

    @Test("not emails", arguments: ["", "zhang", "@example.com", "a@@example.com", "a@b@example.com", "a@example",
                                    "a@.example.com", "a@example.com.", "a@example..com"])
    func notEmails(_ raw: String) {
        #expect(Normalizer.email(raw) == nil)
    }

    @Test("names that must normalise equal", arguments: [
        ("Zhang San", "san zhang"), ("ZHANG  SAN", "San Zhang"), ("张 三", "张三"), ("阿依·买买提", "阿依买买提"),
        ("阿依•买买提", "阿依买买提"), ("阿依・买买提", "阿依 买买提"),
        ("Ｗａｎｇ Ｗｅｉ", "wei wang"), ("J. R. Smith", "smith r j"), ("José García", "garcía josé"),
    ])
    func namesEqual(_ a: String, _ b: String) throws {
        let na = try #require(Normalizer.name(a))
        #expect(na == Normalizer.name(b))
    }

    @Test("name normal forms", arguments: [
        ("Zhang San", "sanzhang"), ("张 三", "张三"), ("阿依·买买提", "阿依买买提"), ("  欧阳 雪晴 ", "欧阳雪晴"),
    ])
    func nameForms(_ raw: String, _ expected: String) {
        #expect(Normalizer.name(raw) == expected)
    }

    @Test("empty or letterless names give nil", arguments: ["", "   ", "·", "12345", " . "])
    func notNames(_ raw: String) {
        #expect(Normalizer.name(raw) == nil)
    }

    @Test("normalize(_:as:) dispatches per field")
    func dispatch() {
        #expect(Normalizer.normalize("138 0013 8000", as: .phone) == "+8613800138000")
        #expect(Normalizer.normalize("A@B.CN", as: .email) == "a@b.cn")
        #expect(Normalizer.normalize("Zhang San", as: .name) == "sanzhang")
    }
}
