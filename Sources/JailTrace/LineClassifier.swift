import PCRE2
#if canImport(Glibc)
import Glibc
#endif

/// What became of one line.
public enum LineOutcome: UInt8, Sendable {
    /// Turned into an event.
    case event
    /// Known, with no use for jailtrace (a qmgr line, a fail2ban traceback, another program).
    case ignored
    /// Not understood: counted and listed by `events --unrecognized`.
    case unrecognized
}

/// Turns one line into at most one event: header by hand, then the family's rules, each behind
/// its literal gates. One per thread (it owns the PCRE2 match data).
public final class LineClassifier {
    let rules: Ruleset
    /// The per-line rule loop's data, as plain memory.
    let tables: RuleTables
    let scratch = MatchScratch()
    let interner = Interner()
    /// Where a detail is built: reused, behind a pointer (a class's array property would cost
    /// a dynamic exclusivity check per append).
    // SAFETY: allocated and initialised in `init`, freed in `deinit`; one thread uses a
    // classifier at a time, and no access to it overlaps another (each use is one statement).
    private let detailBuffer = UnsafeMutablePointer<[UInt8]>.allocate(capacity: 1)
    /// Lines whose match hit the PCRE2 limits (counted as unrecognised).
    public private(set) var limitHits = 0
    /// The time written at the start of the last classified line (`.none` when it had none).
    var lastStamp = RawStamp.none
    /// fail2ban logs jail settings without the jail: the jail being created or reloaded (nil
    /// once that jail block ended: a jail start or stop, `Jail '…' reloaded`).
    var currentJail: String?
    /// The line number at which `currentJail` was first set or cleared since `startFile` (a
    /// chunk of a fail2ban log: settings lines before it take the jail of the chunks before).
    private(set) var jailFirstSetAt: Int?

    /// Event kinds to build (bit per `EventKind.rawValue`); lines of other kinds are still
    /// recognised and counted as events, but no Event is made for them.
    let keepMask: UInt64
    /// Dovecot's session ends without the normal counters (inactivity, a reset: the client went
    /// away) are built whatever `keep` says: they end a login's session (a later crash of its
    /// pid is not that session's) and show when a device went away.
    let sessionEndRule: UInt16

    /// Only events of these addresses/users are built (the others are counted); see
    /// `RunOptions.identity`.
    let identity: EventFilter?
    /// Addresses whose events are built whatever their kind (see `RunOptions.asked`).
    let asked: Set<IPAddress>
    /// `identity`'s user names as bytes (compared with captured bytes: no String per line).
    private let identityUsers: [(name: [UInt8], local: [UInt8])]
    /// Whether every `identity` user name is plain ASCII (then bytes are compared, folding case).
    private let identityUsersASCII: Bool

    /// A classifier over `rules` (the built-in ones by default), building events of `keep` only
    /// (and of `identity`'s addresses and users only, when given).
    public init(rules: Ruleset = .shared, keep: Set<EventKind>? = nil, identity: EventFilter? = nil, asked: Set<IPAddress> = []) {
        detailBuffer.initialize(to: [])
        self.identity = identity
        self.asked = asked
        identityUsers = identity.map { $0.users.map { u in
            let l = u.lowercased()
            return (Array(l.utf8), Array(UserMatch.localPart(l).utf8))
        } } ?? []
        identityUsersASCII = identity?.users.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } ?? true
        self.rules = rules.threadCopy()
        tables = RuleTables(self.rules)
        keepMask = keep.map { $0.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } } ?? .max
        sessionEndRule = rules.rules.firstIndex { $0.id == "dovecot.session-end" }.map { UInt16($0) } ?? .max
    }

    deinit { detailBuffer.deinitialize(count: 1).deallocate() }

    /// Forgets what the previous file taught (the jail being created), for reuse on another file.
    func startFile() {
        currentJail = nil
        jailFirstSetAt = nil
        lastStamp = .none
    }

    /// Classifies `line`. In a fail2ban log file (`inFail2banLog`), a line that does not start with
    /// fail2ban's own timestamp continues the record before it and is never an event.
    public func classify(_ line: UnsafeRawBufferPointer, number: Int, file: Int32, inFail2banLog: Bool,
                         into events: inout [Event]) -> LineOutcome {
        var stamp = RawStamp.none
        let outcome = classify(line, number: number, file: file, inFail2banLog: inFail2banLog, into: &events, stamp: &stamp)
        lastStamp = stamp
        return outcome
    }

    /// A line known to say nothing: blank (spaces and tabs only), or one of journalctl's
    /// markers (`-- Logs begin at …`, `-- Boot 3f2a… --`, `-- Reboot --`, `-- No entries --`).
    static func carriesNothing(_ line: UnsafeRawBufferPointer) -> Bool {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
        guard Bytes.hasPrefix(line, 0, "-- ") else { return false }
        return journalMarkers.contains { Bytes.hasPrefix(line, 0, $0) }
    }

    static let journalMarkers: [StaticString] = ["-- Logs begin at ", "-- Journal begins at ", "-- Boot ", "-- Reboot --", "-- No entries --"]

    /// `classify`, handing the line's time back in `stamp` (`.none` when it has none) rather
    /// than through a property: the chunk parser's per-line loop stays free of class state.
    func classify(_ line: UnsafeRawBufferPointer, number: Int, file: Int32, inFail2banLog: Bool,
                  into events: inout [Event], stamp: inout RawStamp) -> LineOutcome {
        stamp = .none
        guard let header = LineHeader.parse(line) else {
            return inFail2banLog || LineClassifier.carriesNothing(line) ? .ignored : .unrecognized
        }
        if inFail2banLog && header.form != .fail2banFile { return .ignored }
        stamp = header.stamp
        var start = header.messageStart
        switch header.family {
        case .other:
            return .ignored
        case .fail2ban:
            start = LineClassifier.fail2banMessageStart(line, start)
        default:
            break
        }
        guard start <= line.count else { return .unrecognized }   // a header that ate the whole line
        let message = UnsafeRawBufferPointer(rebasing: line[start...])
        // Postfix: where the text after a queue id (`4C1F3A2B8E: `) or `NOQUEUE: ` starts.
        var afterQID = -1
        var isNoqueue = false
        if header.family == .postfix {
            if Bytes.hasPrefix(message, 0, "NOQUEUE: ") {
                afterQID = 9
                isNoqueue = true
            } else {
                var i = 0
                while i < message.count && i < 21 {
                    let b = message[i]
                    if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) { i += 1 } else { break }
                }
                if i >= 5 && i <= 20 && i + 1 < message.count && message[i] == 0x3A && message[i + 1] == 0x20 { afterQID = i + 2 }
            }
        }
        // fail2ban: where the text after `[jail] ` starts.
        var afterJail = -1
        if header.family == .fail2ban, message.count > 2, message[0] == 0x5B {
            var i = 1
            while i < message.count && i <= 65 && message[i] != 0x5D { i += 1 }
            if i > 1 && i + 1 < message.count && message[i] == 0x5D && message[i + 1] == 0x20 { afterJail = i + 2 }
        }
        let atStart = RuleKey.load(message, 0)
        let atQID = afterQID >= 0 ? RuleKey.load(message, afterQID) : (0, 0)
        let atJail = afterJail >= 0 ? RuleKey.load(message, afterJail) : (0, 0)
        let table = tables.families[Int(header.family.rawValue)]
        // Only the rules that can start with the message's first byte, in table order.
        var candidates = message.isEmpty ? table.all : table.startMasks[Int(message[0])]
        if candidates & table.loginOnly != 0 && !LineClassifier.isLoginProcess(message) { candidates &= ~table.loginOnly }
        while candidates != 0 {
            let k = candidates.trailingZeroBitCount
            candidates &= candidates &- 1
            let key = table.keys[k]
            switch key.anchor {
            case .start:
                // Anchored literal start: two masked compares decide.
                if !key.matches(atStart, message, 0, rest: UnsafeRawBufferPointer(rebasing: table.bytes[table.restRanges[k]])) { continue }
            case .afterQueueID:
                guard afterQID >= 0, !isNoqueue || key.allowsNoqueue, key.matches(atQID, message, afterQID, rest: UnsafeRawBufferPointer(rebasing: table.bytes[table.restRanges[k]])) else { continue }
            case .afterJail:
                guard afterJail >= 0, key.matches(atJail, message, afterJail, rest: UnsafeRawBufferPointer(rebasing: table.bytes[table.restRanges[k]])) else { continue }
            case .gates:
                var gated = false
                for g in table.gateRanges[k] {
                    let gate = table.gates[g]
                    let literal = UnsafeRawBufferPointer(rebasing: table.bytes[gate.offset..<gate.offset + gate.length])
                    if Bytes.contains(message, literal, anchor: gate.anchor) { gated = true; break }
                }
                if !gated { continue }
            }
            switch scratch.match(table.programs[k], message) {
            case .noMatch: continue
            case .limitExceeded, .error:
                limitHits += 1
                return .unrecognized
            case .match:
                return table.compiled[k]._withUnsafeGuaranteedRef {
                    matched($0, message, line, header, number: number, file: file, into: &events)
                }
            }
        }
        // Another fail2ban record (filter set-up, database notes, …), in its own log or through
        // syslog/the journal alike; one that looks like a ban record stays unrecognised.
        if header.family == .fail2ban
            && (!LineClassifier.looksLikeBanRecord(message) || Bytes.hasPrefix(line, header.messageStart, "fail2ban.utils")) {
            return .ignored
        }
        return .unrecognized
    }

    /// Whether a Dovecot message starts with a login process's name and `:` (`imap-login:`):
    /// `[a-z0-9-]+` ending in `-login` (a superset of what the login rules' `[a-z0-9]+-login`
    /// accepts, so no rule that could match is skipped).
    static func isLoginProcess(_ message: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < message.count {
            let b = message[i]
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D { i += 1 } else { break }
        }
        return i >= 7 && i < message.count && message[i] == 0x3A && Bytes.hasPrefix(message, i - 6, "-login")
    }

    /// What a line matched by `compiled` becomes.
    private func matched(_ compiled: Ruleset.Compiled, _ message: UnsafeRawBufferPointer, _ line: UnsafeRawBufferPointer,
                         _ header: LineHeader, number: Int, file: Int32, into events: inout [Event]) -> LineOutcome {
        if compiled.endsJailBlock {
            currentJail = nil
            if jailFirstSetAt == nil { jailFirstSetAt = number }
        }
        guard let kind = compiled.rule.event else {
            if header.family == .fail2ban, !compiled.jail.isEmpty, !compiled.endsJailBlock {
                currentJail = text(compiled.jail, message)
                if jailFirstSetAt == nil { jailFirstSetAt = number }
            }
            return .ignored
        }
        if (keepMask & (1 << UInt64(kind.rawValue)) == 0 && compiled.index != sessionEndRule && !isAsked(compiled, message)) || !passesIdentity(compiled, message) {
            // Known and counted, not needed: skip building it (still an event in the counts).
            if !compiled.ip.isEmpty, let raw = capture(compiled.ip, message), IPAddress.parse(raw) == nil { return .unrecognized }
            if LineClassifier.possiblyCut(compiled, line) { return .unrecognized }
            return .event
        }
        guard let event = makeEvent(kind, compiled, message, line, header, number: number, file: file) else {
            return .unrecognized
        }
        events.append(event)
        return .event
    }

    /// Skips `fail2ban.<module> [pid]: LEVEL ` (0.8: `fail2ban.jail   : INFO   `; 0.9+ padded;
    /// syslog `NOTICE [jail] …`; journal `[jail] …`).
    static func fail2banMessageStart(_ p: UnsafeRawBufferPointer, _ from: Int) -> Int {
        let n = p.count
        var i = from
        // `logtarget = SYSTEMD-JOURNAL`: the bare message, settings lines indented (`  maxRetry: 5`).
        while i < n && p[i] == 0x20 { i += 1 }
        // fail2ban logging to stderr under systemd: the journal's line carries fail2ban's own
        // `2026-06-05 14:12:03,123 ` before the logger name (the header's time is used). Read
        // as the header reads it in fail2ban's own log.
        if i < n, TimestampParser.digit(p[i]) != nil, let stamp = TimestampParser.parseISO(p, i, allowSpace: true),
           stamp.offsetSeconds == nil, stamp.end < n, p[stamp.end] == 0x20 {
            i = stamp.end + 1
        }
        if Bytes.hasPrefix(p, i, "fail2ban.") {
            var j = i + 9
            while j < n {
                let b = p[j]
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F { j += 1 } else { break }
            }
            while j < n && p[j] == 0x20 { j += 1 }
            if j < n && p[j] == 0x5B {
                while j < n && p[j] != 0x5D { j += 1 }
                j += 1
            }
            while j < n && p[j] == 0x20 { j += 1 }
            if j < n && p[j] == 0x3A {
                j += 1
                while j < n && p[j] == 0x20 { j += 1 }
                i = j
            }
        }
        for level: StaticString in ["CRITICAL ", "ERROR ", "WARNING ", "NOTICE ", "INFO ", "DEBUG ", "HEAVYDEBUG ", "TRACEDEBUG ", "MSG "] {
            if Bytes.hasPrefix(p, i, level) {
                i += level.utf8CodeUnitCount
                while i < n && p[i] == 0x20 { i += 1 }
                break
            }
        }
        if Bytes.hasPrefix(p, i, "Level ") {
            var j = i + 6
            while j < n, TimestampParser.digit(p[j]) != nil { j += 1 }
            while j < n && p[j] == 0x20 { j += 1 }
            i = j
        }
        return i
    }

    static let injectionMarkers: [[UInt8]] = ["rip=", "lip=", "rhost=", "sasl_username=", "): ", ">, ", "]: ", "[last ip="].map { Array($0.utf8) }

    /// Whether client-chosen `text` holds an injection marker. Every marker has a `=`, `:` or
    /// `,`, so text without them (nearly all) is cleared in one pass.
    static func holdsMarker(_ text: UnsafeRawBufferPointer) -> Bool {
        var candidate = false
        for b in text where b == 0x3D || b == 0x3A || b == 0x2C { candidate = true; break }
        guard candidate else { return false }
        return injectionMarkers.contains { m in m.withUnsafeBytes { Bytes.contains(text, $0) } }
    }

    static let lmtp = Array("lmtp".utf8)
    static let queuedAs = Array(" queued as ".utf8)

    static let banWords: [[UInt8]] = ["] Ban ", "] Found ", "] Unban ", "] Restore Ban ", " already banned"].map { Array($0.utf8) }

    /// Line lengths at which syslog daemons cut long messages: a line of exactly this length may
    /// have lost the server's own tail, so client text at its end proves nothing.
    static func isTruncationLength(_ n: Int) -> Bool {
        switch n {
        case 1024, 2048, 4096, 8192, 16384, 65536: return true
        default: return false
        }
    }

    static func looksLikeBanRecord(_ message: UnsafeRawBufferPointer) -> Bool {
        for w in banWords where w.withUnsafeBytes({ Bytes.contains(message, $0) }) { return true }
        return false
    }

    /// A line of a syslog truncation length whose rule ends in client text: possibly cut inside
    /// the client's own text, so it is counted as unrecognised, never attributed (in every mode:
    /// whether or not its event is built).
    static func possiblyCut(_ c: Ruleset.Compiled, _ line: UnsafeRawBufferPointer) -> Bool {
        c.endsInClientText && isTruncationLength(line.count)
    }

    /// Whether a matched line's address and user can pass `identity` (checked on the captured
    /// bytes, before anything is built or interned). A line without the field fails a
    /// condition on it, as `EventFilter.acceptsIdentity` would.
    private func passesIdentity(_ c: Ruleset.Compiled, _ message: UnsafeRawBufferPointer) -> Bool {
        guard let identity else { return true }
        // Any address or user asked for (`--ip X --user bob`: X's events and bob's).
        if !identity.ips.isEmpty, let raw = capture(c.ip, message), let ip = IPAddress.parse(raw), identity.ips.contains(ip) { return true }
        if !identityUsers.isEmpty {
            guard let raw = capture(c.user, message), !Bytes.equals(raw, "(unavailable)") else { return false }
            if !identityUsersASCII || raw.contains(where: { $0 >= 0x80 }) {
                // Not plain ASCII: compare the text as the event would hold it (\xNN for bad bytes).
                let u = Bytes.text(raw)
                return identity.users.contains { UserMatch.matches(u, asked: $0) }
            }
            // Plain ASCII (nearly all): `UserMatch.matches` on the bytes, folding case — the name,
            // its part before the last `@`, against each asked name and its local part.
            let local = raw.lastIndex(of: 0x40).map { UnsafeRawBufferPointer(rebasing: raw[..<$0]) }
            return identityUsers.contains { u in
                u.name.withUnsafeBytes { a in
                    u.local.withUnsafeBytes { al in
                        Bytes.equalsFoldingASCII(raw, a) || (local.map { Bytes.equalsFoldingASCII($0, a) } ?? false)
                            || Bytes.equalsFoldingASCII(raw, al)
                    }
                }
            }
        }
        return identity.ips.isEmpty
    }

    /// Whether the line's address is one of `asked`.
    private func isAsked(_ c: Ruleset.Compiled, _ message: UnsafeRawBufferPointer) -> Bool {
        guard !asked.isEmpty, let raw = capture(c.ip, message), let ip = IPAddress.parse(raw) else { return false }
        return asked.contains(ip)
    }

    @inline(__always)
    private func capture(_ groups: Groups, _ message: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let r = scratch.range(anyOf: groups) else { return nil }
        return UnsafeRawBufferPointer(rebasing: message[r])
    }

    private func text(_ groups: Groups, _ message: UnsafeRawBufferPointer) -> String? {
        guard let b = capture(groups, message), !b.isEmpty else { return nil }
        return Bytes.text(b)
    }

    private func makeEvent(_ kind: EventKind, _ c: Ruleset.Compiled, _ message: UnsafeRawBufferPointer,
                           _ line: UnsafeRawBufferPointer, _ header: LineHeader, number: Int, file: Int32) -> Event? {
        if LineClassifier.possiblyCut(c, line) { return nil }
        var ip: IPAddress? = nil
        if let raw = capture(c.ip, message) {
            // The pattern put an address here: it must be one, or the line is not understood.
            guard let parsed = IPAddress.parse(raw) else { return nil }
            ip = parsed
        }
        let userBytes = capture(c.user, message)
        var user: UInt32 = 0
        if let userBytes, !Bytes.equals(userBytes, "(unavailable)") {   // Postfix 3.9+: no SASL user name
            user = interner.id(userBytes)
        }
        var serviceBytes = capture(c.service, message)
        if serviceBytes == nil {
            switch header.family {
            case .postfix:
                serviceBytes = UnsafeRawBufferPointer(rebasing: line[header.programStart..<header.programEnd])
            case .dovecot:
                // The process prefix of the message: "master", "imap-login", …
                var end = 0
                while end < message.count, end < 64 {
                    let b = message[end]
                    if b == 0x28 || b == 0x3A || b == 0x3C || b == 0x5B || b == 0x20 { break }
                    end += 1
                }
                if end > 0 { serviceBytes = UnsafeRawBufferPointer(rebasing: message[0..<end]) }
            default: break
            }
        }
        let service = serviceBytes.map { interner.id($0) } ?? 0
        var jail = capture(c.jail, message).map { interner.id($0) } ?? 0
        if jail == 0 && kind == .jailSetting, let currentJail { jail = interner.id(currentJail) }
        var pid: Int32? = nil
        if let raw = capture(c.pid, message) { pid = Bytes.int32(raw) }
        var detail: UInt32 = 0
        if !c.detail.isEmpty {
            // Built in a reused byte buffer: no String unless the text is new to this thread.
            detailBuffer.pointee.removeAll(keepingCapacity: true)
            // A group the line lacks at either end of the template leaves its separator behind
            // (`"flush tickets {why}"`, `"{db}: {reason}"`): trimmed there, and only there (a
            // captured `Password:` keeps its colon).
            var emptyAtStart = false, emptyAtEnd = false
            for (k, part) in c.detail.enumerated() {
                switch part {
                case .literal(let s):
                    detailBuffer.pointee.append(contentsOf: s.utf8)
                    emptyAtEnd = false
                case .group(let g):
                    let b = capture(g, message)
                    if let b { detailBuffer.pointee.append(contentsOf: b) }
                    emptyAtEnd = b?.isEmpty ?? true
                    if k == 0 { emptyAtStart = emptyAtEnd }
                }
            }
            detail = detailBuffer.pointee.withUnsafeBytes {
                let d = LineClassifier.trimmedDetail($0, start: emptyAtStart, end: emptyAtEnd)
                return d.isEmpty ? 0 : interner.id(d)
            }
        }
        var extra: Int64? = nil
        var extraUTC = false
        if let raw = capture(c.date, message), raw.count >= 19 {
            if let iso = TimestampParser.parseISO(raw, 0, allowSpace: true) {
                // fail2ban writes the date in its own zone: the one its line's time was written in,
                // when that carries an offset (RFC 3339, the journal's short-iso) and the date so
                // read is not after the line (a journal exported in UTC, a DST change between
                // the two: then --tz, as for any wall time).
                if let off = iso.offsetSeconds {
                    extra = iso.naiveMicros - Int64(off) * 1_000_000
                    extraUTC = true
                } else if header.offsetSeconds != LineHeader.noOffset,
                          iso.naiveMicros - Int64(header.offsetSeconds) * 1_000_000 <= header.stamp.value + 60_000_000 {
                    extra = iso.naiveMicros - Int64(header.offsetSeconds) * 1_000_000
                    extraUTC = true
                } else {
                    extra = iso.naiveMicros
                }
            }
        }
        var event = Event(kind: kind, ipID: ip.map { interner.id($0) } ?? 0, userID: user, serviceID: service, jailID: jail,
                          detailID: detail, file: file, line: Int32(clamping: number), pid: pid,
                          session: capture(c.session, message).map { UInt32(truncatingIfNeeded: FileParser.lineHash($0)) }, extra: extra,
                          ruleIndex: c.index, stamp: header.stamp)
        if kind == .delivery {
            event.intoMailbox = LineClassifier.isMailboxDelivery(c, message, service: serviceBytes, scratch: scratch)
        }
        if extraUTC { event.extraIsUTC = true }
        // Client-chosen text that spells server fields: the address is still the one the server
        // wrote (patterns pin it to the server's tail), but the line is flagged as an injection.
        if let u = userBytes, LineClassifier.holdsMarker(u) { event.suspicious = true }
        if !c.free.isEmpty, let free = capture(c.free, message), LineClassifier.holdsMarker(free) { event.suspicious = true }
        // The line from its host on (`mx1 postfix/smtpd[1234]: …`), hashed: the same line written
        // by two loggers (rsyslog's `Jun  5`, the journal's `Jun 05`, RFC 3339) hashes alike, two
        // processes' or two hosts' lines do not (see `Event.repeats`). Only where no pid or
        // session is kept.
        if event.slotIsFree {
            // (Its first 96 bytes: host, program, pid and the message's start — the rest of what
            // tells two lines apart is compared field by field — at a fixed cost a line.)
            let from = min(header.hostStart >= 0 ? header.hostStart : header.programStart, line.count)
            event.setLineHash(FileParser.lineHash(UnsafeRawBufferPointer(rebasing: line[from..<min(from + 96, line.count)])))
        }
        return event
    }

    /// A built detail without the separators (space, `:`, `,`) at its start and/or end.
    static func trimmedDetail(_ d: UnsafeRawBufferPointer, start: Bool, end: Bool) -> UnsafeRawBufferPointer {
        func separator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x3A || b == 0x2C }
        var from = 0, to = d.count
        if start { while from < to && separator(d[from]) { from += 1 } }
        if end { while to > from && separator(d[to - 1]) { to -= 1 } }
        return UnsafeRawBufferPointer(rebasing: d[from..<to])
    }

    /// A Postfix `status=sent` into a local mailbox (relay local/virtual/lmtp, or a Dovecot
    /// pipe), or Dovecot's own lmtp/lda line.
    static func isMailboxDelivery(_ c: Ruleset.Compiled, _ message: UnsafeRawBufferPointer, service: UnsafeRawBufferPointer?, scratch: MatchScratch) -> Bool {
        if c.relay.isEmpty { return true }   // Dovecot lmtp/lda
        guard let sr = scratch.range(anyOf: c.status), let rr = scratch.range(anyOf: c.relay) else { return false }
        // Compared on the captured bytes: no String per delivery line.
        let status = UnsafeRawBufferPointer(rebasing: message[sr])
        let relay = UnsafeRawBufferPointer(rebasing: message[rr])
        guard Bytes.equals(status, "sent") else { return false }
        // local(8) handing the message on by a .forward or alias: it left, it did not reach a mailbox.
        if Bytes.hasPrefix(message, sr.upperBound, " (forwarded as ") { return false }
        // An LMTP/SMTP hop that queued the message again (a content filter such as amavis fed
        // over LMTP answers `250 2.0.0 … Ok: queued as 3C6A2D1B22`): a hand-off, not a mailbox;
        // the filter's re-injected copy is delivered (and counted) later.
        if LineClassifier.queuedAs.withUnsafeBytes({ Bytes.contains(UnsafeRawBufferPointer(rebasing: message[sr.upperBound...]), $0) }) { return false }
        if Bytes.equals(relay, "local") || Bytes.equals(relay, "virtual") || Bytes.hasPrefix(relay, 0, "dovecot") { return true }
        if LineClassifier.lmtp.withUnsafeBytes({ Bytes.contains(relay, $0) }) { return true }
        if let service, Bytes.hasSuffix(service, "/lmtp") || Bytes.hasSuffix(service, "/local") || Bytes.hasSuffix(service, "/virtual") { return true }
        return false
    }
}
