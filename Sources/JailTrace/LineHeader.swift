#if canImport(Glibc)
import Glibc
#endif

/// The parsed start of a log line: its time as written, which program wrote it, and where the
/// message that the family's rules read begins. Parsed by hand on bytes, no allocation.
struct LineHeader {
    enum Form: UInt8 { case fail2banFile, syslog, hostless, rfc5424, noTime }
    var stamp: RawStamp
    var form: Form
    var family: Family
    var programStart: Int
    var programEnd: Int
    var pid: Int32?
    var messageStart: Int
    /// The UTC offset the line's time was written with (seconds; `noOffset` when none): a
    /// wall time inside the message (`Found … - <date>`) was written in the same zone.
    var offsetSeconds: Int32 = LineHeader.noOffset
    static let noOffset = Int32.min
    /// Where the syslog host name starts (`mx1 postfix/smtpd[1]: …`; -1: the line has none): the
    /// line from here on is what two copies of it share however their time was written.
    var hostStart = -1

    static let dovecotProcesses: [[UInt8]] = [
        "auth", "auth-worker", "dovecot-auth", "imap", "pop3", "lmtp", "lda", "managesieve", "submission",
        "master", "config", "log", "anvil", "stats", "indexer", "indexer-worker", "doveadm", "quota-status",
        "dict", "director", "replicator", "aggregator", "deliver",
    ].map { Array($0.utf8) }

    /// Which family a program name (bytes `p[start..<end]`) belongs to. No allocation.
    @inline(__always)
    static func family(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (Family, isDovecotDaemon: Bool) {
        let len = end - start
        if Bytes.hasPrefix(p, start, "postfix") { return (.postfix, false) }
        if Bytes.hasPrefix(p, start, "fail2ban") { return (.fail2ban, false) }
        if len == 7 && Bytes.hasPrefix(p, start, "dovecot") { return (.dovecot, true) }
        if len > 6 && Bytes.hasPrefix(p, end - 6, "-login") { return (.dovecot, false) }
        for name in dovecotProcesses where name.count == len {
            if name.withUnsafeBytes({ memcmp($0.baseAddress!, p.baseAddress! + start, len) }) == 0 { return (.dovecot, false) }
        }
        return (.other, false)
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Parses `p`; nil when the line has no recognisable header. A container log's own prefix
    /// (`docker compose logs`: `dovecot-mailcow_1  | `; `docker logs -t`: an RFC 3339 time before
    /// the line's own) is passed over when the line does not read without it.
    static func parse(_ p: UnsafeRawBufferPointer) -> LineHeader? {
        if let h = parseLine(p) { return h }
        let skip = containerPrefix(p)
        guard skip > 0, skip < p.count, var h = parseLine(UnsafeRawBufferPointer(rebasing: p[skip...])) else { return nil }
        h.programStart += skip
        h.programEnd += skip
        h.messageStart += skip
        if h.hostStart >= 0 { h.hostStart += skip }
        return h
    }

    /// The length of a container log's prefix at the start of `p` (0: none): a service name and
    /// `| ` (Compose pads the name with spaces), then perhaps Docker's own RFC 3339 time when
    /// the line's own time follows it.
    static func containerPrefix(_ p: UnsafeRawBufferPointer) -> Int {
        let n = p.count
        var i = 0
        while i < n && i < 128, p[i] > 0x20 && p[i] != 0x7C && p[i] < 0x7F { i += 1 }
        var skip = 0
        if i > 0 {
            var j = i
            while j < n && j - i < 64 && p[j] == 0x20 { j += 1 }
            if j + 1 < n && p[j] == 0x7C && p[j + 1] == 0x20 { skip = j + 2 }
        }
        // `docker logs -t`: `2026-06-05T09:00:00.123456789Z ` before the line's own time.
        if skip < n, TimestampParser.digit(p[skip]) != nil, let iso = TimestampParser.parseISO(p, skip, allowSpace: false),
           iso.offsetSeconds != nil, iso.end < n, p[iso.end] == 0x20 {
            let next = iso.end + 1
            if TimestampParser.parseBSD(p, next) != nil || TimestampParser.parseISO(p, next, allowSpace: true) != nil { skip = next }
        }
        return skip
    }

    /// Parses `p` as written (no container prefix).
    @inline(__always)
    private static func parseLine(_ p: UnsafeRawBufferPointer) -> LineHeader? {
        let n = p.count
        if n < 8 { return nil }
        var i = 0
        var stamp = RawStamp.none
        var offset = LineHeader.noOffset
        var spaceSeparatedISO = false
        let first = p[0]
        if first == 0x3C {  // "<PRI>"
            var j = 1
            while j < n && j < 5, TimestampParser.digit(p[j]) != nil { j += 1 }
            guard j < n, p[j] == 0x3E, j > 1 else { return nil }
            if j + 2 < n && p[j + 1] == 0x31 && p[j + 2] == 0x20 { return parse5424(p, j + 3) }
            i = j + 1
        }
        let c = p[i]
        if c >= 0x30 && c <= 0x39, p.count > i + 4, p[i + 4] != 0x2D, let epoch = TimestampParser.parseEpoch(p, i) {
            // journalctl -o short-unix
            stamp = RawStamp(kind: .absolute, value: epoch.micros)
            offset = 0
            i = epoch.end
        } else if c >= 0x30 && c <= 0x39 {
            guard let iso = TimestampParser.parseISO(p, i, allowSpace: true) else { return nil }
            spaceSeparatedISO = p[i + 10] == 0x20
            if let off = iso.offsetSeconds {
                stamp = RawStamp(kind: .absolute, value: iso.naiveMicros - Int64(off) * 1_000_000)
                offset = Int32(off)
            } else {
                stamp = RawStamp(kind: .naive, value: iso.naiveMicros)
            }
            i = iso.end
        } else if c == 0x40 {
            guard let t = TimestampParser.parseTAI64N(p, i) else { return nil }
            stamp = RawStamp(kind: .absolute, value: t.micros)
            i = t.end
        } else if let bsd = TimestampParser.parseBSD(p, i) {
            stamp = .yearless(month: bsd.month, day: bsd.day, sod: bsd.sod, micros: bsd.micros)
            i = bsd.end
        } else if let full = TimestampParser.parseShortFull(p, i) {
            if let off = full.iso.offsetSeconds {
                stamp = RawStamp(kind: .absolute, value: full.iso.naiveMicros - Int64(off) * 1_000_000)
                offset = Int32(off)
            } else {
                stamp = RawStamp(kind: .naive, value: full.iso.naiveMicros)
            }
            i = full.end
        }
        if stamp.kind != .none {
            guard i < n, isSpace(p[i]) else { return nil }
            while i < n && isSpace(p[i]) { i += 1 }
        }
        // First token.
        let t1 = i
        while i < n && !isSpace(p[i]) { i += 1 }
        let t1End = i
        if t1End == t1 { return nil }
        if spaceSeparatedISO, Bytes.hasPrefix(p, t1, "fail2ban.") {
            // fail2ban's own log: "fail2ban.actions        [1234]: NOTICE …" (0.8: "fail2ban.actions: …").
            return LineHeader(stamp: stamp, form: .fail2banFile, family: .fail2ban,
                              programStart: t1, programEnd: t1End, pid: nil, messageStart: t1)
        }
        if p[t1End - 1] == 0x3A {
            // "program[pid]:" with no host: Dovecot's own log file, or a syslog without hostname.
            var h = program(p, start: t1, stamp: stamp, form: stamp.kind == .none ? .noTime : .hostless, hostless: true)
            h?.offsetSeconds = offset
            return h
        }
        // "host program[pid]: message"
        while i < n && isSpace(p[i]) { i += 1 }
        if i >= n { return nil }
        var h = program(p, start: i, stamp: stamp, form: stamp.kind == .none ? .noTime : .syslog, hostless: false)
        h?.offsetSeconds = offset
        h?.hostStart = t1
        return h
    }

    /// Reads `program[pid]: ` at `start` and decides the family.
    private static func program(_ p: UnsafeRawBufferPointer, start: Int, stamp: RawStamp, form: Form, hostless: Bool) -> LineHeader? {
        let n = p.count
        var i = start
        // Program names: letters, digits, '/', '-', '_', '.', and Dovecot's "(…)" / "<…>" parts.
        var depth = 0
        var nameEnd = -1
        while i < n {
            let b = p[i]
            // Most bytes of a name are none of `( ) < [ :` or space: one range test each.
            if b > 0x5B || (b >= 0x41 && b <= 0x5A) || (b >= 0x2A && b <= 0x39) {
                i += 1
                if i - start > 512 { return nil }
                continue
            }
            if b == 0x28 { if nameEnd < 0 { nameEnd = i }; depth += 1 } else if b == 0x29 { depth -= 1 } else if depth == 0 {
                if b == 0x3C && nameEnd < 0 { nameEnd = i }
                if b == 0x5B || b == 0x3A { break }
                if b == 0x20 && !hostless {
                    // fail2ban 0.8 pads its logger name to syslog (`%(name)-16s: `):
                    // `fail2ban.server : INFO   Stopping all jails`.
                    guard Bytes.hasPrefix(p, start, "fail2ban.") else { return nil }
                    var j = i
                    while j < n && p[j] == 0x20 && j - i < 16 { j += 1 }
                    guard j < n, p[j] == 0x3A else { return nil }
                    if nameEnd < 0 { nameEnd = i }
                    i = j
                    break
                }
            }
            i += 1
            if i - start > 512 { return nil }
        }
        if i >= n { return nil }
        if nameEnd < 0 { nameEnd = i }
        var pid: Int32? = nil
        if p[i] == 0x5B {
            var j = i + 1
            while j < n && p[j] != 0x5D && j - i < 12 { j += 1 }
            guard j < n, p[j] == 0x5D, let v = Bytes.int32(UnsafeRawBufferPointer(rebasing: p[(i + 1)..<j])) else { return nil }
            pid = v
            i = j + 1
        }
        guard i < n, p[i] == 0x3A else { return nil }
        i += 1
        if i < n && p[i] == 0x20 { i += 1 }
        let (family, daemon) = LineHeader.family(p, start, nameEnd)
        var messageStart = i
        switch family {
        case .fail2ban:
            if hostless { messageStart = start }
        case .dovecot:
            if daemon {
                if Bytes.hasPrefix(p, messageStart, "dovecot: ") { messageStart += 9 }
            } else {
                messageStart = start
            }
        default: break
        }
        return LineHeader(stamp: stamp, form: form, family: family, programStart: start, programEnd: nameEnd,
                          pid: pid, messageStart: messageStart)
    }

    /// RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`, from just after the version.
    private static func parse5424(_ p: UnsafeRawBufferPointer, _ start: Int) -> LineHeader? {
        let n = p.count
        var i = start
        var stamp = RawStamp.none
        var offset = LineHeader.noOffset
        if i < n && p[i] == 0x2D { i += 1 } else {
            guard let iso = TimestampParser.parseISO(p, i, allowSpace: false), let off = iso.offsetSeconds else { return nil }
            stamp = RawStamp(kind: .absolute, value: iso.naiveMicros - Int64(off) * 1_000_000)
            offset = Int32(off)
            i = iso.end
        }
        func token() -> Range<Int>? {
            guard i < n, p[i] == 0x20 else { return nil }
            i += 1
            let s = i
            while i < n && p[i] != 0x20 { i += 1 }
            return s < i ? s..<i : nil
        }
        guard token() != nil, let app = token(), let procid = token(), token() != nil else { return nil }
        // Structured data: "-" or one or more [..] elements (with \] escapes).
        guard i < n, p[i] == 0x20 else { return nil }
        i += 1
        if i < n && p[i] == 0x2D { i += 1 } else {
            while i < n && p[i] == 0x5B {
                i += 1
                while i < n && p[i] != 0x5D { if p[i] == 0x5C { i += 1 }; i += 1 }
                // An element cut before its closing "]" (or ending in a lone "\"): not RFC 5424.
                guard i < n else { return nil }
                i += 1
            }
        }
        if i < n && p[i] == 0x20 { i += 1 }
        if i + 3 <= n && p[i] == 0xEF && p[i + 1] == 0xBB && p[i + 2] == 0xBF { i += 3 }  // BOM
        let pid = Bytes.int32(UnsafeRawBufferPointer(rebasing: p[procid]))   // "-" or digits
        let (family, daemon) = LineHeader.family(p, app.lowerBound, app.upperBound)
        var messageStart = i
        if family == .dovecot && daemon && Bytes.hasPrefix(p, messageStart, "dovecot: ") { messageStart += 9 }
        return LineHeader(stamp: stamp, form: .rfc5424, family: family, programStart: app.lowerBound,
                          programEnd: app.upperBound, pid: pid, messageStart: messageStart, offsetSeconds: offset)
    }
}
