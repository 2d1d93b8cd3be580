/// Gives every event its UTC time: year-less stamps get a year (SPEC §1: `--year`, else full
/// dates in the same run, else the file's mtime; Dec→Jan rollover inside and across files), and
/// wall times are read in the zone, with DST repeats kept in order.
enum TimeResolver {
    static let dayMicros: Int64 = 86_400_000_000

    static func resolve(_ files: [FileResult], zone zoneName: String, year: Int?) {
        let zone = Zone(identifier: zoneName)!
        // 1. Everything with a full date.
        var fullMin = Int64.max, fullMax = Int64.min
        for f in files {
            var last: Int64? = nil
            f.mutateEvents { e in
                let s = e.stamp
                switch s.kind {
                case .absolute: e.resolve(to: s.value)
                case .naive: e.resolve(to: zone.utc(fromLocal: s.value / 1_000_000, notBefore: last.map { $0 / 1_000_000 }) * 1_000_000 + s.value % 1_000_000)
                default: return
                }
                last = e.time
                fullMin = min(fullMin, e.time)
                fullMax = max(fullMax, e.time)
            }
        }
        // 2. Year-less files: choose each file's base year.
        var yearBase: [Int32: Int] = [:]
        let yearless = files.filter { $0.maxYearless != nil }
        if !yearless.isEmpty {
            var base: [Int32: Int] = [:]
            if year == nil && fullMin <= fullMax {
                for f in yearless { base[f.index] = nearestYear(f, fullMin: fullMin, fullMax: fullMax) }
            } else {
                // Chain the year-less files, oldest first, and anchor the newest line.
                let chain = yearless.sorted { a, b in
                    if a.input.mtime != b.input.mtime { return a.input.mtime < b.input.mtime }
                    return newestness(a.input.path) < newestness(b.input.path)
                }
                var running = 0
                var prevLastMonth = 0
                var starts: [Int] = []
                for f in chain {
                    let firstMonth = f.firstYearless!.0.yearlessParts.month
                    if prevLastMonth != 0 && firstMonth + 6 <= prevLastMonth { running += 1 }
                    starts.append(running)
                    let lastS = f.maxYearless!
                    running += Int(lastS.1)
                    prevLastMonth = lastS.0.yearlessParts.month
                }
                let anchor: Int
                if let year { anchor = year } else {
                    // The newest file's last line is not after its mtime.
                    let newest = chain.last!
                    let mt = Int64(newest.input.mtime)
                    let localMT = mt + Int64(zone.offset(atUTC: mt))
                    let (y, m, d) = CivilTime.civilFromDays(Int(localMT / 86400))
                    let lastParts = newest.maxYearless!.0.yearlessParts
                    anchor = (lastParts.month, lastParts.day) > (m, d + 1) ? y - 1 : y
                }
                let offset = anchor - running
                for (k, f) in chain.enumerated() { base[f.index] = offset + starts[k] }
            }
            yearBase = base
            for f in yearless {
                let b = base[f.index]!
                var last: Int64? = nil
                f.mutateEvents { e in
                    guard e.stamp.kind == .yearless else { return }
                    let parts = e.stamp.yearlessParts
                    var y = b + Int(e.yearDelta)
                    if !CivilTime.isValid(y, parts.month, parts.day) {
                        // Feb 29 in a year that has none: the next leap year back is more likely wrong
                        // than a mis-anchored base; keep the day by moving to Mar 1 is what calendars
                        // do silently — we instead keep Feb 28 23:59:59 and warn once.
                        y = b
                    }
                    let dayCount = CivilTime.isValid(y, parts.month, parts.day)
                        ? CivilTime.daysFromCivil(y, parts.month, parts.day)
                        : CivilTime.daysFromCivil(y, parts.month, 28)
                    let localMicros = Int64(dayCount) * dayMicros + parts.microsOfDay
                    let utcSeconds = zone.utc(fromLocal: localMicros / 1_000_000, notBefore: last.map { $0 / 1_000_000 })
                    e.resolve(to: utcSeconds * 1_000_000 + localMicros % 1_000_000)
                    last = e.time
                }
            }
        }
        // 3. fail2ban `Found … - <date>` times are wall times too.
        for f in files {
            f.mutateEvents { e in
                if e.kind == .found, let naive = e.extra {
                    e.extra = zone.utc(fromLocal: naive / 1_000_000) * 1_000_000 + naive % 1_000_000
                }
            }
            f.first = f.firstStamp.flatMap { resolveOne($0.0, delta: $0.1, base: yearBase[f.index], zone: zone) }
            f.last = f.maxStamp.flatMap { resolveOne($0.0, delta: $0.1, base: yearBase[f.index], zone: zone) }
            for part in f.parts {
                if let e = part.lazy.map(\.time).min() { f.first = min(f.first ?? e, e) }
                if let e = part.lazy.map(\.time).max() { f.last = max(f.last ?? e, e) }
            }
        }
    }

    static func resolveOne(_ s: RawStamp, delta: Int8, base: Int?, zone: Zone) -> Int64? {
        switch s.kind {
        case .absolute: return s.value
        case .naive: return zone.utc(fromLocal: s.value / 1_000_000) * 1_000_000 + s.value % 1_000_000
        case .yearless:
            guard let base else { return nil }
            let p = s.yearlessParts
            let y = base + Int(delta)
            let local = Int64(CivilTime.daysFromCivil(y, p.month, CivilTime.isValid(y, p.month, p.day) ? p.day : 28)) * dayMicros + p.microsOfDay
            return zone.utc(fromLocal: local / 1_000_000) * 1_000_000 + local % 1_000_000
        case .none: return nil
        }
    }

    /// The base year that puts the file closest to the full-dated span (ties: the later year).
    static func nearestYear(_ f: FileResult, fullMin: Int64, fullMax: Int64) -> Int {
        let refYear = CivilTime.civilFromDays(Int(fullMax / dayMicros)).year
        var best = refYear
        var bestDistance = Int64.max
        for y in (refYear - 2)...(refYear + 1) {
            let s = approx(f.firstYearless!, base: y), e = approx(f.maxYearless!, base: y)
            let distance: Int64 = e < fullMin ? fullMin - e : (s > fullMax ? s - fullMax : 0)
            if distance <= bestDistance {
                bestDistance = distance
                best = y
            }
        }
        return best
    }

    static func approx(_ s: (RawStamp, Int8), base: Int) -> Int64 {
        let p = s.0.yearlessParts
        let y = base + Int(s.1)
        return Int64(CivilTime.daysFromCivil(y, p.month, min(p.day, 28))) * dayMicros + p.microsOfDay
    }

    /// Rotation age from the name: larger is newer (base name newest, `.1` newer than `.2`,
    /// `-20260605` by date).
    static func newestness(_ path: String) -> Double {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var stem = name
        for ext in [".gz", ".bz2", ".xz", ".zst"] where stem.hasSuffix(ext) { stem.removeLast(ext.count) }
        if let dash = stem.lastIndex(of: "-"), let v = Double(stem[stem.index(after: dash)...]), stem.distance(from: dash, to: stem.endIndex) >= 9 {
            return v
        }
        if let dot = stem.lastIndex(of: "."), let v = Double(stem[stem.index(after: dot)...]) { return -v }
        return .infinity
    }
}
