import Testing
@testable import JailTrace

struct IPAddressTests {
    @Test(arguments: [
        ("192.0.2.1", "192.0.2.1"), ("::ffff:192.0.2.16", "192.0.2.16"), ("::FFFF:198.51.100.7", "198.51.100.7"),
        ("2001:DB8:0:0::1B", "2001:db8::1b"), ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1"), ("::1", "::1"), ("::", "::"),
        ("2001:db8::", "2001:db8::"), ("fe80::1:2:3:4", "fe80::1:2:3:4"), ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"), ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
    ])
    func rfc5952(_ input: String, _ expected: String) {
        #expect(IPAddress(input)?.description == expected)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "::g", "1:2:3:4:5:6:7:8:9",
                      "1::2::3", ":1:2", "1:2:3:4:5:6:7:", "6.6.6.6.example", "abc"])
    func rejects(_ input: String) {
        #expect(IPAddress(input) == nil, "\(input) must not parse")
    }

    @Test func mappedEqualsPlain() {
        #expect(IPAddress("::ffff:192.0.2.16") == IPAddress("192.0.2.16"))
        #expect(IPAddress("192.0.2.16")!.isIPv4 && !IPAddress("2001:db8::1")!.isIPv4)
    }
}
