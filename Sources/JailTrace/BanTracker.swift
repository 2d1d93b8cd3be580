/// One ban interval of one address in one jail. 72 bytes (tens of thousands are kept): the jail
/// is an id in `Interned.texts`, missing times are a sentinel, the end reason is a code.
struct Ban {
    let ip: IPAddress
    var start: Int64
    private var rawEnd = Ban.none
    private var rawExpectedEnd = Ban.none
    private var rawSuspendedAt = Ban.none
    let jailID: UInt32
    private var rawStartEvent: UInt32
    private var reason: UInt8 = 0
    var restored = false
    var fromDatabase = false
    /// First met at its `Restore Ban`/`Reban` (its `Ban` rotated away): it began before `start`.
    var beganEarlier = false
    /// The ban has a length of its own (an `Increase Ban`; from 0.11 a ban restored at a
    /// restart, which keeps the shorter of its length and the jail's new bantime); else it
    /// follows its jail's bantime, as fail2ban's ban manager does — also one changed while the
    /// ban runs (a reload, `fail2ban-client set <jail> bantime`).
    var ownLength = false
    /// How long before its `Ban` line the ban's clock started (whole seconds): fail2ban counts a
    /// ban from its last failure's time — seconds earlier as a rule, minutes when it read a backlog.
    private var clockLeadSeconds: Int32 = 0
    var clockLead: Int64 {
        get { Int64(clockLeadSeconds) * 1_000_000 }
        set { clockLeadSeconds = Int32(clamping: max(0, newValue) / 1_000_000) }
    }
    /// When the ban's time began counting.
    var clock: Int64 { start - clockLead }
    /// `expectedEnd` comes from a database row's bantime (0.11+: the jail's at ban time), not
    /// from fail2ban's default: a length that can be trusted to end it when its Unban is missing.
    var lengthFromRow = false

    private static let none = Int64.min
    private static let reasons = [nil, "expired", "manual", "stopped"]

    init(jailID: UInt32, ip: IPAddress, start: Int64, startEvent: Int, expectedEnd: Int64?) {
        self.jailID = jailID
        self.ip = ip
        self.start = start
        rawStartEvent = UInt32(startEvent)
        self.expectedEnd = expectedEnd
    }

    var jail: String { Interned.texts[jailID] ?? "" }
    var startEvent: Int {
        get { Int(rawStartEvent) }
        set { rawStartEvent = UInt32(newValue) }
    }
    var end: Int64? {
        get { rawEnd == Ban.none ? nil : rawEnd }
        set { rawEnd = newValue ?? Ban.none }
    }
    /// start + bantime, or an Increase Ban's new end (`.max`: permanent).
    var expectedEnd: Int64? {
        get { rawExpectedEnd == Ban.none ? nil : rawExpectedEnd }
        set { rawExpectedEnd = newValue ?? Ban.none }
    }
    /// Interrupted by a fail2ban stop, not yet restored.
    var suspendedAt: Int64? {
        get { rawSuspendedAt == Ban.none ? nil : rawSuspendedAt }
        set { rawSuspendedAt = newValue ?? Ban.none }
    }
    /// "expired", "manual" or "stopped" once ended.
    var endReason: String? {
        get { Ban.reasons[Int(reason)] }
        set { reason = UInt8(Ban.reasons.firstIndex(of: newValue) ?? 0) }
    }
}

/// Jail settings learned from the log (`maxRetry`, `findtime`, `banTime`).
struct JailSettings {
    var maxRetry: Int?
    var findTime: Int64?   // seconds
    var banTime: Int64?    // seconds; -1 permanent
}

/// Turns fail2ban's Ban/Unban/Restore/Flush/stop/start records into ban intervals. A ban that
/// fail2ban only interrupted for a restart stays one ban (SPEC §3).
struct BanTracker {
    static let defaultBanTime: Int64 = 600
    static let defaultFindTime: Int64 = 600
    static let restoreGrace: Int64 = 60 * 1_000_000

    private(set) var bans: [Ban] = []
    // Jails are their ids in `Interned.texts` (no String built or hashed per record).
    private var open: [UInt32: [IPAddress: Int]] = [:]          // jail → ip → ban index
    private var suspended: [UInt32: [IPAddress: Int]] = [:]
    private var stopping = false
    private var restartAt: [UInt32: Int64] = [:]                 // jail → start time after a stop
    private var foundSinceRestart: Set<UInt32> = []
    /// An `Increase Ban` met before its `Ban` line (fail2ban's observer thread writes it a
    /// moment after, usually): jail → ip → (time, ban length in seconds).
    private var pendingIncrease: [UInt32: [IPAddress: (time: Int64, seconds: Int64)]] = [:]
    /// Bans an Unban or Flush just closed outside a server stop, by jail: if the jail stops a
    /// moment later, that was the stop's flush (fail2ban 0.8 writes no stop marker before it;
    /// `Reload jail` stops one jail alone), and the bans are suspended instead.
    private var justClosed: [UInt32: ClosingRun] = [:]
    /// fail2ban 1.1.1+ (from its start line): a stop writes `Repeal Ban`, never `Unban`.
    private var repealsOnStop = false
    /// fail2ban 0.8/0.9 (from its start line; true while no version is known and no `Restore
    /// Ban` was met): a start re-bans with a plain `Ban`. From 0.10 a start restores with
    /// `Restore Ban` only, and a plain `Ban` after a restart is a new ban.
    private var restoresWithPlainBan = true
    /// fail2ban 0.11+ (by its start line; without one, as the versions in use are): a restored
    /// ban keeps its own length (the database stores it), capped by the jail's new bantime.
    private var restoredBansKeepLength = true
    /// Jails whose log shows `bantime.increment` (an `Increase Ban`): a restored ban is not
    /// capped by the jail's bantime then (fail2ban caps by `bantime.maxtime`, not logged).
    private var incrementing = Set<UInt32>()
    /// The matched time of the latest Found line of each jail and address (a ban's clock), by
    /// jail id << 32 | address id (one integer hashed per Found line).
    private var lastFound: [UInt64: Int64] = [:]
    /// Bans open when fail2ban last started and not banned or restored since: left over from a
    /// crash (no stop lines) until their jail starts.
    private var openAtStart = Set<Int>()
    /// A run of Unban/Flush lines of one jail, each within `stopFlushWindow` of the one before
    /// (a slow flush unbans one address at a time), and the bans among them this tracker knew.
    private struct ClosingRun {
        var closed: [(index: Int, time: Int64, flush: Bool)] = []
        var last: Int64? = nil
    }
    /// Flush lines of one stop (one per action that has a flush) follow each other this closely.
    static let flushRunWindow: Int64 = 1_000_000
    static let stopFlushWindow: Int64 = 5 * 1_000_000
    var settings: [String: JailSettings] = [:] { didSet { settingsByID.removeAll(keepingCapacity: true) } }
    /// Each jail's settings after each settings line, in time order.
    private(set) var settingsHistory: [String: [(time: Int64, settings: JailSettings)]] = [:]
    /// Each jail's settings before its first settings line (from --jail-config, or none).
    private var settingsBefore: [String: JailSettings] = [:]

    /// The settings of `jail` in force at `time` (a ban's start): the latest set at or before
    /// it; before the first settings line of the inputs, those known without it (--jail-config),
    /// else none — a later reload's values did not decide an earlier ban. The bantime is the
    /// one last set (fail2ban's ban manager applies a reload's new bantime to bans in force).
    func settings(of jail: String, at time: Int64) -> JailSettings? {
        guard var s = settings[jail] else { return nil }
        if let history = settingsHistory[jail] {
            let then = history.last(where: { $0.time <= time })?.settings ?? settingsBefore[jail] ?? JailSettings()
            s.maxRetry = then.maxRetry
            s.findTime = then.findTime
        }
        return s
    }
    /// `settings` by jail id, filled as asked (every Ban and Unban asks: no String per line).
    private var settingsByID: [UInt32: JailSettings?] = [:]

    /// The settings of jail `id` (from the log, else --jail-config).
    private mutating func jailSettings(_ id: UInt32) -> JailSettings? {
        if let s = settingsByID[id] { return s }
        let s = settings.isEmpty ? nil : settings[Interned.texts[id] ?? ""]
        settingsByID[id] = s
        return s
    }

    mutating func feed(_ e: Event, index: Int) {
        switch e.kind {
        case .jailSetting:
            guard let jail = e.jail, let detail = e.detail, let eq = detail.firstIndex(of: "=") else { return }
            let name = detail[..<eq].lowercased()
            let value = String(detail[detail.index(after: eq)...])
            var s = settings[jail] ?? JailSettings()
            if settingsHistory[jail] == nil { settingsBefore[jail] = s }
            switch name {
            case "maxretry": s.maxRetry = Int(value) ?? s.maxRetry
            case "findtime": s.findTime = BanTracker.seconds(value) ?? s.findTime
            case "bantime": s.banTime = BanTracker.seconds(value) ?? s.banTime
            default: break
            }
            settings[jail] = s
            // (Kept as they were at each change: a ban was decided under the jail's settings of
            // its time; a reload's new maxRetry/findtime did not make it.)
            settingsHistory[jail, default: []].append((e.time, s))
        case .fail2banStop:
            stopping = true
        case .fail2banStart:
            stopping = false
            repealsOnStop = e.detail.map(BanTracker.writesRepealOnStop) ?? false
            if let detail = e.detail, let v = BanTracker.release(detail) {
                // (0.10.0's alphas still re-banned with a plain `Ban`.)
                restoresWithPlainBan = v.lexicographicallyPrecedes([0, 10, 0]) || (v == [0, 10, 0] && BanTracker.isPreRelease(detail))
                restoredBansKeepLength = !v.lexicographicallyPrecedes([0, 11, 0])
            }
            openAtStart = Set(open.values.flatMap(\.values))
            for jail in suspended.keys { restartAt[jail] = e.time; foundSinceRestart.remove(jail) }
        case .jailStart:
            let jail = e.jailID
            guard jail != 0 else { return }
            // A jail starting again ends any stop (a 0.9 `reload` stops and starts the jails
            // without a server start).
            stopping = false
            // Bans of the jail still open when it starts were not stopped: fail2ban crashed (no
            // stop lines). The start restores those still due (`Restore Ban`, or 0.8/0.9's
            // plain `Ban`); the others ended with the crash, as far as the logs can tell. (Not
            // at a server-start line alone: 0.8 writes "Changed logging target" at every log
            // rotation, with its jails running on.)
            // (fail2ban restores bans before it writes the start line: those restored since the
            // server start are alive, whatever the order.)
            expireLapsed(jail, before: e.time)
            for (ip, idx) in open[jail] ?? [:] where openAtStart.contains(idx) {
                suspend(jail, ip, idx, at: e.time)
                open[jail]![ip] = nil
                openAtStart.remove(idx)
            }
            if suspended[jail] != nil { restartAt[jail] = e.time; foundSinceRestart.remove(jail) }
        case .jailStop:
            let jail = e.jailID
            guard jail != 0 else { return }
            expireLapsed(jail, before: e.time)
            for (ip, idx) in open[jail] ?? [:] { suspend(jail, ip, idx, at: e.time) }
            open[jail] = [:]
            // The run of closings that ends within `stopFlushWindow` of the stop, each within it
            // of the one before (a slow flush unbans one address at a time), was its flush.
            let run = justClosed.removeValue(forKey: jail) ?? ClosingRun()
            let stopsRun = run.last.map { e.time - $0 <= BanTracker.stopFlushWindow } ?? false
            // (From 1.1.1 only a `Repeal Ban` makes a flush the stop's: not the stop line.)
            for c in run.closed where stopsRun && bans[c.index].end == c.time && !(repealsOnStop && c.flush) {
                let ip = bans[c.index].ip
                bans[c.index].end = nil
                bans[c.index].endReason = nil
                suspend(jail, ip, c.index, at: c.time)
            }
        case .found:
            guard e.jailID != 0 else { return }
            // (The latest failure time, as fail2ban's ticket keeps it, whatever order the lines came in.)
            if e.ipID != 0 {
                let key = UInt64(e.jailID) << 32 | UInt64(e.ipID), t = e.extra ?? e.time
                if let old = lastFound[key], old >= t {} else { lastFound[key] = t }
            }
            // Only matters after a restart (rare).
            guard !restartAt.isEmpty else { return }
            if let r = restartAt[e.jailID], e.time >= r { foundSinceRestart.insert(e.jailID) }
        case .flush:
            let jail = e.jailID
            guard jail != 0 else { return }
            // A flush starts a stop's run of closings (or is a manual `unban --all`): closings
            // before it were not this stop's — but for the flushes of the jail's other actions,
            // written one right after the other.
            // (From 1.1.1 a flush is a stop's only when `Repeal Ban` lines follow it, which a
            // manual `unban --all` never writes: its closings are kept for them across the next
            // action's flush, however slow the one before.)
            if let last = justClosed[jail]?.last, e.time - last > BanTracker.flushRunWindow {
                if repealsOnStop && e.time - last <= BanTracker.stopFlushWindow {
                    justClosed[jail]!.closed.removeAll { !$0.flush }
                } else {
                    justClosed[jail] = nil
                }
            }
            expireLapsed(jail, before: e.time)
            for (ip, idx) in open[jail] ?? [:] {
                if stopping { suspend(jail, ip, idx, at: e.time) } else { closeBeforeAStop(jail, idx, at: e.time, reason: "manual", flush: true) }
            }
            open[jail] = [:]
        case .unban, .repealBan:
            let jail = e.jailID
            guard jail != 0, let ip = e.ip else { return }
            // fail2ban 1.1.1+ writes `Repeal Ban` only when a jail stops: never an end of its own.
            let stop = stopping || e.kind == .repealBan
            if e.kind == .repealBan { restoresWithPlainBan = false; restoredBansKeepLength = true }
            expireLapsed(jail, ip, before: e.time)
            if stop, let idx = suspended[jail]?[ip] {
                // A Flush suspended it a moment ago; this line is the address's own evidence.
                bans[idx].suspendedAt = e.time
                return
            }
            // A stop's `Repeal Ban` lines follow its flush one after another (each may wait for an
            // action without a flush): each keeps the run going.
            let inRun = e.kind == .repealBan && (justClosed[jail]?.last.map { e.time - $0 <= BanTracker.stopFlushWindow } ?? false)
            if inRun { justClosed[jail]!.last = e.time }
            if inRun, let run = justClosed[jail], let k = run.closed.lastIndex(where: {
                $0.flush && bans[$0.index].ip == ip && bans[$0.index].end == $0.time
            }) {
                // A `Flush ticket(s)` outside a server stop closed it a moment ago, and a
                // `Repeal Ban` is written only when a jail stops: that flush was the stop's.
                let c = run.closed[k]
                bans[c.index].end = nil
                bans[c.index].endReason = nil
                justClosed[jail]!.closed.remove(at: k)
                suspend(jail, ip, c.index, at: e.time)
                return
            }
            guard let idx = open[jail]?[ip] else {
                if !stop { noteClosing(jail, at: e.time) }   // an address banned before the logs: still part of a run
                return
            }
            open[jail]![ip] = nil
            if stop {
                suspend(jail, ip, idx, at: e.time)
            } else {
                let expected = currentExpectedEnd(idx)
                let early = expected.map { e.time < $0 - 2_000_000 } ?? false
                closeBeforeAStop(jail, idx, at: e.time, reason: early || expected == .max ? "manual" : "expired")
            }
        case .ban, .restoreBan, .reban:
            let jail = e.jailID
            guard jail != 0, let ip = e.ip else { return }
            let fromDB = e.ruleIndex == Event.databaseRule
            // A schema-4 row (it has a bantime): fail2ban 0.11+.
            if fromDB && e.extra != nil { restoredBansKeepLength = true; restoresWithPlainBan = false }
            expireLapsed(jail, ip, before: e.time)
            if let idx = open[jail]?[ip] {
                // Already in force: restored by a start that followed a crash (no stop lines).
                if e.kind == .restoreBan {
                    bans[idx].restored = true
                    keepLengthAtRestore(idx)
                }
                openAtStart.remove(idx)
                // A database row and the log's Ban line are one ban: the log
                // line (a moment after `timeofban`) is the better evidence.
                if bans[idx].fromDatabase && !fromDB && e.time - bans[idx].start <= 600 * 1_000_000 {
                    // (The row's `timeofban` is the last failure's time: the ban's clock.)
                    let rowStart = bans[idx].start
                    bans[idx].clockLead = max(0, e.time - rowStart)
                    bans[idx].start = e.time
                    // (Kept at the row's length from the clock as stored, in whole seconds.)
                    if let end = bans[idx].expectedEnd, end != .max { bans[idx].expectedEnd = bans[idx].clock + (end - rowStart) }
                    bans[idx].startEvent = index
                    bans[idx].fromDatabase = false
                }
                return
            }
            if fromDB, let k = bans.lastIndex(where: { $0.jailID == jail && $0.ip == ip }), !bans[k].fromDatabase,
               abs(bans[k].start - e.time) <= 600 * 1_000_000 {
                // The log's own Ban of this row, already seen: the row gives its length.
                if let seconds = e.extra, !bans[k].ownLength, bans[k].end == nil {
                    bans[k].expectedEnd = seconds < 0 ? .max : bans[k].clock + seconds * 1_000_000
                    bans[k].lengthFromRow = true
                }
                return
            }
            if e.kind == .restoreBan { restoresWithPlainBan = false }
            if let idx = suspended[jail]?[ip] {
                let restartTime = restartAt[jail] ?? e.time
                let resumable = e.kind != .ban
                    || (restoresWithPlainBan && (!foundSinceRestart.contains(jail) || e.time - restartTime <= BanTracker.restoreGrace))
                suspended[jail]![ip] = nil
                if resumable {
                    bans[idx].restored = true
                    bans[idx].suspendedAt = nil
                    keepLengthAtRestore(idx)
                    open[jail, default: [:]][ip] = idx
                    return
                }
                close(idx, at: bans[idx].suspendedAt ?? e.time, reason: "stopped")
            }
            let jailSet = jailSettings(jail)
            let configured = jailSet?.banTime
            let banTime = (fromDB ? e.extra : nil) ?? configured ?? BanTracker.defaultBanTime
            // A ban first met at its `Restore Ban`/`Reban` (its `Ban` rotated away, no database
            // row) started earlier, by an unknown amount: when it should end is not known, so its
            // `Unban` is not called early (a permanent ban still ends only by hand).
            let startSeen = e.kind == .ban || fromDB
            // The ban's clock: its last failure (the jail's latest Found of the address within
            // findtime), as fail2ban counts it.
            var lead: Int64 = 0
            // (A ban takes the address's failures: fail2ban drops its ticket; a later ban — a
            // `banip` — does not start from them.)
            if e.kind == .ban && !fromDB, let f = lastFound.removeValue(forKey: UInt64(jail) << 32 | UInt64(e.ipID)), f <= e.time,
               e.time - f <= (jailSet?.findTime ?? BanTracker.defaultFindTime) * 1_000_000 {
                lead = (e.time - f) / 1_000_000 * 1_000_000   // whole seconds, as `Ban.clockLead` keeps it
            }
            var ban = Ban(jailID: jail, ip: ip, start: e.time, startEvent: index,
                          expectedEnd: banTime < 0 ? .max : startSeen ? e.time - lead + banTime * 1_000_000 : nil)
            ban.clockLead = lead
            if let p = pendingIncrease[jail]?.removeValue(forKey: ip), e.time - p.time <= BanTracker.restoreGrace {
                ban.expectedEnd = p.seconds < 0 ? .max : e.time - lead + p.seconds * 1_000_000
                ban.ownLength = true
            }
            ban.fromDatabase = fromDB
            ban.lengthFromRow = fromDB && e.extra != nil
            if !startSeen {
                ban.restored = true
                ban.beganEarlier = true
            }
            bans.append(ban)
            open[jail, default: [:]][ip] = bans.count - 1
        case .increaseBan:
            // `Increase Ban <ip> (<count> # <length> -> <end>)`: the length counted from the
            // ban's start — not the end, which is written in the server's local time.
            restoresWithPlainBan = false   // bantime.increment: 0.11+
            restoredBansKeepLength = true
            incrementing.insert(e.jailID)
            guard e.jailID != 0, let ip = e.ip, let seconds = e.detail.flatMap(BanTracker.increasedBanLength) else { return }
            if let idx = open[e.jailID]?[ip] {
                bans[idx].expectedEnd = seconds < 0 ? .max : bans[idx].clock + seconds * 1_000_000
                bans[idx].ownLength = true
            } else {
                pendingIncrease[e.jailID, default: [:]][ip] = (e.time, seconds)
            }
        default:
            break
        }
    }

    private mutating func suspend(_ jail: UInt32, _ ip: IPAddress, _ idx: Int, at time: Int64) {
        bans[idx].suspendedAt = time
        suspended[jail, default: [:]][ip] = idx
    }

    /// `close`, remembered a moment in case the jail stops right after (`justClosed`).
    private mutating func closeBeforeAStop(_ jail: UInt32, _ idx: Int, at time: Int64, reason: String, flush: Bool = false) {
        close(idx, at: time, reason: reason)
        noteClosing(jail, at: time)
        // A ban that ran its time ended by itself, whatever follows (from 1.1.1 a stop writes
        // `Repeal Ban`, so no plain Unban belongs to one; but its stop still starts with the
        // `Flush ticket(s)` of actions that have one).
        if reason != "expired" && (!repealsOnStop || flush) { justClosed[jail]!.closed.append((idx, time, flush)) }
    }

    /// An Unban or Flush of `jail` at `time`: continues the jail's run of closings, or starts one.
    private mutating func noteClosing(_ jail: UInt32, at time: Int64) {
        var run = justClosed[jail] ?? ClosingRun()
        if let last = run.last, time - last > BanTracker.stopFlushWindow { run.closed.removeAll() }
        run.last = time
        justClosed[jail] = run
    }

    /// 0.11+ restores a ban with its stored length (the jail's bantime when it began, or its
    /// own), capped by the jail's new bantime — without increment; with it by
    /// `bantime.maxtime`, which the log does not show: no cap.
    private mutating func keepLengthAtRestore(_ idx: Int) {
        guard restoredBansKeepLength, !bans[idx].ownLength, let end = bans[idx].expectedEnd else { return }
        let jail = bans[idx].jailID
        if !incrementing.contains(jail), let t = jailSettings(jail)?.banTime, t >= 0 {
            bans[idx].expectedEnd = end == .max ? bans[idx].clock + t * 1_000_000 : min(end, bans[idx].clock + t * 1_000_000)
        }
        bans[idx].ownLength = true
    }

    /// When ban `idx` is due to end now: its own length's end, else its start plus its jail's
    /// bantime as last set (the one it began with when the log never said).
    mutating func currentExpectedEnd(_ idx: Int) -> Int64? {
        let b = bans[idx]
        guard !b.ownLength, b.expectedEnd != nil, let t = jailSettings(b.jailID)?.banTime else { return b.expectedEnd }
        return t < 0 ? .max : b.clock + t * 1_000_000
    }

    /// Whether ban `idx`'s length is known (its own, its row's, or its jail's bantime from the
    /// log or --jail-config), not fail2ban's default guessed.
    mutating func lengthKnown(_ idx: Int) -> Bool {
        bans[idx].ownLength || bans[idx].lengthFromRow || jailSettings(bans[idx].jailID)?.banTime != nil
    }

    private mutating func close(_ idx: Int, at time: Int64, reason: String) {
        bans[idx].end = time
        bans[idx].endReason = reason
    }

    /// Ends, as `expired` at their expected end, the open bans of `jail` (of `ip` alone when
    /// given) known only from a database row whose time ran out before `time`: their `Unban`
    /// was in a rotated-away log, and a later record of the jail (a new `Ban`, a stop) is not
    /// theirs. (`finish` does the same at the window end.)
    private mutating func expireLapsed(_ jail: UInt32, _ ip: IPAddress? = nil, before time: Int64) {
        func lapse(_ addr: IPAddress, _ idx: Int) {
            guard bans[idx].fromDatabase && lengthKnown(idx), let exp = currentExpectedEnd(idx), exp != .max, exp + 2_000_000 < time else { return }
            close(idx, at: exp, reason: "expired")
            open[jail]![addr] = nil
            openAtStart.remove(idx)
        }
        // (One address: one lookup, nothing allocated — a jail can hold thousands of open bans,
        // and every Ban and Unban line asks.)
        if let ip {
            if let idx = open[jail]?[ip] { lapse(ip, idx) }
        } else {
            for (addr, idx) in open[jail] ?? [:] { lapse(addr, idx) }
        }
    }

    /// The release a start line names (`fail2ban 0.10.5 starting` → [0, 10, 5]), nil when none.
    static func release(_ detail: String) -> [Int]? {
        guard let v = detail.split(separator: " ").dropFirst().first, v.first?.isNumber == true else { return nil }
        let parts = v.split(separator: ".").map { Int($0.prefix { $0.isNumber }) ?? 0 }
        return Array((parts + [0, 0, 0]).prefix(3))
    }

    /// Whether a start line's version is a pre-release (`1.1.1.dev1`, `0.10.0a1`, `1.1.1.beta0`).
    static func isPreRelease(_ detail: String) -> Bool {
        guard let v = detail.split(separator: " ").dropFirst().first else { return false }
        let fields = v.split(separator: ".")
        return fields.count > 3 || fields.contains { !$0.allSatisfy(\.isNumber) }
    }

    /// Whether a start line's version (`fail2ban 1.1.1 starting`) is 1.1.1 or later.
    static func writesRepealOnStop(_ detail: String) -> Bool {
        guard let release = release(detail) else { return false }
        // 1.1.1's pre-releases (1.1.1.dev1, 1.1.1.beta0) still wrote Unban on stop.
        if release == [1, 1, 1] && isPreRelease(detail) { return false }
        return !release.lexicographicallyPrecedes([1, 1, 1])
    }

    /// The records `feed` reads (what happened before `--since` is fed these alone).
    static func reads(_ kind: EventKind) -> Bool {
        switch kind {
        case .jailSetting, .fail2banStop, .fail2banStart, .jailStart, .jailStop, .found, .flush, .unban, .repealBan,
             .ban, .restoreBan, .reban, .increaseBan:
            return true
        default:
            return false
        }
    }

    /// Leaves out the bans that ended before `time` (the window's start): only those in force
    /// at some time in the window are the window's.
    mutating func dropBans(endedBefore time: Int64) {
        bans.removeAll { $0.end.map { $0 < time } ?? false }
    }

    /// Ends what is still suspended: a ban not restored ended at the stop. A ban known only from
    /// the database (its log lines rotated away) whose bantime ran out before `windowEnd` expired.
    mutating func finish(windowEnd: Int64?) {
        if let windowEnd {
            for i in bans.indices where bans[i].fromDatabase && bans[i].end == nil && lengthKnown(i) {
                if let exp = currentExpectedEnd(i), exp != .max, exp <= windowEnd {
                    close(i, at: exp, reason: "expired")
                    open[bans[i].jailID]?[bans[i].ip] = nil
                }
            }
        }
        for (_, byIP) in suspended {
            for (_, idx) in byIP { close(idx, at: bans[idx].suspendedAt!, reason: "stopped") }
        }
        suspended = [:]
    }

    /// The ban length of an `Increase Ban` detail (`increase ban (2 # 2:00:00 -> …)`), in
    /// seconds, -1 for `permanent`: 0.11 writes Python's timedelta (`H:MM:SS` with an optional
    /// `N day(s), ` before it), 1.0.1+ its own rounded units (`2h`, `1d 12h`, `1w 2d`, `59m`,
    /// `1y 3w`; `MyTime.seconds2str`).
    static func increasedBanLength(_ detail: String) -> Int64? {
        guard let hash = detail.range(of: "# "), let arrow = detail.range(of: " ->", range: hash.upperBound..<detail.endIndex) else { return nil }
        var text = Substring(detail[hash.upperBound..<arrow.lowerBound])
        if text == "permanent" { return -1 }
        if !text.contains(":") { return seconds(String(text)).flatMap { $0 >= 0 ? $0 : nil } }
        var days: Int64 = 0
        if let comma = text.range(of: ", ") {
            let parts = text[..<comma.lowerBound].split(separator: " ")
            guard parts.count == 2, parts[1] == "day" || parts[1] == "days", let d = Int64(parts[0]) else { return nil }
            days = d
            text = text[comma.upperBound...]
        }
        let hms = text.split(separator: ":")
        guard hms.count == 3, let h = Int64(hms[0]), let m = Int64(hms[1]), let sec = Double(hms[2]) else { return nil }
        return days * 86400 + h * 3600 + m * 60 + Int64(sec)
    }

    /// fail2ban durations (`bantime`, `findtime`, `--silence`): seconds (`600`, `600.0`, `-1` for
    /// a permanent ban), or numbers with units, several summed (`10m`, `1h30m`, `1d 12h`,
    /// `10 minutes`, `2 weeks`): s/sec/second(s), m/mi/min/minute(s), h/hour(s), d/day(s),
    /// w/week(s), mo/mon/month(s) (a twelfth of 365.25 days), y/year(s) (365.25 days), any case.
    static func seconds(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: " ")
        /// A finite number of seconds within a century either way; anything else is not a duration.
        func whole(_ v: Double) -> Int64? { v.isFinite && abs(v) <= 3_155_760_000 ? Int64(v) : nil }
        if let v = Double(t) { return whole(v) }
        let bytes = Array(t.utf8)
        var i = 0, total = 0.0, parts = 0
        while i < bytes.count {
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
            if i == bytes.count { break }
            let numberStart = i
            while i < bytes.count && ((bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x2E) { i += 1 }
            guard i > numberStart, let v = Double(String(decoding: bytes[numberStart..<i], as: UTF8.self)) else { return nil }
            while i < bytes.count && bytes[i] == 0x20 { i += 1 }
            let unitStart = i
            while i < bytes.count && ((bytes[i] | 0x20) >= 0x61 && (bytes[i] | 0x20) <= 0x7A) { i += 1 }
            let unit = String(decoding: bytes[unitStart..<i], as: UTF8.self).lowercased()
            guard let factor = unit.isEmpty ? 1 : durationUnits[unit] else { return nil }
            total += v * factor
            parts += 1
        }
        return parts > 0 ? whole(total) : nil
    }

    /// Seconds per unit name, as fail2ban spells them.
    static let durationUnits: [String: Double] = {
        let year = 365.25 * 86400
        var units: [String: Double] = [:]
        for (names, factor) in [
            (["s", "ss", "sec", "secs", "second", "seconds"], 1.0),
            (["m", "mm", "mi", "min", "mins", "minute", "minutes"], 60),
            (["h", "hh", "hou", "hour", "hours"], 3600),
            (["d", "dd", "da", "day", "days"], 86400),
            (["w", "ww", "wee", "week", "weeks"], 604_800),
            (["mo", "mon", "month", "months"], year / 12),
            (["y", "yy", "yea", "year", "years"], year),
        ] { for n in names { units[n] = factor } }
        return units
    }()
}

/// fail2ban-style durations for the command line.
public enum Durations {
    /// `600`, `10m`, `1h30m`, `2 days`, `1w` → seconds; nil when not a duration.
    public static func seconds(_ text: String) -> Int64? { BanTracker.seconds(text) }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

/// Which jails' Found lines are failed mail logins (`Correlator.watchesMailLogins`), by jail id
/// in `Interned.texts`, worked out once per jail rather than per Found line.
struct JailKinds {
    private var known: [UInt8] = []   // 0 not yet, 1 mail logins, 2 anything else

    mutating func watchesMailLogins(_ jailID: UInt32) -> Bool {
        let k = Int(jailID)
        if k >= known.count { known += [UInt8](repeating: 0, count: k + 1 - known.count) }
        if known[k] == 0 { known[k] = Correlator.watchesMailLogins(Interned.texts[jailID] ?? "") ? 1 : 2 }
        return known[k] == 1
    }
}
