/// A generated (fake) person: never a real one. Phones are random 1[3-9]x numbers, emails
/// random strings at common mail domains, names drawn from common surnames and given-name
/// characters.
public struct SyntheticPerson: Sendable, Hashable {
    public var id: String
    public var name: String
    public var phone: String
    public var email: String

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let compoundSurnames = ["欧阳", "司马", "诸葛", "上官", "东方"]
    static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红鹏飞玲桂芝斌宇浩凯健俊帆帅旭宁亮林琳晨辰瑶欣怡子涵梓轩浩然雨泽思远佳琪嘉怡").map(String.init)
    static let domains = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com", "example.com"]
    static let mobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                                 "155", "156", "157", "158", "159", "166", "170", "176", "177", "178", "180", "181",
                                 "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"]

    /// A new random person with the given id.
    public static func random(id: String, using rng: inout SeededRandom) -> SyntheticPerson {
        let surname = Int.random(in: 0..<20, using: &rng) == 0
            ? compoundSurnames.randomElement(using: &rng)!
            : surnames.randomElement(using: &rng)!
        var name = surname
        for _ in 0..<Int.random(in: 1...2, using: &rng) { name += givenChars.randomElement(using: &rng)! }
        var phone = mobilePrefixes.randomElement(using: &rng)!
        for _ in 0..<8 { phone += String(Int.random(in: 0...9, using: &rng)) }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var local = ""
        for _ in 0..<Int.random(in: 5...9, using: &rng) { local.append(letters.randomElement(using: &rng)!) }
        local += String(Int.random(in: 10...9999, using: &rng))
        let domain = domains.randomElement(using: &rng)!
        return SyntheticPerson(id: id, name: name, phone: phone, email: "\(local)@\(domain)")
    }
}
