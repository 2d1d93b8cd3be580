import JailTrace

/// Byte-level writers for the streaming outputs (`events`): no intermediate String per event.
extension OutputSink {
    /// Appends a literal.
    @inline(__always)
    public func raw(_ s: StaticString) {
        append(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Appends a decimal integer.
    public func int(_ v: Int64) {
        var v = v
        if v < 0 { raw("-"); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buf in
            var i = 20
            repeat {
                i -= 1
                buf[i] = UInt8(v % 10) + 0x30
                v /= 10
            } while v > 0
            append(UnsafeRawBufferPointer(rebasing: buf[i...]))
        }
    }

    /// Appends `n` as exactly `width` digits.
    @inline(__always)
    func padded(_ n: Int, _ width: Int) {
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buf in
            var v = n
            for i in stride(from: width - 1, through: 0, by: -1) {
                buf[i] = UInt8(v % 10) + 0x30
                v /= 10
            }
            append(UnsafeRawBufferPointer(rebasing: buf[0..<width]))
        }
    }

    /// Appends RFC 3339 UTC for microseconds since the epoch (same text as `CivilTime.rfc3339`).
    public func rfc3339(_ micros: Int64) {
        let (y, m, d, sod, frac) = CivilTime.components(micros: micros)
        padded(y, 4); raw("-"); padded(m, 2); raw("-"); padded(d, 2); raw("T")
        padded(sod / 3600, 2); raw(":"); padded(sod / 60 % 60, 2); raw(":"); padded(sod % 60, 2)
        if frac != 0 {
            var f = frac, width = 6
            while f % 10 == 0 { f /= 10; width -= 1 }
            raw("."); padded(f, width)
        }
        raw("Z")
    }

    /// Appends a JSON string literal: the fast path copies clean ASCII/UTF-8 as is; anything
    /// that needs escaping goes through `Escape.json`.
    public func jsonString(_ s: String) {
        var s = s
        let clean = s.withUTF8 { buf -> Bool in
            for b in buf where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 || b == 0x7F || b == 0xC2 || b == 0xE2 {
                return false   // 0xC2: C1 controls, 0xE2: U+2028/9 — let the slow path decide
            }
            return true
        }
        if clean {
            raw("\"")
            s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
            raw("\"")
        } else {
            write(Escape.json(s))
        }
    }
}
