#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CharsetDecoder {
    /// Converts `bytes` from `charset` to UTF-8 with glibc `iconv`, replacing each undecodable
    /// byte (and a truncated final sequence) with U+FFFD. Returns nil when iconv does not know
    /// the charset.
    static func convert(_ bytes: [UInt8], from charset: String) -> String? {
        let name = charset.uppercased()
        guard let cd = iconv_open("UTF-8", name), Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        if bytes.isEmpty { return "" }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 2 + 16)
        var produced = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        input.withUnsafeMutableBytes { inRaw in
            var inPtr: UnsafeMutablePointer<CChar>? = inRaw.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = inRaw.count
            while inLeft > 0 {
                if output.count - produced < 64 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let capacity = output.count - produced
                var outLeft = capacity
                let (result, err) = output.withUnsafeMutableBytes { outRaw -> (Int, Int32) in
                    var outPtr: UnsafeMutablePointer<CChar>? = (outRaw.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return (r, errno)
                }
                produced += capacity - outLeft
                guard result == -1 else { break }
                switch err {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: output.count))
                case EILSEQ, EINVAL:
                    // Invalid (or truncated) sequence: one replacement char, skip one byte, resync.
                    if output.count - produced < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                    output.replaceSubrange(produced..<produced + 3, with: replacement)
                    produced += 3
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                default:
                    inLeft = 0
                }
            }
        }
        return String(decoding: output[0..<produced], as: UTF8.self)
    }
}
