import LeakScanCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One pass over normalised text lines that turns record candidates into tuples.
///
/// Per line: find labels, QQ numbers, phones, emails and names, then
/// - a header row (two or more cells that are exactly labels, no values) sets column roles for
///   the following rows with the same delimiter (until a line without it);
/// - a line holding just one label and its value joins a label block (`姓名：⏎电话：⏎邮箱：`),
///   flushed when a field repeats or a non-label line / blank line comes;
/// - any other line is one record: its phones are the anchors (emails when there is no phone) and
///   every email and name goes to the nearest anchor, so a line with several people splits.
struct RecordScanner {
    let labels: LabelSet
    let surnames: Surnames
    let phones: PhoneDetector
    private(set) var tuples: [ExtractedTuple] = []

    private struct Header { var delimiter: UInt8; var roles: [LabelSet.Role?] }
    private struct Block {
        var firstLine: Int
        var lines = 0
        var name: Found?
        var phone: Found?
        var email: Found?
        var qq: Found?
    }

    private var header: Header?
    private var block: Block?
    // Scratch buffers reused across lines.
    private var labelMatches: [LabelSet.Match] = []
    private var foundPhones: [Found] = []
    private var foundEmails: [Found] = []
    private var foundNames: [Found] = []
    private var excluded: [Range<Int>] = []
    private var cells: [Range<Int>] = []
    private var phoneScratch = PhoneDetector.Scratch()

    init(fingerprints: Fingerprints, phones: PhoneDetector) {
        self.labels = fingerprints.labels
        self.surnames = fingerprints.surnames
        self.phones = phones
    }

    mutating func scan(_ p: UnsafeBufferPointer<UInt8>, tableRows: Set<Int>) {
        guard let base = p.baseAddress else { return }
        var s = 0
        var lineNo = 1
        while s <= p.count {
            let e: Int
            if s < p.count, let nl = memchr(base + s, 10, p.count - s) {
                e = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            } else {
                e = p.count
            }
            line(p, s, e, lineNo, isTableRow: !tableRows.isEmpty && tableRows.contains(lineNo))
            s = e + 1
            lineNo += 1
        }
        flushBlock()
    }

    // MARK: - One line

    private mutating func line(_ p: UnsafeBufferPointer<UInt8>, _ s0: Int, _ e0: Int, _ lineNo: Int, isTableRow: Bool) {
        var s = s0, e = e0
        while e > s && Bytes.isSpace(p[e - 1]) { e -= 1 }
        while s < e && p[s] == 32 { s += 1 }
        if s == e { flushBlock(); return }
        var bits: UInt8 = 0
        labels.lineClasses.withUnsafeBufferPointer { c in
            for i in s..<e { bits |= c[Int(p[i])] }
        }
        let hasDigit = bits & 1 != 0, hasAt = bits & 2 != 0, hasColon = bits & 4 != 0
        let delimiter: UInt8? = bits & 8 != 0 ? 9 : bits & 16 != 0 ? 124 : bits & 32 != 0 ? 44 : bits & 64 != 0 ? 59 : nil
        if let h = header, delimiter != h.delimiter { header = nil }
        let short = e - s <= 256
        guard hasDigit || hasAt || (short && (hasColon || delimiter != nil)) else {
            flushBlock()
            return
        }
        foundPhones.removeAll(keepingCapacity: true)
        foundEmails.removeAll(keepingCapacity: true)
        foundNames.removeAll(keepingCapacity: true)
        excluded.removeAll(keepingCapacity: true)
        if hasDigit { phones.scan(p, s, e, excluded: excluded, scratch: &phoneScratch, into: &foundPhones) }
        if hasAt { EmailDetector.scan(p, s, e, into: &foundEmails) }
        // Labels matter for lines with values, and for short labelled lines without values
        // (header rows, `姓名：张三` in a block, `QQ 12345678`, neutral `年龄：25`).
        let hasValues = !foundPhones.isEmpty || !foundEmails.isEmpty
        guard hasValues || (short && (hasColon || (delimiter != nil && !hasDigit) || (hasDigit && labels.hasQQValue(p, s, e)))) else {
            flushBlock()
            return
        }
        labelMatches.removeAll(keepingCapacity: true)
        labels.scan(p, s, e, into: &labelMatches)

        // Cells (for header rows and column roles).
        cells.removeAll(keepingCapacity: true)
        if let d = delimiter { split(p, s, e, d) }

        // QQ numbers and ignored values after labels.
        for m in labelMatches where m.role == .qq || m.role == .ignore {
            valueAfterIgnoredOrQQ(p, m, e)
        }
        // A QQ column of the active header.
        if let h = header {
            for (k, cell) in cells.enumerated() where k < h.roles.count && h.roles[k] == .qq {
                qqNumber(p, trimmed(p, cell), whole: true)
            }
        }
        // Phones inside excluded spans (order numbers, QQ numbers) are not phones.
        if !excluded.isEmpty && !foundPhones.isEmpty {
            if excluded.count > 1 { excluded.sort { $0.lowerBound < $1.lowerBound } }
            var k = 0
            let spans = excluded
            foundPhones.removeAll { f in   // phones and spans are both in text order
                while k < spans.count && spans[k].upperBound <= f.start { k += 1 }
                return k < spans.count && spans[k].lowerBound < f.end
            }
        }
        if foundEmails.count > 1 { foundEmails.sort { $0.start < $1.start } }

        // Header row?
        if foundPhones.isEmpty && !foundEmails.contains(where: { !$0.weak }), let d = delimiter,
           let roles = headerRoles(p) {
            flushBlock()
            header = Header(delimiter: d, roles: roles)
            return
        }

        // Names: header column, then labels, then surname tokens.
        var columnMode = false
        if let h = header, cells.count >= 2 {
            columnMode = true
            for (k, cell) in cells.enumerated() where k < h.roles.count && h.roles[k] == .name {
                let t = trimmed(p, cell)
                if let v = nameCell(p, t) { foundNames.append(Found(value: v, start: t.lowerBound, end: t.upperBound)) }
            }
        }
        var labelledValues = 0
        for (idx, m) in labelMatches.enumerated() where m.role != .ignore {
            if hasSeparator(p, m.end, e) { labelledValues += 1 }
            guard m.role == .name, !columnMode else { continue }
            let limit = idx + 1 < labelMatches.count ? labelMatches[idx + 1].start : e
            if let f = labelName(p, m, limit) { foundNames.append(f) }
        }
        if foundNames.isEmpty && !(foundPhones.isEmpty && foundEmails.isEmpty) { surnameTokens(p, s, e) }

        // Label block: exactly one field label at the line start, and only its value.
        var roleLabels = 0
        var firstRoleLabel: LabelSet.Match?
        for m in labelMatches where m.role != .ignore {
            roleLabels += 1
            if firstRoleLabel == nil { firstRoleLabel = m }
        }
        if !columnMode, roleLabels == 1, let only = firstRoleLabel, only.start == s, hasSeparatorOrCJK(p, only, e),
           addToBlock(only.role, lineNo) {
            return
        }
        if foundPhones.isEmpty && foundEmails.isEmpty {
            // A short labelled line with nothing we keep (年龄：25) does not break a block.
            if !(short && hasColon && e - s <= 80 && foundNames.isEmpty) { flushBlock() }
            return
        }
        flushBlock()

        let layout: Layout
        if isTableRow { layout = .tableRow }
        else if labelledValues > 0 && !columnMode { layout = .labelValue }
        else if columnMode || isDelimitedRow(delimiter) { layout = .delimited }
        else { layout = .line }

        if columnMode, let h = header {
            emitColumnRow(h, lineNo, layout)
        } else {
            tuples.append(contentsOf: TupleGrouper.group(phones: foundPhones, emails: foundEmails, names: foundNames,
                                                         line: lineNo, layout: layout.rawValue))
        }
    }

    // MARK: - Values

    /// Digits after a QQ label become `N@qq.com`; digits after an ignore label are excluded.
    private mutating func valueAfterIgnoredOrQQ(_ p: UnsafeBufferPointer<UInt8>, _ m: LabelSet.Match, _ e: Int) {
        var i = m.end
        while i < e && (p[i] == 32 || p[i] == 58 || p[i] == 61 || p[i] == 35) { i += 1 }
        if m.role == .qq {
            var j = i
            while j < e && Bytes.isDigit(p[j]) { j += 1 }
            qqNumber(p, i..<j, whole: j >= e || !Bytes.isAlnum(p[j]))
            return
        }
        let start = i
        var letters = 0
        while i < e && Bytes.isAlpha(p[i]) && letters < 4 { i += 1; letters += 1 }
        while i < e {
            if Bytes.isDigit(p[i]) || p[i] == 45 { i += 1; continue }
            if p[i] == 32, i + 1 < e, Bytes.isDigit(p[i + 1]) { i += 1; continue }
            break
        }
        if i > start { excluded.append(start..<i) }
    }

    /// A QQ number (5–11 digits, no leading 0) spanning `r` exactly.
    private mutating func qqNumber(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, whole: Bool) {
        guard whole, (5...11).contains(r.count), p[r.lowerBound] != 48,
              r.allSatisfy({ Bytes.isDigit(p[$0]) }) else { return }
        let digits = String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
        foundEmails.append(Found(value: digits + "@" + labels.qqDomain, start: r.lowerBound, end: r.upperBound, weak: true))
        excluded.append(r)
    }

    /// Whether `:` or `=` follows position `i` (after spaces).
    private func hasSeparator(_ p: UnsafeBufferPointer<UInt8>, _ i0: Int, _ e: Int) -> Bool {
        var i = i0
        while i < e && p[i] == 32 { i += 1 }
        return i < e && (p[i] == 58 || p[i] == 61)
    }

    private func hasSeparatorOrCJK(_ p: UnsafeBufferPointer<UInt8>, _ m: LabelSet.Match, _ e: Int) -> Bool {
        hasSeparator(p, m.end, e) || (m.cjk && m.end < e && p[m.end] >= 0x80)
    }

    /// The name after a name label: `姓名：张三`, `联系人张三`, `Name: Zhang San`, up to the next
    /// label, a delimiter, a digit, two spaces (Latin) or one space (CJK).
    private func labelName(_ p: UnsafeBufferPointer<UInt8>, _ m: LabelSet.Match, _ limit: Int) -> Found? {
        var i = m.end
        while i < limit && p[i] == 32 { i += 1 }
        var sep = false
        if i < limit && (p[i] == 58 || p[i] == 61) { sep = true; i += 1 }
        guard sep || m.cjk else { return nil }
        while i < limit && p[i] == 32 { i += 1 }
        guard i < limit else { return nil }
        let start = i
        if p[i] >= 0xE0 {
            var chars = 0
            while i < limit {
                if Bytes.ideograph(p, i, limit) != nil { i += 3; chars += 1 }
                else if i + 1 < limit, p[i] == 0xC2, p[i + 1] == 0xB7 { i += 2 }              // ·
                else if let sc = Bytes.scalar3(p, i, limit), sc == 0x2022 || sc == 0x30FB { i += 3 } // • ・
                else { break }
            }
            guard (2...6).contains(chars) else { return nil }
            return Found(value: String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self), start: start, end: i)
        }
        guard sep, Bytes.isAlpha(p[i]) else { return nil }
        var letters = 0
        while i < limit {
            let b = p[i]
            if Bytes.isAlpha(b) { letters += 1; i += 1; continue }
            if b == 46 || b == 45 || b == 39 { i += 1; continue }
            if b == 32, i + 1 < limit, Bytes.isAlpha(p[i + 1]) { i += 1; continue }
            break
        }
        var end = i
        while end > start && (p[end - 1] == 32 || p[end - 1] == 46 || p[end - 1] == 45) { end -= 1 }
        guard letters >= 2, end - start <= 48 else { return nil }
        return Found(value: String(decoding: UnsafeBufferPointer(rebasing: p[start..<end]), as: UTF8.self), start: start, end: end)
    }

    /// Standalone 2–4 character CJK runs starting with a surname (not overlapping a label).
    private mutating func surnameTokens(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        var i = s
        var m = 0   // labels before the current run are behind us (both in text order)
        while i < e {
            guard p[i] >= 0xE3, Bytes.ideograph(p, i, e) != nil else { i += 1; continue }
            let start = i
            var chars = 0
            while i < e, Bytes.ideograph(p, i, e) != nil { i += 3; chars += 1 }
            guard chars >= 2 && chars <= 4 else { continue }
            while m < labelMatches.count && labelMatches[m].end <= start { m += 1 }
            if m < labelMatches.count && labelMatches[m].start < i { continue }
            if surnames.looksLikeName(p, start, i, chars: chars) {
                foundNames.append(Found(value: String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self),
                                        start: start, end: i, weak: true))
            }
        }
    }

    /// A name cell under a name header: trimmed, unquoted, no digits or `@`, at most 64 bytes.
    private func nameCell(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String? {
        guard !r.isEmpty, r.count <= 64, !r.contains(where: { Bytes.isDigit(p[$0]) || p[$0] == 64 }) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }

    // MARK: - Structure

    /// Splits `p[s..<e]` at `d`, honouring double quotes for `,`, `;` and tab.
    private mutating func split(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ d: UInt8) {
        var start = s
        var i = s
        var quoted = false
        while i < e {
            let b = p[i]
            if b == 34 && d != 124 {
                if i == start || quoted { quoted = !quoted }
            } else if b == d && !quoted {
                cells.append(start..<i)
                start = i + 1
            }
            i += 1
        }
        cells.append(start..<e)
    }

    /// A cell without surrounding spaces and double quotes.
    private func trimmed(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound, e = r.upperBound
        while s < e && (p[s] == 32 || p[s] == 34) { s += 1 }
        while e > s && (p[e - 1] == 32 || p[e - 1] == 34) { e -= 1 }
        return s..<e
    }

    /// Column roles when at least two cells are exactly field labels (an optional `:` allowed).
    private func headerRoles(_ p: UnsafeBufferPointer<UInt8>) -> [LabelSet.Role?]? {
        guard cells.count >= 2, cells.count <= 64, labelMatches.count >= 2 else { return nil }
        var roles: [LabelSet.Role?] = []
        var known = 0
        var k = 0
        for cell in cells {
            var t = trimmed(p, cell)
            if t.count > 1, p[t.upperBound - 1] == 58 { t = t.lowerBound..<(t.upperBound - 1) }
            while k < labelMatches.count && labelMatches[k].start < t.lowerBound { k += 1 }
            let m = k < labelMatches.count && labelMatches[k].start == t.lowerBound && labelMatches[k].end == t.upperBound
                && labelMatches[k].role != .ignore ? labelMatches[k] : nil
            roles.append(m?.role)
            if m != nil { known += 1 }
        }
        return known >= 2 ? roles : nil
    }

    private func isDelimitedRow(_ d: UInt8?) -> Bool {
        guard let d else { return false }
        if d == 9 || d == 124 { return cells.count >= 2 }
        return cells.count >= 2 && cells.allSatisfy { $0.count <= 64 }
    }

    /// One tuple for a row under a header: the name column, the first phone (in a phone column
    /// if any), the first email (real before QQ); further phones become phone-only tuples.
    private mutating func emitColumnRow(_ h: Header, _ lineNo: Int, _ layout: Layout) {
        func inRole(_ f: Found, _ role: LabelSet.Role) -> Bool {
            cells.enumerated().contains { k, c in k < h.roles.count && h.roles[k] == role && c.contains(f.start) }
        }
        let phone = foundPhones.first { inRole($0, .phone) } ?? foundPhones.first
        let email = foundEmails.first { !$0.weak && inRole($0, .email) } ?? foundEmails.first { !$0.weak } ?? foundEmails.first
        guard phone != nil || email != nil else { return }
        tuples.append(ExtractedTuple(name: foundNames.first?.value, phone: phone?.value, email: email?.value,
                                     line: lineNo, layout: layout.rawValue))
        for extra in foundPhones where extra.start != phone?.start {
            tuples.append(ExtractedTuple(phone: extra.value, line: lineNo, layout: layout.rawValue))
        }
    }

    /// Adds a one-label line to the current block; false when the line carries more than its value.
    private mutating func addToBlock(_ role: LabelSet.Role, _ lineNo: Int) -> Bool {
        let realEmails = foundEmails.filter { !$0.weak }
        let qqs = foundEmails.filter { $0.weak }
        let value: Found?
        switch role {
        case .name:
            guard foundPhones.isEmpty, foundEmails.isEmpty, foundNames.count == 1, !foundNames[0].weak else { return false }
            value = foundNames[0]
        case .phone:
            guard foundPhones.count == 1, foundEmails.isEmpty else { return false }
            value = foundPhones[0]
        case .email:
            guard foundPhones.isEmpty, realEmails.count == 1, qqs.isEmpty else { return false }
            value = realEmails[0]
        case .qq:
            guard foundPhones.isEmpty, realEmails.isEmpty, qqs.count == 1 else { return false }
            value = qqs[0]
        case .ignore:
            return false
        }
        guard let value else { return false }
        if block == nil { block = Block(firstLine: lineNo) }
        let occupied: Bool
        switch role {
        case .name: occupied = block!.name != nil
        case .phone: occupied = block!.phone != nil
        case .email: occupied = block!.email != nil
        case .qq: occupied = block!.qq != nil
        case .ignore: occupied = false
        }
        if occupied { flushBlock(); block = Block(firstLine: lineNo) }
        switch role {
        case .name: block!.name = value
        case .phone: block!.phone = value
        case .email: block!.email = value
        case .qq: block!.qq = value
        case .ignore: break
        }
        block!.lines += 1
        return true
    }

    private mutating func flushBlock() {
        guard let b = block else { return }
        block = nil
        let email = b.email ?? b.qq
        guard b.phone != nil || email != nil else { return }
        tuples.append(ExtractedTuple(name: b.name?.value, phone: b.phone?.value, email: email?.value, line: b.firstLine,
                                     layout: (b.lines >= 2 ? Layout.labelBlock : Layout.labelValue).rawValue))
    }
}
