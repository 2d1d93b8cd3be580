/// Calendar arithmetic on the proleptic Gregorian calendar, done by hand (Howard Hinnant's
/// days-from-civil), so that invalid dates are rejected instead of silently shifted.
public enum CivilTime {
    /// Days since 1970-01-01 of a civil date (no validation).
    @inline(__always)
    public static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Whether `year` is a leap year.
    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days in a month of a year.
    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether y-m-d exists (Feb 29 only in leap years).
    public static func isValid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
    }

    /// RFC 3339 UTC text for microseconds since the epoch: whole seconds when there is no
    /// fraction, else milliseconds or microseconds as the value needs.
    public static func rfc3339(micros: Int64) -> String {
        let (y, m, d, sod, frac) = components(micros: micros)
        var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(sod / 3600, 2) + ":" + pad(sod / 60 % 60, 2) + ":" + pad(sod % 60, 2)
        if frac != 0 {
            var digits = pad(Int(frac), 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            s += "." + digits
        }
        return s + "Z"
    }

    /// Civil date, second of day and microseconds of a UTC instant (negative instants too).
    public static func components(micros: Int64) -> (year: Int, month: Int, day: Int, secondOfDay: Int, micros: Int) {
        var seconds = micros / 1_000_000
        var frac = micros % 1_000_000
        if frac < 0 { frac += 1_000_000; seconds -= 1 }
        var days = Int(seconds / 86400)
        var sod = Int(seconds % 86400)
        if sod < 0 { sod += 86400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        return (y, m, d, sod, Int(frac))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.frac]][Z|±HH:MM|±HHMM]` (for --since/--until and tests).
    /// Returns microseconds and whether an explicit offset was present; nil when invalid.
    public static func parseDateTime(_ text: String) -> (micros: Int64, hasOffset: Bool, naive: Int64)? {
        var text = text
        return text.withUTF8 { buf -> (Int64, Bool, Int64)? in
            let raw = UnsafeRawBufferPointer(buf)
            if raw.count == 10, let d = TimestampParser.parseDate(raw, 0) {
                let naive = Int64(daysFromCivil(d.y, d.m, d.d)) * 86400 * 1_000_000
                return (naive, false, naive)
            }
            guard let t = TimestampParser.parseISO(raw, 0, allowSpace: true, requireSeconds: false) else { return nil }
            if t.end != raw.count { return nil }
            if let off = t.offsetSeconds { return (t.naiveMicros - Int64(off) * 1_000_000, true, t.naiveMicros) }
            return (t.naiveMicros, false, t.naiveMicros)
        }
    }
}
