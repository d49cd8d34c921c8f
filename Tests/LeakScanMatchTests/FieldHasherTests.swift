import Crypto
import LeakScanCore
import Testing
@testable import LeakScanMatch

@Suite("FieldHasher")
struct FieldHasherTests {
    /// Documented test vectors (also in the README's spec section), computed independently with
    /// python3 and cross-checked with openssl:
    /// ```
    /// import hmac, hashlib
    /// key = bytes(range(32))          # 000102…1f
    /// def hkdf(ikm, salt, info, n=32):
    ///     prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    ///     t, okm, i = b"", b"", 1
    ///     while len(okm) < n:
    ///         t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest(); okm += t; i += 1
    ///     return okm[:n]
    /// sk = hkdf(key, b"leakscan-v1", b"phone")
    /// hmac.new(sk, "+8613800138000".encode(), hashlib.sha256).hexdigest()
    /// ```
    /// `openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexkey:000102…1f -kdfopt salt:leakscan-v1
    /// -kdfopt info:phone HKDF` gives the same subkey.
    static let vectors: [(Field, String, String, String)] = [
        (.phone, "+86 138 0013 8000", "+8613800138000", "1d42a16dc6bb7d621d634f6dc2a51f5b3872074db18af5c90c1c7c1f3c01cd39"),
        (.email, " Zhang.San@Example.com", "zhang.san@example.com", "2829442d7a94b07aa49332c4dc8898017541dc8ff72a6ba30ed4566c5d309807"),
        (.name, "张 三", "张三", "f26882c155f5c72efa2b5372e043cc6f0a8c87c2df98b2ed55580072c0d6b7f6"),
        (.name, "Zhang San", "sanzhang", "57da1349515840ab1000a88b9b0707de5d95be2e1954d774aca5a82e98e62c27"),
    ]

    @Test("test vectors: input → normalised → HMAC hex under the test key", arguments: 0..<4)
    func vector(_ i: Int) {
        let (field, raw, normalized, hex) = Self.vectors[i]
        let hasher = FieldHasher(key: TestWorld.testKey)
        #expect(Normalizer.normalize(raw, as: field) == normalized)
        #expect(Hex.encode(hasher.digest(normalized, field: field)) == hex)
        #expect(hasher.prefix(normalized, field: field) == UInt64(hex.prefix(16), radix: 16))
        #expect(hasher.prefix(raw: raw, field: field) == UInt64(hex.prefix(16), radix: 16))
    }

    @Test("HKDF subkey vector")
    func subkey() {
        #expect(Hex.encode(FieldHasher.subkey(TestWorld.testKey, field: .phone))
                == "b274d058558fa400d0374d595040a2dc72dff03ee1b1940c802b62a434fb189f")
    }

    @Test("the pre-keyed HMAC equals swift-crypto's one-shot HMAC for short, empty and long values")
    func prekeyedEqualsOneShot() {
        let key = SecretKey.generate()
        let hasher = FieldHasher(key: key)
        let values = ["", "a", "+8613800138000", String(repeating: "x", count: 63), String(repeating: "y", count: 64),
                      String(repeating: "张", count: 100), "zhang.san@example.com"]
        for field in Field.allCases {
            let sub = SymmetricKey(data: FieldHasher.subkey(key, field: field))
            for v in values {
                let expected = Array(HMAC<SHA256>.authenticationCode(for: Array(v.utf8), using: sub))
                #expect(hasher.digest(v, field: field) == expected)
            }
        }
    }

    @Test("one value hashes differently per field and per key")
    func separation() {
        let a = FieldHasher(key: TestWorld.testKey), b = FieldHasher(key: SecretKey.generate())
        let v = "13800138000"
        #expect(a.digest(v, field: .phone) != a.digest(v, field: .name))
        #expect(a.digest(v, field: .phone) != a.digest(v, field: .email))
        #expect(a.digest(v, field: .phone) != b.digest(v, field: .phone))
    }

    @Test("concurrent hashing from many tasks gives the same answers")
    func concurrent() async {
        let hasher = FieldHasher(key: TestWorld.testKey)
        let expected = (0..<200).map { hasher.prefix("+86138\(String(format: "%08d", $0))", field: .phone) }
        let results = await withTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).map { hasher.prefix("+86138\(String(format: "%08d", $0))", field: .phone) } }
            }
            var all: [[UInt64]] = []
            for await r in group { all.append(r) }
            return all
        }
        for r in results { #expect(r == expected) }
    }
}
