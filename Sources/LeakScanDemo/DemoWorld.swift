import Foundation
import LeakScanCore

/// Generates a small synthetic platform world and leak pages, for `leakscan demo`, the tests and
/// the benchmarks. Everything is fake and reproducible from the seed.
///
/// The world: candidates; enterprise accounts with a skewed download log (most download a little,
/// a few innocent accounts download a lot); two leaker accounts whose downloads end up on a forum
/// thread (two pages, HTML table) and a paste (label-value text); one canary record issued to the
/// first leaker and one virtual number shown only to the second; an innocent account that
/// downloads the leaked records only after the post date; a noise page with ID-card, order and
/// bank-card numbers that must not be read as phones.
public enum DemoWorld {
    /// Sizes of the generated world.
    public struct Options: Sendable {
        public var seed: UInt64
        public var candidates: Int
        public var accounts: Int
        public init(seed: UInt64 = 20261123, candidates: Int = 3000, accounts: Int = 150) {
            self.seed = seed
            self.candidates = candidates
            self.accounts = accounts
        }
    }

    /// What was planted, for checking results (never shown outside the demo).
    public struct Truth: Sendable, Codable {
        /// The account whose downloads were posted on the forum thread (and who got the canary).
        public var threadLeaker: String
        /// The account whose downloads were posted in the paste (and who saw the virtual number).
        public var pasteLeaker: String
        /// The innocent account that downloaded the thread's records after the post date.
        public var lateDownloader: String
        /// The canary candidate id planted on the thread.
        public var canaryID: String
        /// The candidate behind the virtual number planted in the paste.
        public var virtualCandidateID: String
        /// Candidate ids planted per page path (relative to the site root).
        public var planted: [String: [String]]
        /// Page paths relative to the site root.
        public var threadPages: [String]
        public var pastePage: String
        public var noisePage: String
        /// Epoch seconds of the post date printed on the thread.
        public var postDate: Int64
    }

    /// Writes `candidates.csv`, `downloads.csv`, `canaries.csv`, `virtual_numbers.csv`,
    /// `truth.json` and `site/…` pages into `directory` (created).
    public static func generate(into directory: String, options: Options = Options()) throws -> Truth {
        var rng = SeededRandom(seed: options.seed)
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/site/forum", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: directory + "/site/paste", withIntermediateDirectories: true)

        // Candidates, with unique phones and emails.
        var people: [SyntheticPerson] = []
        var phones = Set<String>(), emails = Set<String>()
        while people.count < options.candidates {
            let p = SyntheticPerson.random(id: String(format: "C%06d", people.count + 1), using: &rng)
            guard phones.insert(p.phone).inserted, emails.insert(p.email).inserted else { continue }
            people.append(p)
        }
        var csv = "candidate_id,name,phone,email\n"
        for (i, p) in people.enumerated() {
            // Some candidates have no email on file.
            csv += "\(p.id),\(p.name),\(p.phone),\(i % 9 == 4 ? "" : p.email)\n"
        }
        try write(csv, to: directory + "/candidates.csv")

        // Accounts and a skewed download log.
        let accounts = (1...options.accounts).map { String(format: "ACC-%04d", $0) }
        let threadLeaker = accounts[41 % accounts.count]
        let pasteLeaker = accounts[76 % accounts.count]
        let lateDownloader = accounts[98 % accounts.count]
        let heavyInnocents = [accounts[7 % accounts.count], accounts[23 % accounts.count], accounts[120 % accounts.count]]
        let start = Timestamp.parse("2026-01-05T00:00:00Z")!
        let end = Timestamp.parse("2026-10-31T00:00:00Z")!
        let postDate = Timestamp.parse("2026-11-10T20:30:00+08:00")!
        let late = Timestamp.parse("2026-11-15T09:00:00+08:00")!
        var downloads: [(String, String, Int64)] = []
        var downloadedBy: [String: [Int]] = [:]
        for account in accounts {
            let count: Int
            if account == threadLeaker { count = 260 }
            else if account == pasteLeaker { count = 180 }
            else if heavyInnocents.contains(account) { count = options.candidates / 4 }
            else { count = Int(pow(Double.random(in: 0...1, using: &rng), 3) * 60) + 3 }
            var picked = Set<Int>()
            while picked.count < min(count, people.count) { picked.insert(Int.random(in: 0..<people.count, using: &rng)) }
            let sorted = picked.sorted()
            downloadedBy[account] = sorted
            for i in sorted { downloads.append((account, people[i].id, Int64.random(in: start...end, using: &rng))) }
        }

        // The thread: 70 records the thread leaker downloaded, plus the canary; the paste: 45
        // records the paste leaker downloaded, plus the virtual number and some people unknown
        // to the platform.
        let threadPeople = Array(downloadedBy[threadLeaker]!.shuffled(using: &rng).prefix(70)).map { people[$0] }
        let pasteIndexes = downloadedBy[pasteLeaker]!.filter { i in !threadPeople.contains { $0.id == people[i].id } }
        let pastePeople = Array(pasteIndexes.shuffled(using: &rng).prefix(45)).map { people[$0] }
        // The late downloader takes every thread record, but only after the post date.
        for p in threadPeople { downloads.append((lateDownloader, p.id, late + Int64.random(in: 0...86400, using: &rng))) }
        downloads.sort { ($0.2, $0.0) < ($1.2, $1.0) }
        var log = "account_id,candidate_id,downloaded_at\n"
        for (a, c, t) in downloads { log += "\(a),\(c),\(Timestamp.format(t))\n" }
        try write(log, to: directory + "/downloads.csv")

        // Canary issued to the thread leaker; virtual number shown only to the paste leaker.
        var canary = SyntheticPerson.random(id: "CANARY-0001", using: &rng)
        canary.name = "欧阳" + "雪晴"
        try write("candidate_id,account_id,name,phone,email\n\(canary.id),\(threadLeaker),\(canary.name),\(canary.phone),\(canary.email)\n",
                  to: directory + "/canaries.csv")
        let virtualOwner = pastePeople[0]
        var virtualPhone = "170"
        for _ in 0..<8 { virtualPhone += String(Int.random(in: 0...9, using: &rng)) }
        var vcsv = "virtual_phone,candidate_id,account_id\n\(virtualPhone),\(virtualOwner.id),\(pasteLeaker)\n"
        for (k, p) in people.prefix(20).enumerated() {
            vcsv += "1709\(String(format: "%07d", k * 7919 % 10_000_000)),\(p.id),\(accounts[k % accounts.count])\n"
        }
        try write(vcsv, to: directory + "/virtual_numbers.csv")

        // Pages.
        let pageOne = Array(threadPeople.prefix(35))
        let pageTwo = Array(threadPeople.dropFirst(35)) + [canary]
        try write(threadPage(pageOne, page: 1, pages: 2, rng: &rng), to: directory + "/site/forum/thread-1001-1.html")
        try write(threadPage(pageTwo, page: 2, pages: 2, rng: &rng), to: directory + "/site/forum/thread-1001-2.html")
        let strangers = (0..<10).map { SyntheticPerson.random(id: "X\($0)", using: &rng) }
        // Three bare phone numbers of other candidates: single-field matches, never proof.
        let singles = people.filter { p in !threadPeople.contains(p) && !pastePeople.contains(p) }.prefix(3).map(\.phone)
        try write(pastePage(pastePeople, virtual: (virtualOwner, virtualPhone), strangers: strangers, singles: Array(singles),
                            rng: &rng),
                  to: directory + "/site/paste/a8Kq2x.txt")
        try write(noisePage(rng: &rng), to: directory + "/site/news.html")

        let truth = Truth(threadLeaker: threadLeaker, pasteLeaker: pasteLeaker, lateDownloader: lateDownloader,
                          canaryID: canary.id, virtualCandidateID: virtualOwner.id,
                          planted: ["forum/thread-1001-1.html": pageOne.map(\.id),
                                    "forum/thread-1001-2.html": pageTwo.map(\.id),
                                    "paste/a8Kq2x.txt": pastePeople.map(\.id)],
                          threadPages: ["forum/thread-1001-1.html", "forum/thread-1001-2.html"],
                          pastePage: "paste/a8Kq2x.txt", noisePage: "news.html", postDate: postDate)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(truth).write(to: URL(fileURLWithPath: directory + "/truth.json"))
        return truth
    }

    private static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// A phone written the way sellers write them: plain, grouped, +86, or split by tags.
    private static func obfuscatedPhone(_ phone: String, html: Bool, rng: inout SeededRandom) -> String {
        let d = Array(phone)
        let a = String(d[0..<3]), b = String(d[3..<7]), c = String(d[7...])
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return phone
        case 1: return "\(a) \(b) \(c)"
        case 2: return "+86 \(a)-\(b)-\(c)"
        case 3: return html ? "\(a)<span>\(b)</span>\(c)" : "\(a)-\(b)-\(c)"
        default: return "86-\(phone)"
        }
    }

    private static func obfuscatedEmail(_ email: String, rng: inout SeededRandom) -> String {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return email.replacingOccurrences(of: "@", with: "[at]")
        case 1: return email.replacingOccurrences(of: "@", with: " @ ")
        default: return email
        }
    }

    static func threadPage(_ people: [SyntheticPerson], page: Int, pages: Int, rng: inout SeededRandom) -> String {
        var rows = ""
        for p in people {
            rows += "<tr><td>\(p.name)</td><td>\(obfuscatedPhone(p.phone, html: true, rng: &rng))</td><td>\(obfuscatedEmail(p.email, rng: &rng))</td></tr>\n"
        }
        let next = page < pages ? "<a href=\"thread-1001-\(page + 1).html\" class=\"nxt\">下一页</a>" : ""
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>出售 一手招聘网站简历 精准数据 实时更新 - 数据交易区</title></head>
        <body>
        <div id="postlist">
        <table class="plhin"><tr><td class="pls"><div class="authi">卖家 data_king</div></td>
        <td class="plc"><div class="pi"><em>发表于 2026-11-10 20:30</em></div>
        <div class="t_fsz"><p>出售一手招聘网站简历，精准数据，实时更新，样本如下（第\(page)页）。批量收U/USDT，联系TG。</p>
        <table class="t_table">
        <tr><th>姓名</th><th>手机</th><th>邮箱</th></tr>
        \(rows)</table></div></td></tr></table>
        </div>
        <div class="pg">\(next)</div>
        </body></html>

        """
    }

    static func pastePage(_ people: [SyntheticPerson], virtual: (SyntheticPerson, String), strangers: [SyntheticPerson],
                          singles: [String], rng: inout SeededRandom) -> String {
        var lines = ["== 简历数据 第二批 ==", "格式：姓名 电话 邮箱", ""]
        var all = people.map { ($0, $0.phone) }
        all[0] = (virtual.0, virtual.1)
        all += strangers.map { ($0, $0.phone) }
        all.shuffle(using: &rng)
        for (p, phone) in all {
            lines.append("姓名：\(p.name) 电话：\(obfuscatedPhone(phone, html: false, rng: &rng)) 邮箱：\(obfuscatedEmail(p.email, rng: &rng))")
        }
        lines.append("")
        lines.append("补充号码（无姓名）：")
        for phone in singles { lines.append("电话：\(phone)") }
        lines.append("")
        lines.append("更多数据 联系微信")
        return lines.joined(separator: "\n") + "\n"
    }

    static func noisePage(rng: inout SeededRandom) -> String {
        var idCard = "11010519900307"
        for _ in 0..<4 { idCard += String(Int.random(in: 0...9, using: &rng)) }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Logistics news</title></head><body>
        <h1>Weekly logistics update</h1>
        <p>Order 2026111012345678 shipped; tracking SF1380013800012. Price ¥13800.00, updated 20261110203000.</p>
        <p>Sample ID \(idCard) and card 6222021380013800123 are redacted test values.</p>
        <p>QQ群 123456789 for questions.</p>
        </body></html>

        """
    }
}
