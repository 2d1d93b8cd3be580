/// Gives every event its UTC time: year-less stamps get a year (SPEC §1: `--year`, else full
/// dates in the same run, else the file's mtime; Dec→Jan rollover inside and across files), and
/// wall times are read in the zone, with DST repeats kept in order.
enum TimeResolver {
    static let dayMicros: Int64 = 86_400_000_000
    /// How far (seconds) a line may be written behind the line before it and still be read in
    /// the same pass of a repeated DST hour: syslog interleaves its sources a few seconds out of
    /// order, while the second pass starts a whole DST shift (30 min or more) back — unless the
    /// server was quiet then, so the margin is small.
    static let lateLineSlack: Int64 = 10

    /// The margin for a line at wall time `local` after one at `previous`: a line behind it by up
    /// to a minute whose next line (`next`, read only then) goes on where the log was (not behind
    /// it, at most a minute on) was logged late, in the same pass; else `lateLineSlack`. (A quiet
    /// server's real second pass goes on from its own, earlier, time; within a minute of the
    /// switch the two cannot be told apart.)
    static func slack(_ local: Int64, previous: Int64?, next: () -> Int64?) -> Int64 {
        guard let p = previous, local < p else { return lateLineSlack }
        let step = p - local
        if step <= 60, let n = next(), n >= p - 1, n <= p + 60 { return max(step + 1, lateLineSlack) }
        return lateLineSlack
    }

    /// How close (wall seconds) a file's first line must be to the end of the file of its kind
    /// before it for a repeated DST hour to go on from it (a rotation inside that hour).
    static let rotationCarry: Int64 = 2 * 3600

    /// Where the files of each kind read so far ended (UTC seconds, and the wall time there):
    /// a file starting within `rotationCarry` of it goes on from it, as one file would.
    struct RotationCarry {
        private var ends: [InputKind: (utc: Int64, local: Int64)] = [:]

        /// The `last` (UTC µs) and `lastLocal` (wall seconds) a file of `kind` whose first wall
        /// time is `start` (`.max`: none) begins with.
        func start(_ kind: InputKind, at start: Int64) -> (Int64?, Int64?) {
            guard start != .max, let c = ends[kind], abs(c.local - start) <= TimeResolver.rotationCarry else { return (nil, nil) }
            return (c.utc * 1_000_000, c.local)
        }

        /// Where a file of `kind` ended, kept when it is the latest of its kind.
        mutating func end(_ kind: InputKind, last: Int64?, lastLocal: Int64?) {
            guard let last, let lastLocal, last / 1_000_000 >= ends[kind]?.utc ?? .min else { return }
            ends[kind] = (last / 1_000_000, lastLocal)
        }
    }

    static func resolve(_ files: [FileResult], zone zoneName: String, year: Int?) {
        let zone = Zone(identifier: zoneName)!
        // 1. Everything with a full date.
        var fullMin = Int64.max, fullMax = Int64.min
        // A rotation that falls in a repeated DST hour: the newer file's first lines go on from
        // the older file's last (same kind, ending within two hours of the wall time the newer
        // one starts at), so a file starting at 02:00 after one that ended at 02:50 is read in
        // the second pass. Files in the order of their first wall time.
        var carry = RotationCarry()
        func naiveStart(_ f: FileResult) -> Int64 { f.firstStamp.flatMap { $0.0.kind == .naive ? $0.0.value / 1_000_000 : nil } ?? .max }
        for f in files.sorted(by: { naiveStart($0) < naiveStart($1) }) {
            var (last, lastLocal) = carry.start(f.kind, at: naiveStart(f))
            defer { carry.end(f.kind, last: last, lastLocal: lastLocal) }
            f.mutateEventsWithNext { e, next in
                // The full date of a `Found … - <date>` counts too (SPEC §1), also when the Found
                // line itself has none (fail2ban writing to syslog): the matched line's wall time.
                if e.kind == .found, let naive = e.extra {
                    let t = e.extraIsUTC ? naive : zone.utc(fromLocal: naive / 1_000_000) * 1_000_000 + naive % 1_000_000
                    fullMin = min(fullMin, t)
                    fullMax = max(fullMax, t)
                }
                let s = e.stamp
                switch s.kind {
                case .absolute: e.resolve(to: s.value)
                case .naive:
                    let local = s.value / 1_000_000
                    let nextLocal = { next.flatMap { $0.stamp.kind == .naive ? $0.stamp.value / 1_000_000 : nil } }
                    let slack = TimeResolver.slack(local, previous: lastLocal, next: nextLocal)
                    e.resolve(to: zone.utc(fromLocal: local, notBefore: last.map { $0 / 1_000_000 }, slack: slack) * 1_000_000 + s.value % 1_000_000)
                    lastLocal = local
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
                // Chain the year-less files, oldest first — by what they hold where that tells
                // (SPEC §1: order from the timestamps inside), else by modification time and
                // rotation suffix — and anchor the newest line.
                let chain = contentOrder(yearless) ?? yearless.sorted { a, b in
                    if a.input.mtime != b.input.mtime { return a.input.mtime < b.input.mtime }
                    return newestness(a.input.path) < newestness(b.input.path)
                }
                // Each file starts when its first line's date comes round, not before the start
                // of the file before it, and as near that file's end as can be: a rotation that
                // follows its predecessor and a log written beside it (Dovecot's own log,
                // another server's) both land where they belong.
                let yearLength = 366 * dayMicros
                var starts: [Int] = []
                var ends: [(year: Int, position: Int64)] = []
                var previous: (year: Int, position: Int64, end: Int64)? = nil
                for f in chain {
                    let position = yearPosition(f.firstYearless!.0)
                    var y = 0
                    if let p = previous {
                        y = p.year + (position < p.position ? 1 : 0)
                        func distance(_ y: Int) -> Int64 { abs(Int64(y) * yearLength + position - p.end) }
                        while distance(y + 1) < distance(y) { y += 1 }
                    }
                    starts.append(y)
                    let end = (year: y + Int(f.maxYearless!.1 &- f.firstYearless!.1), position: yearPosition(f.maxYearless!.0))
                    ends.append(end)
                    previous = (y, position, Int64(end.year) * yearLength + end.position)
                }
                // The newest line: the latest end, by year and place in the year.
                let newest = ends.indices.max { (ends[$0].year, ends[$0].position) < (ends[$1].year, ends[$1].position) }!
                let anchor: Int
                if let year { anchor = year } else {
                    // The newest line is not after the files' latest modification time (logs
                    // copied without their times all carry the copy's).
                    let mt = Int64(yearless.map(\.input.mtime).max()!)
                    let localMT = mt + Int64(zone.offset(atUTC: mt))
                    let (y, m, d) = CivilTime.civilFromDays(Int(localMT / 86400))
                    let lastParts = chain[newest].maxYearless!.0.yearlessParts
                    anchor = (lastParts.month, lastParts.day) > (m, d + 1) ? y - 1 : y
                }
                var offset = anchor - ends[newest].year
                if year == nil {
                    // A Feb 29 line proves its year a leap year: a modification time that puts
                    // it in another year (logs copied years later) gives way, back to the latest
                    // offset where every Feb 29 exists.
                    var leapDays: [(k: Int, delta: Int)] = []
                    // (Only files whose months reach a February are read for one.)
                    for (k, f) in chain.enumerated() where TimeResolver.reachesFebruary(f) {
                        var deltas = Set<Int8>()
                        f.forEachEvent { e in
                            if e.stamp.kind == .yearless && e.stamp.yearlessParts.month == 2 && e.stamp.yearlessParts.day == 29 { deltas.insert(e.yearDelta) }
                        }
                        leapDays += deltas.map { (k, Int($0)) }
                    }
                    func fits(_ o: Int) -> Bool { leapDays.allSatisfy { CivilTime.isValid(o + starts[$0.k] + $0.delta, 2, 29) } }
                    if !leapDays.isEmpty && !fits(offset), let earlier = (1...8).first(where: { fits(offset - $0) }) {
                        offset -= earlier
                        chain[newest].notes.append("\(chain[newest].input.path): its Feb 29 lines put the year-less logs \(earlier) year\(earlier == 1 ? "" : "s") before the files' modification time")
                    }
                }
                for (k, f) in chain.enumerated() { base[f.index] = offset + starts[k] }
            }
            yearBase = base
            // (As in 1: a rotation in a repeated DST hour goes on from the file before it.)
            var carry = RotationCarry()
            func yearlessStart(_ f: FileResult) -> Int64 {
                guard let (stamp, delta) = f.firstYearless, let b = base[f.index] else { return .max }
                let parts = stamp.yearlessParts
                return (Int64(CivilTime.daysFromCivil(b + Int(delta), parts.month, parts.day)) * dayMicros + parts.microsOfDay) / 1_000_000
            }
            for f in yearless.sorted(by: { yearlessStart($0) < yearlessStart($1) }) {
                let b = base[f.index]!
                var (last, lastLocal) = carry.start(f.kind, at: yearlessStart(f))
                defer { carry.end(f.kind, last: last, lastLocal: lastLocal) }
                var impossible = 0
                func localMicros(_ e: Event) -> Int64 {
                    let parts = e.stamp.yearlessParts
                    let dayCount = CivilTime.daysFromCivil(b + Int(e.yearDelta), parts.month, parts.day)
                    return Int64(dayCount) * dayMicros + parts.microsOfDay
                }
                f.mutateEventsWithNext { e, next in
                    guard e.stamp.kind == .yearless else { return }
                    let parts = e.stamp.yearlessParts
                    let y = b + Int(e.yearDelta)
                    // Feb 29 in a year without one (`--year` or full dates said so): read as
                    // Mar 1 — `daysFromCivil` rolls an overflowing day, as calendars do — which
                    // keeps the line after Feb 28's; warned below.
                    if !CivilTime.isValid(y, parts.month, parts.day) { impossible += 1 }
                    let micros = localMicros(e)
                    let local = micros / 1_000_000
                    let nextLocal = { next.flatMap { $0.stamp.kind == .yearless ? localMicros($0) / 1_000_000 : nil } }
                    let slack = TimeResolver.slack(local, previous: lastLocal, next: nextLocal)
                    let utcSeconds = zone.utc(fromLocal: local, notBefore: last.map { $0 / 1_000_000 }, slack: slack)
                    e.resolve(to: utcSeconds * 1_000_000 + micros % 1_000_000)
                    last = e.time
                    lastLocal = local
                }
                if impossible > 0 {
                    f.warnings.append("\(f.input.path): \(impossible) line(s) dated Feb 29 in a year without one; read as Mar 1 (check --year)")
                }
            }
        }
        // 3. fail2ban `Found … - <date>` times are wall times too: the matched line's, just
        // before the Found line's own. In a repeated DST hour, the later reading when it is not
        // after the Found line (a minute's slack), else the earlier.
        for f in files {
            f.mutateEvents { e in
                if e.kind == .found, !e.extraIsUTC, let naive = e.extra {
                    let local = naive / 1_000_000
                    let early = zone.utc(fromLocal: local)
                    let late = zone.utc(fromLocal: local, notBefore: early + 1)
                    let chosen = late > early && late <= e.time / 1_000_000 + 60 ? late : early
                    e.extra = chosen * 1_000_000 + naive % 1_000_000
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
            let local = Int64(CivilTime.daysFromCivil(y, p.month, p.day)) * dayMicros + p.microsOfDay   // Feb 29 of a common year rolls to Mar 1
            return zone.utc(fromLocal: local / 1_000_000) * 1_000_000 + local % 1_000_000
        case .none: return nil
        }
    }

    /// Whether a year-less file's months reach a February (so it may hold a Feb 29).
    static func reachesFebruary(_ f: FileResult) -> Bool {
        guard let first = f.firstYearless, let last = f.maxYearless else { return false }
        let from = first.0.yearlessParts.month, to = last.0.yearlessParts.month + 12 * Int(last.1 &- first.1)
        return stride(from: 2, through: to, by: 12).contains { $0 >= from }
    }

    /// Where a year-less stamp falls in its year (µs from Jan 1 00:00 of a leap year, so that
    /// Feb 29 has a place).
    static func yearPosition(_ s: RawStamp) -> Int64 {
        let p = s.yearlessParts
        return Int64(CivilTime.daysFromCivil(2000, p.month, p.day) - CivilTime.daysFromCivil(2000, 1, 1)) * dayMicros + p.microsOfDay
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

    /// The year-less files oldest first, read from their own times: on the circle of one year,
    /// each file covers the stretch from its first line to its latest, and the year turns in
    /// the longest stretch no file covers; the chain starts with the file that ends it. nil when
    /// the times cannot tell: files that together (or one alone) cover a year or more, or a
    /// longest uncovered stretch less than twice the next one (a hole in the middle of the
    /// logs could then be the turn of the year as well).
    static func contentOrder(_ files: [FileResult]) -> [FileResult]? {
        guard files.count > 1 else { return files }
        let year: Int64 = 366 * dayMicros
        let position = yearPosition
        // (start, end) on the circle, end unwrapped past `year` when the file turns a year inside.
        var spans: [(start: Int64, end: Int64, file: FileResult)] = []
        for f in files {
            guard let first = f.firstYearless, let last = f.maxYearless else { return nil }
            let start = position(first.0)
            let end = position(last.0) + Int64(last.1 &- first.1) * year
            guard end >= start, end - start < year else { return nil }
            spans.append((start, end, f))
        }
        spans.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let n = spans.count
        // Two laps, so coverage wrapping past the year's end counts at the start of the next.
        var reach = Int64.min
        var gaps = [Int64](repeating: 0, count: n)   // uncovered stretch just before spans[k]
        for k in 0..<(2 * n) {
            let lap = Int64(k / n) * year
            let s = spans[k % n].start + lap, e = spans[k % n].end + lap
            if k >= n { gaps[k % n] = max(0, s - reach) }
            reach = max(reach, e)
        }
        guard let turn = gaps.indices.max(by: { gaps[$0] < gaps[$1] }) else { return nil }
        let longest = gaps[turn]
        let next = gaps.indices.filter { $0 != turn }.map { gaps[$0] }.max() ?? 0
        guard longest > 0, longest >= 2 * next else { return nil }
        return (0..<n).map { spans[(turn + $0) % n].file }
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
