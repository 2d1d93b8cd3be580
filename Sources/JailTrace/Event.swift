/// What a log line said, in jailtrace's vocabulary (the `event` field of `events` output).
public enum EventKind: UInt8, CaseIterable, Sendable, Codable {
    case connect, disconnect, authFailure, login, logout, submission, delivery, reject
    case sessionCrash, serverFault, abuse
    case found, ban, unban, restoreBan, repealBan, reban, alreadyBanned, increaseBan, flush, ignore
    case jailSetting, jailStart, jailStop, fail2banStart, fail2banStop

    /// The name used in output.
    public var name: String {
        switch self {
        case .connect: return "connect"
        case .disconnect: return "disconnect"
        case .authFailure: return "auth-failure"
        case .login: return "login"
        case .logout: return "logout"
        case .submission: return "submission"
        case .delivery: return "delivery"
        case .reject: return "reject"
        case .sessionCrash: return "session-crash"
        case .serverFault: return "server-fault"
        case .abuse: return "abuse"
        case .found: return "found"
        case .ban: return "ban"
        case .unban: return "unban"
        case .restoreBan: return "restore-ban"
        case .repealBan: return "repeal-ban"
        case .reban: return "reban"
        case .alreadyBanned: return "already-banned"
        case .increaseBan: return "increase-ban"
        case .flush: return "flush"
        case .ignore: return "ignore"
        case .jailSetting: return "jail-setting"
        case .jailStart: return "jail-start"
        case .jailStop: return "jail-stop"
        case .fail2banStart: return "fail2ban-start"
        case .fail2banStop: return "fail2ban-stop"
        }
    }

    /// The kind for an output name.
    public init?(name: String) {
        guard let k = EventKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = k
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let k = EventKind(name: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown event \(s)"))
        }
        self = k
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// One normalized event with its evidence (`file`, `line`). Only matched lines become events.
/// Millions are kept, so the struct is 48 bytes: texts and the address are ids into the
/// `Interned` tables; optional numbers are plain values plus a flag bit; the Dovecot pid and
/// session hash share one 8-byte slot with the rule-specific extra number (no rule has both).
public struct Event: Sendable {
    /// UTC microseconds since the epoch (after year and zone resolution; before it, the raw
    /// stamp's value).
    public var time: Int64
    /// `extra`, or `pid` (high 32 bits) and `session` (low 32), per the flags.
    private var slot: UInt64 = 0
    /// 1-based line number in the (decompressed) file.
    public var line: Int32
    /// Ids in `Interned.addresses` and `Interned.texts` (0: none).
    public private(set) var ipID: UInt32 = 0
    public private(set) var userID: UInt32 = 0
    public private(set) var serviceID: UInt32 = 0
    public internal(set) var jailID: UInt32 = 0
    public private(set) var detailID: UInt32 = 0
    private var rawFile: UInt16
    /// Index of the rule that matched in `Ruleset.shared.rules` (`Event.databaseRule` for a
    /// fail2ban database row).
    public var ruleIndex: UInt16
    /// What happened.
    public var kind: EventKind
    private var stampKind: RawStamp.Kind
    var yearDelta: Int8 = 0
    private var flags: UInt8 = 0

    private static let hasPid: UInt8 = 2, hasSession: UInt8 = 4, hasExtra: UInt8 = 8,
                       isSuspicious: UInt8 = 16, isMailbox: UInt8 = 32, isExtraUTC: UInt8 = 64, hasLineHash: UInt8 = 128

    /// Inputs an event can point at (`file` is stored in 16 bits).
    public static let maxFiles = Int(UInt16.max)

    /// Keeps a hash of the line from its host on (host, program, syslog pid, message) in the slot
    /// when the event has no pid, session or extra to keep there: two copies of one line then
    /// compare equal, however their time and host were written, and two lines that merely say
    /// the same (two smtpd processes, one second) do not.
    /// A hash of what `repeats` compares but the time (a dictionary key among the events of one
    /// instant).
    var contentKey: UInt64 {
        @inline(__always) func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
            let m = (h ^ v) &* 0x100_0000_01B3
            return m ^ (m >> 29)
        }
        var h = mix(slot ^ 0x9E37_79B9_7F4A_7C15, UInt64(kind.rawValue) << 56 | UInt64(flags) << 48 | UInt64(ruleIndex))
        h = mix(h, UInt64(ipID) << 32 | UInt64(userID))
        h = mix(h, UInt64(serviceID) << 32 | UInt64(detailID))
        return mix(h, UInt64(jailID))
    }

    mutating func setLineHash(_ h: UInt64) {
        guard slotIsFree else { return }
        slot = h
        flags |= Event.hasLineHash
    }

    /// No pid, session or extra in the slot (a line hash may go there).
    var slotIsFree: Bool { flags & (Event.hasPid | Event.hasSession | Event.hasExtra) == 0 }

    /// Whether `other` says exactly what this event says at the same instant (everything but
    /// where it was read, and the same line hash where there is one): the same line in two inputs.
    func repeats(_ other: Event) -> Bool {
        time == other.time && kind == other.kind && ruleIndex == other.ruleIndex && ipID == other.ipID && userID == other.userID
            && serviceID == other.serviceID && jailID == other.jailID && detailID == other.detailID && slot == other.slot && flags == other.flags
    }

    private func flag(_ f: UInt8) -> Bool { flags & f != 0 }
    private mutating func set(_ f: UInt8, _ on: Bool) { if on { flags |= f } else { flags &= ~f } }

    /// Index of the input file in the run.
    public var file: Int32 {
        get { Int32(rawFile) }
        set { rawFile = UInt16(clamping: newValue) }
    }
    /// The client address, as the server wrote it.
    public var ip: IPAddress? { Interned.addresses[ipID] }
    /// Dovecot mail process pid (`mpid` of a login, the pid of a session, a crashed child).
    public var pid: Int32? {
        get { flag(Event.hasPid) ? Int32(truncatingIfNeeded: slot >> 32) : nil }
        set {
            if flag(Event.hasExtra) || flag(Event.hasLineHash) { slot = 0; flags &= ~(Event.hasExtra | Event.hasLineHash) }
            slot = (slot & 0xFFFF_FFFF) | (UInt64(UInt32(bitPattern: newValue ?? 0)) << 32)
            set(Event.hasPid, newValue != nil)
        }
    }
    /// Dovecot session id, hashed to 32 bits (it only ties a session end to its login, together
    /// with the pid).
    public var session: UInt32? {
        get { flag(Event.hasSession) ? UInt32(truncatingIfNeeded: slot) : nil }
        set {
            if flag(Event.hasExtra) || flag(Event.hasLineHash) { slot = 0; flags &= ~(Event.hasExtra | Event.hasLineHash) }
            slot = (slot & ~0xFFFF_FFFF) | UInt64(newValue ?? 0)
            set(Event.hasSession, newValue != nil)
        }
    }
    /// Rule-specific extra: a `Found … - <date>` time (µs UTC), a database ban's bantime.
    /// Replaces `pid` and `session` (no rule has both).
    public var extra: Int64? {
        get { flag(Event.hasExtra) ? Int64(bitPattern: slot) : nil }
        set {
            slot = UInt64(bitPattern: newValue ?? 0)
            flags &= ~(Event.hasPid | Event.hasSession | Event.hasLineHash)
            set(Event.hasExtra, newValue != nil)
        }
    }
    /// A `Found … - <date>` whose date is already UTC (its line's time carried an offset, the
    /// zone fail2ban wrote the date in): not read in `--tz`.
    var extraIsUTC: Bool {
        get { flag(Event.isExtraUTC) }
        set { set(Event.isExtraUTC, newValue) }
    }
    /// A delivery into a local mailbox (not a relay to another host).
    public var intoMailbox: Bool {
        get { flag(Event.isMailbox) }
        set { set(Event.isMailbox, newValue) }
    }
    /// Set when a client-chosen field held text that looks like another address field.
    public var suspicious: Bool {
        get { flag(Event.isSuspicious) }
        set { set(Event.isSuspicious, newValue) }
    }
    /// The user name, verbatim (invalid UTF-8 bytes shown as `\xNN`).
    public var user: String? { Interned.texts[userID] }
    /// Postfix service (`postfix/submission/smtpd`) or Dovecot process (`imap-login`, `imap`).
    public var service: String? { Interned.texts[serviceID] }
    /// fail2ban jail.
    public var jail: String? { Interned.texts[jailID] }
    /// A short human detail (mechanism and reason, relay and status, …).
    public var detail: String? { Interned.texts[detailID] }

    /// The line's time as written (valid until the time resolver has run).
    var stamp: RawStamp {
        get { RawStamp(kind: stampKind, value: time) }
        set { stampKind = newValue.kind; time = newValue.value }
    }
    /// Marks the time as resolved (UTC).
    mutating func resolve(to utc: Int64) {
        time = utc
        stampKind = .absolute
    }

    /// An event whose texts and address are already ids in the `Interned` tables. Its time is
    /// its stamp's value until the time resolver has run.
    init(kind: EventKind, ipID: UInt32, userID: UInt32, serviceID: UInt32, jailID: UInt32, detailID: UInt32,
         file: Int32, line: Int32, pid: Int32?, session: UInt32?, extra: Int64?, ruleIndex: UInt16, stamp: RawStamp) {
        self.time = stamp.value
        self.kind = kind
        self.stampKind = stamp.kind
        self.ruleIndex = ruleIndex
        self.rawFile = UInt16(clamping: file)
        self.line = line
        self.ipID = ipID
        self.userID = userID
        self.serviceID = serviceID
        self.jailID = jailID
        self.detailID = detailID
        if let extra { self.extra = extra } else {
            if let pid { self.pid = pid }
            if let session { self.session = session }
        }
    }

    /// An event with its values (stored in the `Interned` tables).
    init(kind: EventKind, ip: IPAddress?, user: String?, service: String?, jail: String?,
         detail: String?, file: Int32, line: Int32, pid: Int32?, session: UInt32?, extra: Int64?,
         ruleIndex: UInt16, stamp: RawStamp) {
        let t = Interned.texts
        let id = { (s: String?) -> UInt32 in s.map { $0.isEmpty ? 0 : t.id($0) } ?? 0 }
        self.init(kind: kind, ipID: ip.map { Interned.addresses.id($0) } ?? 0, userID: id(user), serviceID: id(service),
                  jailID: id(jail), detailID: id(detail),
                  file: file, line: line, pid: pid, session: session, extra: extra, ruleIndex: ruleIndex, stamp: stamp)
    }

    /// Rule index of events read from a fail2ban database.
    public static let databaseRule: UInt16 = .max

    /// The id of the rule that matched.
    public var rule: String {
        ruleIndex == Event.databaseRule ? Fail2banDatabase.ruleID : Ruleset.shared.rules[Int(ruleIndex)].id
    }

    /// A successful authentication of a client address (SPEC §3: what makes the address a
    /// device): a login, or a submission with a SASL user name. The correlation's `login` and
    /// `submission` cases count exactly these.
    var isSuccessfulAuthentication: Bool {
        ipID != 0 && (kind == .login || (kind == .submission && userID != 0))
    }

    /// Whether the event came from a Postfix rule.
    var isPostfix: Bool { isPostfix(Ruleset.shared.families) }
    /// `isPostfix` with the rules' families at hand (a loop over many events reads them once).
    func isPostfix(_ families: [Family]) -> Bool { ruleIndex != Event.databaseRule && families[Int(ruleIndex)] == .postfix }
}

/// A line's time as written, before the year and zone are known.
struct RawStamp: Sendable {
    enum Kind: UInt8, Sendable { case none, absolute, naive, yearless }
    var kind: Kind
    /// absolute: UTC µs; naive: local wall µs as if UTC; yearless: packed month/day/µs-of-day.
    var value: Int64

    static let none = RawStamp(kind: .none, value: 0)

    static func yearless(month: Int, day: Int, sod: Int, micros: Int) -> RawStamp {
        RawStamp(kind: .yearless, value: (Int64(month * 32 + day) * 86400 + Int64(sod)) * 1_000_000 + Int64(micros))
    }

    /// month, day, µs of day of a yearless stamp.
    var yearlessParts: (month: Int, day: Int, microsOfDay: Int64) {
        let dayMicros: Int64 = 86400 * 1_000_000
        let md = Int(value / dayMicros)
        return (md / 32, md % 32, value % dayMicros)
    }

    /// Orders yearless stamps within a year (month, day, time).
    var yearlessKey: Int64 { value }
}
