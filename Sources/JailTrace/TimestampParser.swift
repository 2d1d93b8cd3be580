/// Hand-written byte parsers for the timestamp forms of SPEC §1. No Foundation, no allocation.
enum TimestampParser {
    @inline(__always) static func digit(_ b: UInt8) -> Int? { b >= 0x30 && b <= 0x39 ? Int(b - 0x30) : nil }

    @inline(__always)
    static func num(_ p: UnsafeRawBufferPointer, _ at: Int, _ n: Int) -> Int? {
        if at + n > p.count { return nil }
        var v = 0
        for i in at..<(at + n) {
            guard let d = digit(p[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    /// `YYYY-MM-DD` at `at`.
    static func parseDate(_ p: UnsafeRawBufferPointer, _ at: Int) -> (y: Int, m: Int, d: Int)? {
        guard let y = num(p, at, 4), at + 10 <= p.count, p[at + 4] == 0x2D, let m = num(p, at + 5, 2),
              p[at + 7] == 0x2D, let d = num(p, at + 8, 2), CivilTime.isValid(y, m, d) else { return nil }
        return (y, m, d)
    }

    /// `HH:MM[:SS]` at `at`; returns seconds of day and the end offset.
    static func parseClock(_ p: UnsafeRawBufferPointer, _ at: Int, requireSeconds: Bool = true) -> (sod: Int, end: Int)? {
        guard let h = num(p, at, 2), at + 5 <= p.count, p[at + 2] == 0x3A, let mi = num(p, at + 3, 2),
              h < 24, mi < 60 else { return nil }
        if at + 8 <= p.count, p[at + 5] == 0x3A, let s = num(p, at + 6, 2), s <= 60 {
            return (h * 3600 + mi * 60 + min(s, 59), at + 8)
        }
        return requireSeconds ? nil : (h * 3600 + mi * 60, at + 5)
    }

    /// A fraction `.ffffff` or `,mmm` at `at` → microseconds and end.
    static func parseFraction(_ p: UnsafeRawBufferPointer, _ at: Int) -> (micros: Int, end: Int) {
        guard at < p.count, p[at] == 0x2E || p[at] == 0x2C else { return (0, at) }
        var i = at + 1
        var micros = 0
        var digits = 0
        while i < p.count, let d = digit(p[i]) {
            if digits < 6 { micros = micros * 10 + d; digits += 1 }
            i += 1
        }
        if i == at + 1 { return (0, at) }
        while digits < 6 { micros *= 10; digits += 1 }
        return (micros, i)
    }

    /// `Z`, `+HH:MM`, `+HHMM`, `+HH` at `at` → seconds east and end.
    static func parseOffset(_ p: UnsafeRawBufferPointer, _ at: Int) -> (seconds: Int, end: Int)? {
        guard at < p.count else { return nil }
        if p[at] == 0x5A || p[at] == 0x7A { return (0, at + 1) }   // Z, or z (RFC 3339 allows both)
        // Real offsets run from -12:00 to +14:00; anything past ±23:59 is not a time.
        guard p[at] == 0x2B || p[at] == 0x2D, let hh = num(p, at + 1, 2), hh <= 23 else { return nil }
        let sign = p[at] == 0x2D ? -1 : 1
        if at + 6 <= p.count, p[at + 3] == 0x3A, let mm = num(p, at + 4, 2) { return mm <= 59 ? (sign * (hh * 3600 + mm * 60), at + 6) : nil }
        if let mm = num(p, at + 3, 2) { return mm <= 59 ? (sign * (hh * 3600 + mm * 60), at + 5) : nil }
        return (sign * hh * 3600, at + 3)
    }

    struct ISO {
        var naiveMicros: Int64
        var offsetSeconds: Int?
        var end: Int
    }

    /// `YYYY-MM-DDTHH:MM:SS[.frac][offset]` (or with a space for `T` when `allowSpace`).
    static func parseISO(_ p: UnsafeRawBufferPointer, _ at: Int, allowSpace: Bool, requireSeconds: Bool = true) -> ISO? {
        guard let date = parseDate(p, at), at + 11 <= p.count,
              p[at + 10] == 0x54 || p[at + 10] == 0x74 || (allowSpace && p[at + 10] == 0x20) else { return nil }
        guard let clock = parseClock(p, at + 11, requireSeconds: requireSeconds) else { return nil }
        let frac = parseFraction(p, clock.end)
        var end = frac.end
        var offset: Int? = nil
        if let o = parseOffset(p, end) {
            offset = o.seconds
            end = o.end
        }
        let days = Int64(CivilTime.daysFromCivil(date.y, date.m, date.d))
        let naive = (days * 86400 + Int64(clock.sod)) * 1_000_000 + Int64(frac.micros)
        return ISO(naiveMicros: naive, offsetSeconds: offset, end: end)
    }

    /// `journalctl -o short-unix`: seconds since the epoch with a fraction (`1780661062.123456`).
    static func parseEpoch(_ p: UnsafeRawBufferPointer, _ at: Int) -> (micros: Int64, end: Int)? {
        var i = at
        var seconds: Int64 = 0
        while i < p.count, let d = digit(p[i]), i - at < 11 {
            seconds = seconds * 10 + Int64(d)
            i += 1
        }
        // 9 to 11 digits (2001 to 5138), a dot and a fraction: not a number of another kind.
        guard i - at >= 9, i < p.count, p[i] == 0x2E, i + 1 < p.count, digit(p[i + 1]) != nil else { return nil }
        let frac = parseFraction(p, i)
        return (seconds * 1_000_000 + Int64(frac.micros), frac.end)
    }

    /// `journalctl -o short-full`: `Fri 2026-06-05 14:04:22 CEST` (weekday, date, time, the
    /// zone's abbreviation). UTC/GMT and numeric zones (`+03`) give the offset; a named zone is
    /// the reading machine's: the time is a wall time (read in `--tz`).
    static func parseShortFull(_ p: UnsafeRawBufferPointer, _ at: Int) -> (iso: ISO, end: Int)? {
        guard at + 4 < p.count, p[at + 3] == 0x20 else { return nil }
        let day = (p[at] | 0x20, p[at + 1] | 0x20, p[at + 2] | 0x20)
        let days: [(UInt8, UInt8, UInt8)] = [(0x6D, 0x6F, 0x6E), (0x74, 0x75, 0x65), (0x77, 0x65, 0x64), (0x74, 0x68, 0x75),
                                             (0x66, 0x72, 0x69), (0x73, 0x61, 0x74), (0x73, 0x75, 0x6E)]
        guard days.contains(where: { $0 == day }), var iso = parseISO(p, at + 4, allowSpace: true), iso.offsetSeconds == nil,
              iso.end < p.count, p[iso.end] == 0x20 else { return nil }
        var i = iso.end + 1
        let zone = i
        if let o = parseOffset(p, i), o.end < p.count, p[o.end] == 0x20, p[i] != 0x5A && p[i] != 0x7A {
            iso.offsetSeconds = o.seconds
            return (iso, o.end)
        }
        while i < p.count, (p[i] | 0x20) >= 0x61 && (p[i] | 0x20) <= 0x7A, i - zone < 6 { i += 1 }
        guard i - zone >= 1, i < p.count, p[i] == 0x20 else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: p[zone..<i])
        if Bytes.equals(name, "UTC") || Bytes.equals(name, "GMT") { iso.offsetSeconds = 0 }
        return (iso, i)
    }

    /// Month abbreviation at `at` (`Jan` … `Dec`, any case).
    static func parseMonth(_ p: UnsafeRawBufferPointer, _ at: Int) -> Int? {
        guard at + 3 <= p.count else { return nil }
        let a = p[at] | 0x20, b = p[at + 1] | 0x20, c = p[at + 2] | 0x20
        switch (a, b, c) {
        case (0x6A, 0x61, 0x6E): return 1   // jan
        case (0x66, 0x65, 0x62): return 2   // feb
        case (0x6D, 0x61, 0x72): return 3   // mar
        case (0x61, 0x70, 0x72): return 4   // apr
        case (0x6D, 0x61, 0x79): return 5   // may
        case (0x6A, 0x75, 0x6E): return 6   // jun
        case (0x6A, 0x75, 0x6C): return 7   // jul
        case (0x61, 0x75, 0x67): return 8   // aug
        case (0x73, 0x65, 0x70): return 9   // sep
        case (0x6F, 0x63, 0x74): return 10  // oct
        case (0x6E, 0x6F, 0x76): return 11  // nov
        case (0x64, 0x65, 0x63): return 12  // dec
        default: return nil
        }
    }

    /// BSD `Mmm dd HH:MM:SS[.frac]` (day space- or zero-padded, or one digit after one space).
    static func parseBSD(_ p: UnsafeRawBufferPointer, _ at: Int) -> (month: Int, day: Int, sod: Int, micros: Int, end: Int)? {
        guard let month = parseMonth(p, at), at + 3 < p.count, p[at + 3] == 0x20 else { return nil }
        var i = at + 4
        if i < p.count && p[i] == 0x20 { i += 1 }
        guard i < p.count, let d1 = digit(p[i]) else { return nil }
        var day = d1
        i += 1
        if i < p.count, let d2 = digit(p[i]) { day = day * 10 + d2; i += 1 }
        guard day >= 1, day <= TimestampParser.longestMonth[month - 1], i < p.count, p[i] == 0x20, let clock = parseClock(p, i + 1) else { return nil }
        let frac = parseFraction(p, clock.end)
        return (month, day, clock.sod, frac.micros, frac.end)
    }

    /// The most days each month can have (Feb 29: the year of a BSD stamp is not known yet).
    static let longestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    /// TAI64N label `@4000000000000000xxxxxxxx` (daemontools/multilog) → UTC microseconds.
    static func parseTAI64N(_ p: UnsafeRawBufferPointer, _ at: Int) -> (micros: Int64, end: Int)? {
        guard at + 25 <= p.count, p[at] == 0x40 else { return nil }
        var secs: UInt64 = 0
        var nanos: UInt64 = 0
        for i in 0..<24 {
            let b = p[at + 1 + i] | 0x20
            let v: UInt64
            switch b {
            case 0x30...0x39: v = UInt64(b - 0x30)
            case 0x61...0x66: v = UInt64(b - 0x61 + 10)
            default: return nil
            }
            if i < 16 { secs = secs << 4 | v } else { nanos = nanos << 4 | v }
        }
        let base: UInt64 = 1 << 62
        // Labels from 1970 to about year 36,000: anything else is not a time (and must not overflow).
        guard secs >= base + 10, secs - base < 1 << 40 else { return nil }
        // TAI64 labels count TAI seconds; tai64nlocal subtracts 10 (the 1970 TAI−UTC difference).
        let unix = Int64(secs - base) - 10
        return (unix * 1_000_000 + Int64(nanos / 1000), at + 25)
    }
}
