/// Synthetic leak pages with ground truth: fake people rendered in each supported format, mixed
/// with noise lines that hold phone-like numbers which must not be extracted.
struct SyntheticCorpus {
    struct Person: Equatable {
        var name: String
        var latinName: String
        var phone: String
        var email: String
    }

    enum Format: String, CaseIterable, Sendable {
        case labelValueZH, labelValueEN, csvHeader, pipeNoHeader, tsv, freeLine, obfuscated, htmlTable, htmlBlock, qq
    }

    var rng: SyntheticPeople

    init(seed: UInt64) { rng = SyntheticPeople(seed: seed) }

    mutating func person() -> Person {
        Person(name: rng.name(), latinName: rng.latinName(), phone: rng.phone(), email: rng.email())
    }

    /// Spaced and dashed forms of a phone.
    mutating func styled(_ phone: String) -> String {
        let a = phone.prefix(3), b = phone.dropFirst(3).prefix(4), c = phone.suffix(4)
        switch rng.int(5) {
        case 0: return "\(a) \(b) \(c)"
        case 1: return "\(a)-\(b)-\(c)"
        case 2: return "+86 \(phone)"
        case 3: return "0086-\(a)-\(b)-\(c)"
        default: return phone
        }
    }

    static func fullWidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { c in
            (0x21...0x7E).contains(c.value) ? Unicode.Scalar(c.value + 0xFEE0)! : c
        }))
    }

    /// A noise line: digits and words that are not contact data.
    mutating func noise() -> String {
        let id = "11010519\(80 + rng.int(20))0\(1 + rng.int(9))1\(rng.int(10))\(rng.int(10))\(rng.int(10))\(rng.int(10))\(rng.int(10))"
        let choices = [
            "身份证号码 \(id) 已实名",
            "订单号 2024050\(rng.int(10))12345678 已发货，运费 13.00 元",
            "交易时间 20240502\(rng.int(10))21600 金额 13800.00",
            "银行卡 622202\(rng.int(10))380013800123 户名已隐藏",
            "本帖最后由 admin 于 2024-5-2 22:16 编辑",
            "今天天气不错，我们一起去公园散步，然后吃了午饭。",
            "The quick brown fox jumps over the lazy dog 1234567 times.",
            "版本 1.38.0013.8000 更新说明",
            "QQ群：\(1_000_000_00 + rng.int(1_000_000_000)) 欢迎加入",
        ]
        return choices[rng.int(choices.count)]
    }

    /// A page of `count` people in `format`, with noise lines, and the tuples it must yield.
    mutating func page(_ format: Format, count: Int) -> (text: String, html: Bool, expected: [T]) {
        var lines: [String] = []
        var expected: [T] = []
        func maybeNoise(_ c: inout SyntheticCorpus) { if c.rng.int(3) == 0 { lines.append(c.noise()) } }
        switch format {
        case .csvHeader:
            lines.append("姓名,手机号,邮箱")
            for _ in 0..<count {
                let p = person()
                lines.append("\(p.name),\(p.phone),\(p.email)")
                expected.append(T(p.name, p.phone, p.email))
            }
            return (lines.joined(separator: "\n"), false, expected)
        case .htmlTable:
            var html = "<html><body><table><tr><th>Name</th><th>Phone</th><th>E-mail</th></tr>"
            for _ in 0..<count {
                let p = person()
                html += "<tr><td>\(p.latinName)</td><td>\(p.phone.prefix(3))<span>\(p.phone.dropFirst(3))</span></td><td>\(p.email.replacingOccurrences(of: "@", with: "&#64;"))</td></tr>\n"
                expected.append(T(p.latinName, p.phone, p.email))
            }
            return (html + "</table></body></html>", true, expected)
        case .htmlBlock:
            var html = "<div class=\"t_f\">出售一手简历<br>"
            for _ in 0..<count {
                let p = person()
                html += "姓名：\(p.name)<br />\n手机：\(p.phone)<br />\n邮箱：\(p.email)<br /><br />\n"
                expected.append(T(p.name, p.phone, p.email))
            }
            return (html + "</div>", true, expected)
        default:
            break
        }
        for _ in 0..<count {
            maybeNoise(&self)
            let p = person()
            let phoneOut = p.phone.hasPrefix("+") ? p.phone : p.phone
            switch format {
            case .labelValueZH:
                let s = styled(p.phone)
                let plus = s.hasPrefix("+") || s.hasPrefix("00")
                lines.append("姓名：\(p.name) 电话：\(s) 邮箱：\(p.email)")
                expected.append(T(p.name, plus ? "+86" + p.phone : phoneOut, p.email))
            case .labelValueEN:
                lines.append("Name: \(p.latinName)  Mobile: \(p.phone)  Email: \(p.email)")
                expected.append(T(p.latinName, p.phone, p.email))
            case .pipeNoHeader:
                lines.append("\(p.name) | \(p.phone) | \(p.email)")
                expected.append(T(p.name, p.phone, p.email))
            case .tsv:
                lines.append("\(p.name)\t\(p.phone)\t\(p.email)")
                expected.append(T(p.name, p.phone, p.email))
            case .freeLine:
                lines.append("联系人 \(p.name) \(p.phone)，邮件 \(p.email) 可验")
                expected.append(T(p.name, p.phone, p.email))
            case .obfuscated:
                let local = p.email.split(separator: "@")[0], domain = p.email.split(separator: "@")[1]
                let mail = ["\(local)[at]\(domain)", "\(local)(at)\(domain)", "\(local)＠\(domain)", "\(local) [at] \(domain)"][rng.int(4)]
                lines.append("\(p.name) \(Self.fullWidth(p.phone)) \(mail)")
                expected.append(T(p.name, p.phone, p.email))
            case .qq:
                let qq = String(10000 + rng.int(900_000_000))
                lines.append("\(p.name) 手机 \(p.phone) QQ：\(qq)")
                expected.append(T(p.name, p.phone, qq + "@qq.com"))
            case .csvHeader, .htmlTable, .htmlBlock:
                break
            }
        }
        return (lines.joined(separator: "\n"), false, expected)
    }
}
