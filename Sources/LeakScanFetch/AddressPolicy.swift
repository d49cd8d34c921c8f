#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Classifies IP addresses that a scanner must not reach when `FetchOptions.allowPrivate` is off:
/// loopback, RFC 1918 private, link-local (incl. the 169.254.169.254 metadata service), CGNAT,
/// unspecified, benchmark, multicast, reserved and broadcast IPv4; and the IPv6 equivalents
/// (::, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8) plus IPv4 embedded in IPv4-mapped,
/// IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.
///
/// Thread safety: pure functions.
public enum AddressPolicy {
    /// Whether the textual IPv4 or IPv6 address is private; `nil` when it is not an IP address.
    public static func isPrivate(_ address: String) -> Bool? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { isPrivateIPv4(Array($0)) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { isPrivateIPv6(Array($0)) }
        }
        return nil
    }

    /// Whether four network-order bytes are a private IPv4 address.
    public static func isPrivateIPv4(_ b: [UInt8]) -> Bool {
        guard b.count == 4 else { return true }
        let (a, c) = (b[0], b[1])
        switch a {
        case 0, 10, 127: return true                      // this network, private, loopback
        case 100 where c & 0xC0 == 64: return true        // 100.64.0.0/10 CGNAT
        case 169 where c == 254: return true              // link-local, metadata
        case 172 where c & 0xF0 == 16: return true        // 172.16.0.0/12
        case 192 where c == 168: return true              // 192.168.0.0/16
        case 192 where c == 0 && b[2] == 0: return true   // 192.0.0.0/24 IETF protocol assignments
        case 198 where c & 0xFE == 18: return true        // 198.18.0.0/15 benchmarking
        case 224...255: return true                       // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Whether sixteen network-order bytes are a private IPv6 address (or embed a private IPv4 one).
    public static func isPrivateIPv6(_ b: [UInt8]) -> Bool {
        guard b.count == 16 else { return true }
        if b[0] & 0xFE == 0xFC { return true }                      // fc00::/7 unique local (incl. fd00:ec2::254)
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true }      // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return true }      // fec0::/10 site-local (deprecated)
        if b[0] == 0xFF { return true }                             // multicast
        if b[0..<10].allSatisfy({ $0 == 0 }) {
            if b[10] == 0xFF && b[11] == 0xFF { return isPrivateIPv4(Array(b[12..<16])) }   // ::ffff:a.b.c.d
            if b[10] == 0 && b[11] == 0 {
                // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
                if b[12..<15].allSatisfy({ $0 == 0 }) && b[15] <= 1 { return true }
                return isPrivateIPv4(Array(b[12..<16]))
            }
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..<12].allSatisfy({ $0 == 0 }) {
            return isPrivateIPv4(Array(b[12..<16]))                 // 64:ff9b::/96 NAT64
        }
        if b[0] == 0x20 && b[1] == 0x02 { return isPrivateIPv4(Array(b[2..<6])) }   // 2002::/16 6to4
        return false
    }

    /// Checks a socket address from libcurl; returns the textual address when it must be refused.
    static func blockedAddress(_ sa: UnsafePointer<sockaddr>) -> String? {
        switch Int32(sa.pointee.sa_family) {
        case AF_INET:
            return sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                var addr = p.pointee.sin_addr
                let bytes = withUnsafeBytes(of: &addr) { Array($0) }
                return isPrivateIPv4(bytes) ? bytes.map(String.init).joined(separator: ".") : nil
            }
        case AF_INET6:
            return sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                var addr = p.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &addr) { Array($0) }
                guard isPrivateIPv6(bytes) else { return nil }
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        default:
            return "address family \(sa.pointee.sa_family)"   // unix sockets etc.: refuse
        }
    }
}
