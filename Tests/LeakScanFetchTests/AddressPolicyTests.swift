import LeakScanFetch
import Testing

@Suite("AddressPolicy")
struct AddressPolicyTests {
    @Test(arguments: [
        "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
        "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1", "::10.0.0.1",
    ])
    func privateAddresses(_ address: String) {
        #expect(AddressPolicy.isPrivate(address) == true)
    }

    @Test(arguments: [
        "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "169.253.1.1", "192.169.0.1", "203.0.114.1",
        "2606:4700:4700::1111", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:0808:0808::1",
    ])
    func publicAddresses(_ address: String) {
        #expect(AddressPolicy.isPrivate(address) == false)
    }

    @Test func notAnAddress() {
        #expect(AddressPolicy.isPrivate("example.com") == nil)
    }
}
