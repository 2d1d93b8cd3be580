import Foundation

/// A time zone (IANA name) with the conversions jailtrace needs: the UTC offset at an instant
/// (from the tz database through Foundation), and local wall time → UTC done by hand so that DST
/// gaps and repeated hours are decided explicitly, never silently. Not thread-safe: one per thread.
public final class Zone {
    /// The IANA name, shown in every report.
    public let identifier: String
    private let zone: TimeZone
    // Cache: the offset is constant on [cacheFrom, cacheUntil) (UTC seconds).
    private var cacheFrom: Int64 = 1
    private var cacheUntil: Int64 = 0
    private var cacheOffset: Int = 0

    /// The zone named `identifier` (`UTC`, `Europe/Berlin`, …); nil when unknown.
    public init?(identifier: String) {
        // `UTC+5`, `GMT-3`: Foundation reads the sign as east of UTC, POSIX (`TZ`) as west —
        // the same text, ten hours apart. Not taken as a name (`Etc/GMT-5` says it clearly).
        if Zone.isSignedOffsetName(identifier) { return nil }
        guard let z = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier == "Z" ? "UTC" : identifier
        zone = z
    }

    /// The analysing machine's zone (`TZ`, then /etc/localtime).
    public static func current() -> Zone {
        if let name = environmentZoneName, let z = Zone(identifier: name) { return z }
        let id = TimeZone.current.identifier
        return Zone(identifier: id) ?? Zone(identifier: "UTC")!
    }

    /// Why the environment's `TZ` is not used, when it is set to no zone this machine knows
    /// (then `current()` is the system's zone or UTC); nil otherwise.
    public static func environmentProblem() -> String? {
        guard let name = environmentZoneName, Zone(identifier: name) == nil else { return nil }
        let tz = ProcessInfo.processInfo.environment["TZ"] ?? name
        return "TZ=\(tz) is not a time zone this machine knows; times without an offset are read in \(current().identifier) (give --tz)"
    }

    /// The zone `TZ` names (a leading `:` dropped); nil when it is unset or empty. A POSIX
    /// rule without daylight saving (`UTC+5`, `JST-9`, `UTC0`: a name, then hours *west* of
    /// UTC) is the tz database's `Etc/GMT±N`, which counts the same way.
    private static var environmentZoneName: String? {
        guard let tz = ProcessInfo.processInfo.environment["TZ"], !tz.isEmpty else { return nil }
        let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
        return posixFixedOffset(name) ?? zoneFile(name) ?? name
    }

    /// The zone of a tz database file named by path (`/etc/localtime`,
    /// `/usr/share/zoneinfo/Asia/Tokyo`): the part after `zoneinfo/` once links are followed.
    static func zoneFile(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let r = resolved.range(of: "/zoneinfo/") else { return nil }
        let name = String(resolved[r.upperBound...])
        return name.isEmpty ? nil : name
    }

    /// `Etc/GMT±N` for a POSIX `TZ` rule of a fixed whole-hour offset (`UTC+5` → `Etc/GMT+5`).
    static func posixFixedOffset(_ rule: String) -> String? {
        let letters = rule.prefix { $0.isASCII && $0.isLetter }
        guard (3...6).contains(letters.count) else { return nil }
        let rest = rule.dropFirst(letters.count)
        let sign = rest.first == "-" ? "-" : "+"
        let digits = rest.first == "-" || rest.first == "+" ? rest.dropFirst() : rest
        guard (1...2).contains(digits.count), digits.allSatisfy(\.isASCII), let hours = Int(digits), hours <= 14 else { return nil }
        return hours == 0 ? "Etc/GMT" : "Etc/GMT\(sign)\(hours)"
    }

    /// `UTC+5`, `GMT-03:00`, `UTC+0530`: a signed offset after UTC/GMT (see `init`).
    static func isSignedOffsetName(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard upper.hasPrefix("UTC") || upper.hasPrefix("GMT") else { return false }
        let rest = upper.dropFirst(3)
        guard let first = rest.first, first == "+" || first == "-" else { return false }
        return rest.dropFirst().allSatisfy { $0.isNumber || $0 == ":" } && rest.count > 1
    }

    /// A fresh copy (for another thread).
    public func copy() -> Zone { Zone(identifier: identifier) ?? Zone(identifier: "UTC")! }

    /// Seconds east of UTC at the UTC instant `utc` (seconds since the epoch).
    public func offset(atUTC utc: Int64) -> Int {
        if utc >= cacheFrom && utc < cacheUntil { return cacheOffset }
        let date = Date(timeIntervalSince1970: TimeInterval(utc))
        let off = zone.secondsFromGMT(for: date)
        // Cache until the next transition (bounded to a day around it when unknown).
        let next = zone.nextDaylightSavingTimeTransition(after: date).map { Int64($0.timeIntervalSince1970) } ?? (utc + 366 * 86400)
        // The previous transition is not offered by Foundation: cache from this instant on.
        cacheFrom = utc
        cacheUntil = max(utc + 1, next)
        cacheOffset = off
        return off
    }

    /// Converts a local wall time (seconds since the epoch as if it were UTC) to UTC seconds.
    /// In a repeated hour (DST end) both readings exist: the earliest one not before `notBefore`
    /// is taken, so a file whose clock goes 02:59 → 02:00 keeps its order; a reading up to `slack`
    /// seconds before `notBefore` still counts as not before it (a line logged a little late
    /// stays in the pass of the lines around it). In a skipped hour
    /// (DST start) the wall time does not exist; it is read with the offset in force before the
    /// gap, which is what a clock that was not yet changed would have meant.
    public func utc(fromLocal local: Int64, notBefore: Int64? = nil, slack: Int64 = 0) -> Int64 {
        let before = offset(atUTC: local - 86400)
        let after = offset(atUTC: local + 86400)
        if before == after {
            // No transition within a day: one answer (but check the exact instant too).
            let o = offset(atUTC: local - Int64(before))
            return local - Int64(o)
        }
        let candA = local - Int64(before)
        let candB = local - Int64(after)
        let validA = offset(atUTC: candA) == before
        let validB = offset(atUTC: candB) == after
        switch (validA, validB) {
        case (true, true):
            let early = min(candA, candB), late = max(candA, candB)
            if let notBefore, early < notBefore - slack, late >= notBefore - slack { return late }
            return early
        case (true, false): return candA
        case (false, true): return candB
        case (false, false):
            // In a gap (spring forward): the wall time never happened. It is placed at the
            // moment the clocks jumped, so a line written there stays after the lines before the
            // gap and before those after it (file order kept, durations off by under the gap).
            var lo = min(candA, candB), hi = max(candA, candB)   // offset(lo) == before, offset(hi) == after
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2
                if offset(atUTC: mid) == before { lo = mid } else { hi = mid }
            }
            return hi
        }
    }
}
