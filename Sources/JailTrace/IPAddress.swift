/// An IPv4 or IPv6 address in 16 bytes. IPv4 and IPv4-mapped IPv6 (`::ffff:a.b.c.d`) are the same
/// value, so a client seen both ways is one client. Printed in RFC 5952 form.
public struct IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// High and low 64 bits of the IPv6 form (IPv4 is stored mapped).
    public let high: UInt64
    public let low: UInt64

    /// Whether this is an IPv4 address (stored IPv4-mapped).
    public var isIPv4: Bool { high == 0 && (low >> 32) == 0xFFFF }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// An IPv4 address from its 32-bit value.
    public init(ipv4 value: UInt32) {
        self.init(high: 0, low: 0xFFFF_0000_0000 | UInt64(value))
    }

    /// Parses text such as `192.0.2.1`, `2001:DB8::1`, `::ffff:192.0.2.1`.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ IPAddress.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// Parses an address that fills `bytes` exactly. Nil for anything else (no partial parses).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        if bytes.isEmpty || bytes.count > 45 { return nil }
        var hasColon = false
        for b in bytes where b == 0x3A { hasColon = true; break }
        if !hasColon {
            guard let v4 = parseIPv4(bytes) else { return nil }
            return IPAddress(ipv4: v4)
        }
        return parseIPv6(bytes)
    }

    static func parseIPv4(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for b in bytes {
            if b >= 0x30 && b <= 0x39 {
                if digits > 0 && part == 0 { return nil }   // no leading zeros ("01")
                part = part * 10 + UInt32(b - 0x30)
                digits += 1
                if digits > 3 || part > 255 { return nil }
            } else if b == 0x2E {
                if digits == 0 || parts == 3 { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else {
                return nil
            }
        }
        if digits == 0 || parts != 3 { return nil }
        return value << 8 | part
    }

    static func parseIPv6(_ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        var groups = [UInt16](repeating: 0, count: 8)
        var count = 0
        var gap = -1            // index in groups where "::" stands
        var i = 0
        let n = bytes.count
        if n >= 2 && bytes[0] == 0x3A && bytes[1] == 0x3A {
            gap = 0
            i = 2
            if i == n { return IPAddress(high: 0, low: 0) }
        } else if bytes[0] == 0x3A {
            return nil
        }
        while i < n {
            // An embedded IPv4 tail?
            var j = i
            var sawDot = false
            while j < n && bytes[j] != 0x3A { if bytes[j] == 0x2E { sawDot = true }; j += 1 }
            if sawDot {
                guard j == n, count <= 6,
                      let v4 = parseIPv4(UnsafeRawBufferPointer(rebasing: bytes[i..<n])) else { return nil }
                groups[count] = UInt16(v4 >> 16)
                groups[count + 1] = UInt16(v4 & 0xFFFF)
                count += 2
                i = n
                break
            }
            let len = j - i
            if len == 0 || len > 4 || count == 8 { return nil }
            var value: UInt16 = 0
            for k in i..<j {
                let b = bytes[k]
                let d: UInt16
                switch b {
                case 0x30...0x39: d = UInt16(b - 0x30)
                case 0x61...0x66: d = UInt16(b - 0x61 + 10)
                case 0x41...0x46: d = UInt16(b - 0x41 + 10)
                default: return nil
                }
                value = value << 4 | d
            }
            groups[count] = value
            count += 1
            i = j
            if i < n {
                // at a ':'
                if i + 1 < n && bytes[i + 1] == 0x3A {
                    if gap >= 0 { return nil }
                    gap = count
                    i += 2
                } else {
                    i += 1
                    if i == n { return nil }
                }
            }
        }
        if gap >= 0 {
            if count >= 8 { return nil }
            let tail = count - gap
            var full = [UInt16](repeating: 0, count: 8)
            for k in 0..<gap { full[k] = groups[k] }
            for k in 0..<tail { full[8 - tail + k] = groups[gap + k] }
            groups = full
        } else if count != 8 {
            return nil
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for k in 0..<4 { high = high << 16 | UInt64(groups[k]) }
        for k in 4..<8 { low = low << 16 | UInt64(groups[k]) }
        return IPAddress(high: high, low: low)
    }

    /// RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups
    /// (the first when tied) as `::`; IPv4(-mapped) as dotted quad.
    public var description: String {
        if isIPv4 {
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
        }
        var groups = [UInt16](repeating: 0, count: 8)
        for k in 0..<4 { groups[k] = UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64(k))) }
        for k in 0..<4 { groups[4 + k] = UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64(k))) }
        var bestStart = -1, bestLen = 0, runStart = -1
        for k in 0...8 {
            if k < 8 && groups[k] == 0 {
                if runStart < 0 { runStart = k }
            } else if runStart >= 0 {
                let len = k - runStart
                if len > bestLen && len >= 2 { bestStart = runStart; bestLen = len }
                runStart = -1
            }
        }
        var out = ""
        var k = 0
        while k < 8 {
            if k == bestStart {
                out += k == 0 ? "::" : ":"
                k += bestLen
                continue
            }
            out += String(groups[k], radix: 16)
            if k < 7 { out += ":" }
            k += 1
        }
        return out
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ip = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = ip
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
