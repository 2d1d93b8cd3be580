#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Byte helpers for the hot path: literal search (memchr for the first byte, then memcmp) and the
/// conversion of captured bytes into owned text.
enum Bytes {
    /// Whether `needle` occurs in `hay` (a memmem built from memchr + memcmp; glibc's memmem is
    /// not exported to Swift), searching for its first byte.
    @inline(__always)
    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer) -> Bool {
        contains(hay, needle, anchor: 0)
    }

    /// Whether `needle` occurs in `hay`, searching with memchr for its byte at `anchor` (pick a
    /// rare one: memchr for a space or an `e` stops at every word, for a `=` or an uppercase
    /// letter rarely), then comparing the whole needle around each hit.
    @inline(__always)
    static func contains(_ hay: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer, anchor: Int) -> Bool {
        let n = needle.count
        if n == 0 { return true }
        if hay.count < n { return false }
        let byte = Int32(needle[anchor])
        let base = hay.baseAddress!
        var p = base + anchor
        let last = base + (hay.count - n + anchor)   // the anchor byte's last possible place
        while p <= last {
            guard let hit = memchr(p, byte, last - p + 1) else { return false }
            let start = UnsafeRawPointer(hit) - anchor
            if memcmp(start, needle.baseAddress!, n) == 0 { return true }
            p = UnsafeRawPointer(hit) + 1
        }
        return false
    }

    /// The offset of the byte of `needle` least frequent in mail and fail2ban logs (a rough rank:
    /// space and common lowercase letters are everywhere; uppercase letters and most
    /// punctuation are rare).
    static func rarestByteOffset(_ needle: [UInt8]) -> Int {
        func rank(_ b: UInt8) -> Int {
            switch b {
            case 0x20: return 100
            case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
                 UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"), UInt8(ascii: "l"), UInt8(ascii: "d"),
                 UInt8(ascii: "c"), UInt8(ascii: "u"), UInt8(ascii: "m"), UInt8(ascii: "h"): return 80
            case UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "="): return 70
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return 50
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 20
            default: return 30
            }
        }
        var best = 0
        for (i, b) in needle.enumerated() where rank(b) < rank(needle[best]) { best = i }
        return best
    }

    /// Whether `hay` starts with `prefix` at `offset`.
    @inline(__always)
    static func hasPrefix(_ hay: UnsafeRawBufferPointer, _ offset: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        if offset + n > hay.count { return false }
        return memcmp(hay.baseAddress! + offset, prefix.utf8Start, n) == 0
    }

    /// Whether `hay` ends with `suffix`.
    @inline(__always)
    static func hasSuffix(_ hay: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        return n <= hay.count && hasPrefix(hay, hay.count - n, suffix)
    }

    /// A non-negative decimal that fills `bytes` exactly and fits an Int32; nil otherwise.
    static func int32(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
        var v: Int64 = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            v = v * 10 + Int64(b - 0x30)
        }
        return v <= Int64(Int32.max) ? Int32(v) : nil
    }

    /// Whether two byte ranges are equal.
    @inline(__always)
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// Whether `a` equals the lower-case ASCII `lower`, ignoring the case of `a`'s ASCII letters.
    static func equalsFoldingASCII(_ a: UnsafeRawBufferPointer, _ lower: UnsafeRawBufferPointer) -> Bool {
        guard a.count == lower.count else { return false }
        for i in 0..<a.count {
            var b = a[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            if b != lower[i] { return false }
        }
        return true
    }

    /// Whether `bytes` equal `literal`.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && hasPrefix(bytes, 0, literal)
    }

    /// Owned text for captured bytes: valid UTF-8 kept as is, each invalid byte written `\xNN`
    /// (so nothing is lost and nothing invalid reaches an output).
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var out = ""
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var len = 0
            if b < 0x80 { len = 1 } else if b & 0xE0 == 0xC0 && b >= 0xC2 { len = 2 } else if b & 0xF0 == 0xE0 { len = 3 } else if b & 0xF8 == 0xF0 && b <= 0xF4 { len = 4 }
            if len > 0 && i + len <= n, let s = String(validating: UnsafeRawBufferPointer(rebasing: bytes[i..<(i + len)]), as: UTF8.self) {
                out += s
                i += len
            } else {
                out += "\\x" + String(b, radix: 16, uppercase: true).leftPadded(2)
                i += 1
            }
        }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
