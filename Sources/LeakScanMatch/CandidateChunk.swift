import Foundation
import LeakScanCore

/// The shape of a candidate input file.
enum CandidateInputKind: Sendable {
    /// `candidate_id,name,phone,email`: column positions of id, name, phone, email.
    case raw(id: Int, name: Int, phone: Int, email: Int, width: Int)
    /// `candidate_id,field,hash_hex`: column positions of id, field, hash.
    case prehashed(id: Int, field: Int, hash: Int, width: Int)

    var width: Int {
        switch self {
        case .raw(_, _, _, _, let w), .prehashed(_, _, _, let w): w
        }
    }
}

/// What one worker made of one chunk of records: ids and hashed entries, with problems by
/// line offset within the chunk. Holds no raw or normalised value.
struct CandidateChunk: Sendable {
    /// Id bytes of each good row, concatenated; `idEnds[r]` ends row `r`'s id.
    var idBytes: [UInt8] = []
    var idEnds: [Int] = []
    /// Entries: row index, field (index in `Field.allCases`), hash prefix.
    var entryRows: [UInt32] = []
    var entryFields: [UInt8] = []
    var entryKeys: [UInt64] = []
    /// Problems: line offset from the chunk's first line, message, whole row (else one value).
    var notes: [(line: Int, message: String, row: Bool)] = []
    var skippedRows = 0
    var skippedValues = 0
    /// Newlines in the chunk (so the next chunk knows its first line).
    var newlines = 0
    /// Strict mode: the first problem stops the chunk.
    var stopped = false

    static let noteLimit = 100

    mutating func note(_ line: Int, _ message: String, row: Bool) {
        if row { skippedRows += 1 } else { skippedValues += 1 }
        if notes.count < Self.noteLimit { notes.append((line, message, row)) }
    }

    /// Parses, normalises and hashes the records in `[start, end)` of `p`.
    static func process(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, kind: CandidateInputKind,
                        hasher: FieldHasher, strict: Bool) -> CandidateChunk {
        var chunk = CandidateChunk()
        let splitter = CSVFieldSplitter()
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: Normalizer.byteOutputCapacity)
        defer { out.deallocate() }
        chunk.idEnds.reserveCapacity((end - start) / 40)
        chunk.entryKeys.reserveCapacity((end - start) / 14)
        var i = start
        var line = 0
        while i < end && !chunk.stopped {
            let r = CSVBytes.recordEnd(p, i, end)
            let recordLine = line
            line += r.end > i ? CSVBytes.countNewlines(p, i, r.end) : 0
            if r.end < end { line += 1 }
            defer { i = r.end + 1 }
            if r.open {
                chunk.note(recordLine, "unterminated quoted field", row: true)
                if strict { chunk.stopped = true }
                break
            }
            guard splitter.split(p, i, r.end) else { continue }
            chunk.row(splitter.fields, line: recordLine, kind: kind, hasher: hasher, strict: strict, out: out)
        }
        chunk.newlines = line
        return chunk
    }

    @inline(__always) static func trim(_ v: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var s = 0, e = v.count
        while s < e && (v[s] == 0x20 || v[s] == 0x09) { s += 1 }
        while e > s && (v[e - 1] == 0x20 || v[e - 1] == 0x09) { e -= 1 }
        return UnsafeRawBufferPointer(rebasing: v[s..<e])
    }

    @inline(__always) static func isBlank(_ v: UnsafeRawBufferPointer) -> Bool {
        v.allSatisfy { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
    }

    @inline(__always) static func isASCII(_ v: UnsafeRawBufferPointer) -> Bool {
        v.allSatisfy { $0 < 0x80 }
    }

    private mutating func problem(_ line: Int, _ message: String, row: Bool, strict: Bool) {
        note(line, message, row: row)
        if strict { stopped = true }
    }

    private mutating func row(_ fields: [UnsafeRawBufferPointer], line: Int, kind: CandidateInputKind,
                              hasher: FieldHasher, strict: Bool, out: UnsafeMutablePointer<UInt8>) {
        guard fields.count == kind.width else {
            problem(line, "expected \(kind.width) fields, found \(fields.count)", row: true, strict: strict)
            return
        }
        switch kind {
        case .raw(let idc, let namec, let phonec, let emailc, _):
            let id = Self.trim(fields[idc])
            if id.isEmpty { problem(line, "empty candidate_id", row: true, strict: strict); return }
            if !Self.isASCII(id) && String(validating: id, as: UTF8.self) == nil {
                problem(line, "invalid UTF-8", row: true, strict: strict); return
            }
            let rowIndex = UInt32(idEnds.count)
            let mark = entryKeys.count
            for slot in 0..<3 {
                let f: Field = slot == 0 ? .name : slot == 1 ? .phone : .email
                let v = fields[slot == 0 ? namec : slot == 1 ? phonec : emailc]
                if Self.isBlank(v) { continue }
                var key: UInt64? = nil
                switch Normalizer.normalize(bytes: v, as: f, into: out) {
                case .value(let n):
                    key = hasher.prefix(normalizedBytes: UnsafeRawBufferPointer(start: out, count: n), field: f)
                case .invalid: break
                case .slowPath:
                    guard let s = String(validating: v, as: UTF8.self) else {
                        Self.truncate(&entryRows, &entryFields, &entryKeys, to: mark)
                        problem(line, "invalid UTF-8", row: true, strict: strict); return
                    }
                    key = Normalizer.normalize(s, as: f).map { hasher.prefix($0, field: f) }
                }
                guard let key else {
                    problem(line, "\(f.rawValue) does not normalise to a valid \(f.rawValue)", row: false, strict: strict)
                    if strict { Self.truncate(&entryRows, &entryFields, &entryKeys, to: mark); return }
                    continue
                }
                entryRows.append(rowIndex); entryFields.append(Self.fieldIndex(f)); entryKeys.append(key)
            }
            idBytes.append(contentsOf: id)
            idEnds.append(idBytes.count)
        case .prehashed(let idc, let fieldc, let hashc, _):
            let id = Self.trim(fields[idc])
            if id.isEmpty { problem(line, "empty candidate_id", row: true, strict: strict); return }
            if !Self.isASCII(id) && String(validating: id, as: UTF8.self) == nil {
                problem(line, "invalid UTF-8", row: true, strict: strict); return
            }
            guard let f = Self.field(Self.trim(fields[fieldc])) else {
                problem(line, "field must be phone, email or name", row: true, strict: strict); return
            }
            let h = Self.trim(fields[hashc])
            guard h.count == 16 || h.count == 64, let k = Self.hexPrefix(h) else {
                problem(line, "hash_hex must be 64 (or the first 16) hex characters of the HMAC-SHA256", row: true, strict: strict)
                return
            }
            let rowIndex = UInt32(idEnds.count)
            idBytes.append(contentsOf: id)
            idEnds.append(idBytes.count)
            entryRows.append(rowIndex); entryFields.append(Self.fieldIndex(f)); entryKeys.append(k)
        }
    }

    static func truncate(_ a: inout [UInt32], _ b: inout [UInt8], _ c: inout [UInt64], to n: Int) {
        a.removeLast(a.count - n); b.removeLast(b.count - n); c.removeLast(c.count - n)
    }

    @inline(__always) static func fieldIndex(_ f: Field) -> UInt8 {
        switch f { // Field.allCases order
        case .name: 0
        case .phone: 1
        case .email: 2
        }
    }

    static func field(_ v: UnsafeRawBufferPointer) -> Field? {
        let lower = String(decoding: v.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        return Field(rawValue: lower)
    }

    /// The first 16 hex digits as a big-endian UInt64, or nil when any character is not hex.
    static func hexPrefix(_ v: UnsafeRawBufferPointer) -> UInt64? {
        var k: UInt64 = 0
        for (i, c) in v.enumerated() {
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            case 0x41...0x46: d = c - 0x41 + 10
            default: return nil
            }
            if i < 16 { k = k << 4 | UInt64(d) }
        }
        return k
    }
}
