/// Named HTML entities the converter decodes (the ones seen on forum and paste pages).
enum Entities {
    static let table: [String: UInt32] = [
        "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "nbsp": 0xA0, "ensp": 0x2002, "emsp": 0x2003,
        "thinsp": 0x2009, "copy": 0xA9, "reg": 0xAE, "trade": 0x2122, "middot": 0xB7, "bull": 0x2022,
        "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "lsquo": 0x2018, "rsquo": 0x2019,
        "ldquo": 0x201C, "rdquo": 0x201D, "laquo": 0xAB, "raquo": 0xBB, "yen": 0xA5, "times": 0xD7,
        "divide": 0xF7, "deg": 0xB0, "plusmn": 0xB1, "sect": 0xA7, "para": 0xB6, "euro": 0x20AC,
        "pound": 0xA3, "cent": 0xA2, "zwj": 0x200D, "zwnj": 0x200C, "shy": 0xAD, "commat": 64,
        "period": 46, "colon": 58, "hyphen": 45, "lpar": 40, "rpar": 41, "lsqb": 91, "rsqb": 93, "num": 35,
        "larr": 0x2190, "rarr": 0x2192, "uarr": 0x2191, "darr": 0x2193,
    ]

    /// The scalar of the entity name `p[s..<e]` (case-sensitive, as in HTML), or nil.
    static func named(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt32? {
        guard e - s <= 10 else { return nil }
        return table[String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)]
    }
}
