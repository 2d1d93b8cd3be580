import Dispatch
/// Options of `explain` and `report` beyond reading.
public struct ExplainOptions: Sendable {
    public var ips: [IPAddress] = []
    public var users: [String] = []
    /// Silence threshold in seconds.
    public var silence: Int64 = 3600
    /// Window bounds (UTC µs); nil: from the inputs.
    public var since: Int64?
    public var until: Int64?
    /// Jails known from --jail-config (name → ports, settings).
    public var jailConfig: [String: JailConfig] = [:]
    /// Problems met reading --jail-config (warnings like those of the inputs).
    public var jailConfigWarnings: [String] = []
    public init() {}
}

/// A jail as configured (from jail.conf / jail.local / jail.d).
public struct JailConfig: Sendable {
    public var ports: String?
    public var maxRetry: Int?
    public var findTime: Int64?
    public var banTime: Int64?
    public var filter: String?
    public var ignoreIP: [String] = []
    public init(ports: String? = nil, maxRetry: Int? = nil, findTime: Int64? = nil, banTime: Int64? = nil) {
        self.ports = ports
        self.maxRetry = maxRetry
        self.findTime = findTime
        self.banTime = banTime
    }
}

/// Per-address facts gathered in one pass over the events (a class: updated in place). Most
/// addresses only ever fail (attackers): their state is two index lists; what authenticated
/// addresses need besides lives in `Activity`, made for them alone.
final class AddressState {
    // Event indices are 32-bit (a run holds fewer than 2^32 events: 48 bytes each).
    var authFailures: [UInt32] = []     // event indices (auth-failure)
    /// Auth failures not in the store (`AttackerSieve`): counted only.
    var failuresLeftOut = 0
    /// All auth failures of the address in the window.
    var failureCount: Int { authFailures.count + failuresLeftOut }
    /// fail2ban's Found lines for the address (of jails watching mail logins), kept or not.
    var foundCount = 0
    /// The failures to show for the address: those of the mail logs, or where they have none
    /// (the mail log fail2ban read is not among the inputs), fail2ban's Found lines.
    /// A copied database's matched lines (of jails watching mail logins): counted when the
    /// log has no Found line of the address (they are the same failures, seen twice).
    var databaseFoundCount = 0
    var shownFailureCount: Int { failureCount > 0 ? failureCount : foundCount > 0 ? foundCount : databaseFoundCount }
    var faults: [UInt32] = []           // server-fault events with this address
    /// Logins, session ends, submissions and users (nil: none yet).
    private(set) var activity: Activity?

    /// The activity record, made on first use.
    var active: Activity {
        if let a = activity { return a }
        let a = Activity()
        activity = a
        return a
    }

    var loginCount: Int { activity?.loginCount ?? 0 }
    var firstLogin: Int64? { activity?.firstLogin }
    var lastHealthyLogin: Int64? { activity?.lastHealthyLogin }
    var failedLogins: [Int64] { activity?.failedLogins ?? [] }
    var lastLogout: Int64? { activity?.lastLogout }
    var lastSubmission: Int64? { activity?.lastSubmission }
    var firstSubmission: Int64? { activity?.firstSubmission }
    var lastSubmissionByUser: [String: Int64] { activity?.lastSubmissionByUser ?? [:] }
    var users: [String] { activity?.users ?? [] }
    var lowerUsers: [String] { activity?.lowerUsers ?? [] }
    /// A successful authentication seen (SPEC §3: a device): a login, even one whose session
    /// then failed, or an authenticated submission.
    var authenticated: Bool { loginCount > 0 || lastSubmission != nil }
    var linked: [UInt32] { activity?.linked ?? [] }
    func lastHealthy(ofAnyOf names: Set<String>) -> Int64? { activity?.lastHealthy(ofAnyOf: names) }
}

/// What an address that authenticated did. Logins are folded into a few numbers as soon as
/// their session can no longer fail, so the record does not grow with the number of logins.
final class Activity {
    /// A Dovecot login whose session process may still die (its pid has not ended or been
    /// reused yet). The user is an id in `Interned.texts`.
    struct OpenLogin {
        var time: Int64
        var userID: UInt32
        var session: UInt32?
        /// The login process's service id (`imap-login`): its session runs as `imap`.
        var serviceID: UInt32 = 0

        /// Whether a process of service `crashed` (`imap`, `auth-worker`) can be this login's
        /// session: the login's service less `-login`, or any when either is unknown.
        func sessionService(is crashed: Substring) -> Bool {
            guard let login = Interned.texts[serviceID], login.hasSuffix("-login"), !crashed.isEmpty else { return true }
            return login.dropLast(6) == crashed
        }
    }
    /// At most this many logins of one pid are kept open beside the latest.
    static let openLoginsPerPid = 64
    /// Successful logins, whether or not their session failed afterwards, and the first.
    private(set) var loginCount = 0
    private(set) var firstLogin: Int64?
    /// The latest login whose session did not fail.
    private(set) var lastHealthyLogin: Int64?
    /// When the session processes of logins died (failed sessions): the death, not the login,
    /// is what happened after a device's last healthy activity.
    private(set) var failedLogins: [Int64] = []
    var lastLogout: Int64?
    var lastSubmission: Int64?
    var firstSubmission: Int64?
    /// When a process died that had a login of this address still open by the logs, though
    /// not known to serve it (`client_limit` > 1 not seen): maybe its session died too.
    var possiblyDiedAt: Int64?
    /// Latest authenticated submission by user name, lower-cased (for `moved`).
    var lastSubmissionByUser: [String: Int64] = [:]
    private(set) var users: [String] = []
    /// `users` lower-cased, once (for `moved`, which compares names without case).
    private(set) var lowerUsers: [String] = []
    /// Events without an address tied to this one through a login's pid (session ends,
    /// crashes). The address's own events are found again when its evidence is gathered.
    var linked: [UInt32] = []

    /// The user-name ids (in `Interned.texts`) met at this address, and for each the index of
    /// its user in `users`: `Bob@…` and `bob@…` are two ids of one user (names compared without
    /// case, as the servers do). Compared without a String.
    private var userIDs: [UInt32] = []
    private var userOfID: [Int] = []
    /// The latest healthy activity of each user in `users`: a login whose session did not
    /// fail, or the normal end tied to such a session (`Int64.min`: none).
    private var lastHealthyOfUser: [Int64] = []

    /// The index in `users` of the user with name id `id`, if met here.
    func user(id: UInt32) -> Int? { userIDs.firstIndex(of: id).map { userOfID[$0] } }

    /// Adds the user with text id `id` (0: none) to the address's users; its name when it was
    /// new (a name met before in another case is the same user, shown as first written).
    func addUser(id: UInt32) -> String? {
        guard id != 0, !userIDs.contains(id), let u = Interned.texts[id] else { return nil }
        let lower = u.lowercased()
        if let k = lowerUsers.firstIndex(of: lower) {
            userIDs.append(id)
            userOfID.append(k)
            return nil
        }
        userIDs.append(id)
        userOfID.append(users.count)
        lastHealthyOfUser.append(.min)
        users.append(u)
        lowerUsers.append(lower)
        return u
    }

    /// Counts a login at `time`; it is settled at once or, while its session may still fail,
    /// later by `settle`.
    func addLogin(at time: Int64) {
        loginCount += 1
        firstLogin = min(firstLogin ?? time, time)
    }

    /// A login whose session can no longer fail: folded into the address's numbers. `failedAt`:
    /// when its session process died (nil: it did not); `endedAt`: the normal end tied to it.
    func settle(_ l: OpenLogin, failedAt: Int64? = nil, endedAt: Int64? = nil) {
        if let failedAt {
            failedLogins.append(failedAt)
            return
        }
        lastHealthyLogin = max(lastHealthyLogin ?? l.time, l.time)
        if let k = user(id: l.userID) { lastHealthyOfUser[k] = max(lastHealthyOfUser[k], endedAt ?? l.time, l.time) }
    }

    /// The latest healthy login (or the end of its session) here of any of the users `names`
    /// (lower-cased: account names are compared without case, as the servers do).
    func lastHealthy(ofAnyOf names: Set<String>) -> Int64? {
        var t: Int64? = nil
        for (k, u) in lowerUsers.enumerated() where lastHealthyOfUser[k] != .min && names.contains(u) {
            t = max(t ?? lastHealthyOfUser[k], lastHealthyOfUser[k])
        }
        return t
    }
}

/// Builds device reports from several threads: the correlation is finished and only read, and
/// each thread writes its own slot of `out`.
private struct DeviceBuilder: @unchecked Sendable {
    // SAFETY: see above.
    let correlator: Correlator
    let evidence: [IPAddress: Evidence]
    let paths: [String]
    let out: UnsafeMutableBufferPointer<DeviceReport?>

    func run(_ k: Int, _ ip: IPAddress) {
        out[k] = correlator.device(ip, evidence: evidence[ip] ?? Evidence(), paths: paths)
    }
}

/// The events behind one address's claims (timeline, ban failures), in time order: at most
/// `cap` (past it the oldest go first and `dropped` counts them). Gathered only for the
/// addresses a report shows; counts used by verdicts are kept elsewhere and stay exact.
struct Evidence {
    private(set) var events: [UInt32] = []
    private(set) var dropped = 0
    /// Before `--since`: the address's fail2ban and failure lines a ban still in force in the
    /// window started from (its failures), not shown in the timeline; the latest `cap` kept.
    private(set) var beforeWindow: [UInt32] = []
    static let cap = 20_000

    mutating func addBeforeWindow(_ i: UInt32) {
        beforeWindow.append(i)
        if beforeWindow.count >= Evidence.cap + Evidence.cap / 4 { beforeWindow.removeFirst(beforeWindow.count - Evidence.cap) }
    }

    mutating func add(_ i: UInt32) {
        events.append(i)
        if events.count >= Evidence.cap + Evidence.cap / 4 {
            let drop = events.count - Evidence.cap
            events.removeFirst(drop)
            dropped += drop
        }
    }
}

/// From events to devices, bans and verdicts (SPEC §3). Pure: the same events give the same report.
public struct Correlator {
    let run: Run
    let options: ExplainOptions
    var states: [IPAddress: AddressState] = [:]
    var tracker = BanTracker()
    /// How many mailbox deliveries count (Postfix's, or Dovecot's when Postfix has none).
    var deliveryCount = 0
    /// Mailbox deliveries by lower-cased recipient and by its local part.
    var deliveriesTo: [String: [UInt32]] = [:]
    var deliveriesToLocal: [String: [UInt32]] = [:]
    /// How long after its login a session still open by the logs is said to have maybe died
    /// with its pid's process.
    static let possibleSessionSpan: Int64 = 24 * 3600 * 1_000_000

    /// Ban intervals by address.
    var bansOf: [IPAddress: [Int]] = [:]
    /// Server faults without a client address (Postfix's SASL back end out of reach, Dovecot's
    /// auth process trouble), in time order: named in a no-contact summary.
    var anonymousFaults: [UInt32] = []
    /// Addresses that authenticated as each user (for `moved`).
    var addressesOfUser: [String: [IPAddress]] = [:]
    /// The full names (`bob@example.org`) of `addressesOfUser` by local part (`bob`): a bare
    /// `bob` elsewhere is the same user (Postfix may log the address, Dovecot the local part).
    var fullNamesOfLocal: [String: [String]] = [:]
    /// All events of the run; the window is `range`.
    let events: EventStore
    let range: Range<Int>
    public private(set) var windowStart: Int64?
    /// The latest time in fail2ban's own log (or syslog carrying its lines): past it, the
    /// inputs cannot tell whether fail2ban lifted a ban.
    private(set) var fail2banLogEnd: Int64?
    public private(set) var windowEnd: Int64?

    public init(run: Run, options: ExplainOptions) {
        self.run = run
        self.options = options
        events = run.events
        // The events are in time order: the window is a contiguous range of them.
        let lo = options.since.map { s in Correlator.partition(run.events) { $0.time < s } } ?? 0
        let hi = options.until.map { u in Correlator.partition(run.events) { $0.time <= u } } ?? run.events.count
        range = lo..<max(lo, hi)
        // Settings from --jail-config; the log's own maxRetry/findtime/banTime lines override them.
        for (name, c) in options.jailConfig {
            tracker.settings[name] = JailSettings(maxRetry: c.maxRetry, findTime: c.findTime, banTime: c.banTime)
        }
        let timer = PhaseTimer()
        correlate()
        timer.mark("correlate \(states.count) addresses, \(tracker.bans.count) bans, \(deliveryCount) deliveries")
    }

    private mutating func correlate() {
        // The window end is the latest time written in any input (SPEC §3), or --until.
        windowStart = options.since ?? run.files.compactMap(\.first).min()
        windowEnd = options.until ?? run.files.compactMap(\.last).max()
        fail2banLogEnd = run.files.filter { $0.kind == .fail2ban || $0.kind == .syslog }.compactMap(\.last).max()
        // Dovecot mail pid → the login it belongs to, until its session ends or the pid is reused.
        var byPid: [Int32: (state: Activity, login: Activity.OpenLogin)] = [:]
        // Earlier logins of a pid still open when another login took it (a process serving
        // several clients, Dovecot's `client_limit` > 1), oldest first; kept only where a second
        // one came (no array per login).
        var morePerPid: [Int32: [(state: Activity, login: Activity.OpenLogin)]] = [:]
        // Whether the logs tie a session's end to its login (Dovecot 2.3+ `<pid><session>`).
        // Only then can an earlier login of a pid still be open when another takes the pid; in
        // 2.2 a new login on the pid means the pid was reused, and the earlier login's session
        // ended unseen.
        var tiesSessions = false
        events.forEach(in: range) { _, e in
            if !tiesSessions, e.kind == .logout || e.kind == .disconnect, e.pid != nil, e.session != nil { tiesSessions = true }
        }
        // Whether a process was seen serving several sessions (`client_limit` > 1): an earlier
        // login of a pid ended after a later login took the pid. Until then (Dovecot's default
        // is one client a process), the earlier logins of a pid whose latest session ended, or
        // whose process died, are taken to have ended unseen: the pid was reused (or their end
        // was written in a form not tied to them, as in 2.2 before an upgrade).
        var servesSeveral = false
        /// The open login of `pid` with session `session`, taken out of the tables.
        func takeLogin(pid: Int32, session: UInt32) -> (state: Activity, login: Activity.OpenLogin)? {
            if let open = byPid[pid], open.login.session == session {
                byPid[pid] = nil
                if var earlier = morePerPid.removeValue(forKey: pid) {
                    if servesSeveral {
                        byPid[pid] = earlier.removeLast()
                        if !earlier.isEmpty { morePerPid[pid] = earlier }
                    } else {
                        for (a, login) in earlier { a.settle(login) }
                    }
                }
                return open
            }
            guard let k = morePerPid[pid]?.firstIndex(where: { $0.login.session == session }) else { return nil }
            servesSeveral = true
            let found = morePerPid[pid]!.remove(at: k)
            if morePerPid[pid]!.isEmpty { morePerPid[pid] = nil }
            return found
        }
        var postfixDeliveries: [UInt64] = []    // recipient id << 32 | event index
        var dovecotDeliveries: [UInt64] = []
        // Per-address state by address id (dense: no hashing per event). Every address seen gets
        // one; it is looked up only by the events that change it (a Found or Ban line does not
        // touch it: no reference counting for most events).
        var byID = [AddressState?](repeating: nil, count: Interned.addresses.count + 1)
        var known = [Bool](repeating: false, count: byID.count)
        // Auth failures as address id << 32 | event index, handed to their addresses after the pass.
        var failures: [UInt64] = []
        var jailKinds = JailKinds()
        let families = Ruleset.shared.families
        // fail2ban's records before `--since` still count in the window: the jail settings it
        // started with, and the bans then in force (a ban that began before the window and is in
        // force at its end is `banned`). Bans that ended before the window are dropped below.
        events.forEach(in: 0..<range.lowerBound) { index, e in
            if BanTracker.reads(e.kind) { tracker.feed(e, index: index) }
        }
        events.forEach(in: range) { index, e in
            let i = UInt32(index)
            tracker.feed(e, index: index)
            let id = Int(e.ipID)
            if id != 0 {
                if id >= byID.count {
                    byID += [AddressState?](repeating: nil, count: id + 1 - byID.count)
                    known += [Bool](repeating: false, count: id + 1 - known.count)
                }
                if !known[id] {
                    known[id] = true
                    let s = AddressState()
                    byID[id] = s
                    states[e.ip!] = s
                }
            }
            var state: AddressState? { id == 0 ? nil : byID[id] }
            switch e.kind {
            case .login:
                guard let ip = e.ip, let a = state?.active else { break }
                a.addLogin(at: e.time)
                // A user new to this address is also a new address of that user.
                if a.addUser(id: e.userID) != nil { addressesOfUser[a.lowerUsers.last!, default: []].append(ip) }
                let login = Activity.OpenLogin(time: e.time, userID: e.userID, session: e.session, serviceID: e.serviceID)
                if let pid = e.pid {
                    if let earlier = byPid.updateValue((a, login), forKey: pid) {
                        if tiesSessions && earlier.login.session != nil {
                            // Its end not seen yet: the process may serve both (settled when the
                            // pid's latest session ends or dies; bounded, so that end lines
                            // lost keep no login open for ever).
                            morePerPid[pid, default: []].append(earlier)
                            if morePerPid[pid]!.count > Activity.openLoginsPerPid {
                                let oldest = morePerPid[pid]!.removeFirst()
                                oldest.state.settle(oldest.login)
                            }
                        } else {
                            // A reused pid: the earlier login's session can no longer be matched, so it did not fail.
                            earlier.state.settle(earlier.login)
                        }
                    }
                } else {
                    a.settle(login)
                }
            case .submission:
                guard let ip = e.ip, e.userID != 0, let a = state?.active else { break }
                a.lastSubmission = e.time
                if a.firstSubmission == nil { a.firstSubmission = e.time }
                if a.addUser(id: e.userID) != nil { addressesOfUser[a.lowerUsers.last!, default: []].append(ip) }
                // By the lower-cased name worked out once per address and user (not per line).
                if let k = a.user(id: e.userID) { a.lastSubmissionByUser[a.lowerUsers[k]] = e.time }
            case .authFailure:
                if id != 0 { failures.append(UInt64(id) << 32 | UInt64(i)) }
            case .serverFault:
                if let state { state.faults.append(i) } else if Correlator.refusesLogins.contains(e.ruleIndex) { anonymousFaults.append(i) }
            case .found:
                if let s = state, jailKinds.watchesMailLogins(e.jailID) {
                    if e.ruleIndex == Event.databaseRule { s.databaseFoundCount += 1 } else { s.foundCount += 1 }
                }
            case .logout:
                // Tied to its login only through Dovecot 2.3+'s <pid><session>.
                guard let pid = e.pid, let session = e.session, let (a, login) = takeLogin(pid: pid, session: session) else { break }
                a.lastLogout = e.time
                if id == 0 || state?.activity !== a { a.linked.append(i) }
                a.settle(login, endedAt: e.time)
            case .disconnect where id == 0:
                if let pid = e.pid, let session = e.session, let (a, login) = takeLogin(pid: pid, session: session) {
                    a.linked.append(i)
                    a.settle(login)
                }
            case .sessionCrash:
                guard let pid = e.pid, let latest = byPid[pid] else { break }
                // The process that died is the session's only if it ran the session's service
                // (`service(auth-worker): child 4242` is not the imap process 4242 of a login:
                // pids are reused). Its detail starts with that service's name.
                let service = e.detail.map { $0.prefix { $0 != " " } } ?? ""
                if !latest.login.sessionService(is: service) { break }
                // Every session the process still served failed with it (where a process is
                // known to serve several; else only the latest login was its).
                var linkedHere: [ObjectIdentifier] = []
                let earlier = morePerPid.removeValue(forKey: pid) ?? []
                for (k, (a, login)) in (earlier + [latest]).enumerated() {
                    guard (servesSeveral || k == earlier.count) && login.sessionService(is: service) else {
                        a.settle(login)
                        // Still open, by the logs, when the process of its pid died: its session
                        // may have died with it (a process serving several clients) — not
                        // counted, but shown and said.
                        // (Within a day of its login: an older one's end most likely went
                        // unseen, in a form not tied to it.)
                        if login.sessionService(is: service), e.time - login.time <= Correlator.possibleSessionSpan {
                            a.possiblyDiedAt = max(a.possiblyDiedAt ?? e.time, e.time)
                            if state?.activity !== a && !linkedHere.contains(ObjectIdentifier(a)) {
                                linkedHere.append(ObjectIdentifier(a))
                                a.linked.append(i)
                            }
                        }
                        continue
                    }
                    a.settle(login, failedAt: e.time)
                    if state?.activity !== a && !linkedHere.contains(ObjectIdentifier(a)) {
                        linkedHere.append(ObjectIdentifier(a))
                        a.linked.append(i)
                    }
                }
                byPid[pid] = nil
            case .delivery:
                guard e.intoMailbox else { break }
                // With the recipient id: grouped by recipient below without reading the events again.
                if e.isPostfix(families) { postfixDeliveries.append(UInt64(e.userID) << 32 | UInt64(i)) } else { dovecotDeliveries.append(UInt64(e.userID) << 32 | UInt64(i)) }
            default:
                break
            }
        }
        // Sessions still open at the end did not fail.
        for (s, login) in byPid.values { s.settle(login) }
        for list in morePerPid.values { for (s, login) in list { s.settle(login) } }
        // Each address's failures in event order (a stable counting sort by address id).
        var start = [Int](repeating: 0, count: byID.count + 1)
        for f in failures { start[Int(f >> 32) + 1] += 1 }
        for k in 1..<start.count { start[k] += start[k - 1] }
        var flat = [UInt32](repeating: 0, count: failures.count)
        var next = start
        for f in failures {
            let k = Int(f >> 32)
            flat[next[k]] = UInt32(truncatingIfNeeded: f)
            next[k] += 1
        }
        failures = []
        // Dovecot 2.4 logs one wrong password twice, in the auth worker and in the auth process
        // (`auth-worker(u,ip)<pid><S>: … Password mismatch`, `auth(u,ip,sasl:…)<S>: …`): one
        // failure, the auth process's (the worker's line stays evidence).
        let auth24 = Auth24Lines()
        for k in byID.indices where start[k + 1] > start[k] {
            var list = Array(flat[start[k]..<start[k + 1]])
            if list.contains(where: { auth24.side(events[$0]) == .worker }) {
                let sessions = Set(list.compactMap { auth24.side(events[$0]) == .authProcess ? events[$0].session : nil })
                list.removeAll { auth24.side(events[$0]) == .worker && events[$0].session.map(sessions.contains) == true }
            }
            // Postfix's SASL failure at the instant Dovecot's passdb failed for the same client
            // (LDAP or SQL out of reach: Dovecot answers `temp_fail` with no reason, which
            // Postfix logs as an ordinary failure, `(reason unavailable)`): the server's fault.
            let state = byID[k]!
            if !state.faults.isEmpty {
                let backEnd = state.faults.compactMap { Correlator.passdbFaultRules.contains(events[$0].ruleIndex) ? events[$0].time : nil }
                if !backEnd.isEmpty {
                    // (`backEnd` is in time order, as the faults are: a binary search a failure.)
                    func nearBackEnd(_ t: Int64) -> Bool {
                        var lo = 0, hi = backEnd.count
                        while lo < hi { let mid = (lo + hi) / 2; if backEnd[mid] < t - 2_000_000 { lo = mid + 1 } else { hi = mid } }
                        return lo < backEnd.count && backEnd[lo] <= t + 2_000_000
                    }
                    let server = list.filter { events[$0].ruleIndex == Correlator.postfixSaslFailure && nearBackEnd(events[$0].time) }
                    let moved = Set(server)
                    let own = list.filter { !moved.contains($0) }
                    if !server.isEmpty {
                        list = own
                        state.faults = (state.faults + server).sorted()
                    }
                }
            }
            byID[k]!.authFailures = list
        }
        // Auth failures and Found lines the merge counted without keeping them (their address
        // may have no event left: its state is made here).
        func leftOut(_ counts: [Int], _ add: (AddressState, Int) -> Void) {
            for (id, n) in counts.enumerated() where n > 0 {
                guard let ip = Interned.addresses[UInt32(id)] else { continue }
                let s = states[ip] ?? AddressState()
                states[ip] = s
                add(s, n)
            }
        }
        leftOut(run.failuresLeftOut) { $0.failuresLeftOut = $1 }
        leftOut(run.foundsLeftOut) { $0.foundCount += $1 }
        tracker.finish(windowEnd: windowEnd)
        for name in addressesOfUser.keys where name.contains("@") {
            fullNamesOfLocal[UserMatch.localPart(name), default: []].append(name)
        }
        if range.lowerBound > 0, let start = windowStart { tracker.dropBans(endedBefore: start) }
        let mailbox = postfixDeliveries.isEmpty ? dovecotDeliveries : postfixDeliveries
        deliveryCount = mailbox.count
        // Grouped by recipient id first: one lower-casing per distinct recipient, not per delivery.
        // (Dense by text id: no hashing per delivery.)
        var byRecipient = [[UInt32]](repeating: [], count: Interned.texts.count + 1)
        for d in mailbox {
            let id = Int(d >> 32)
            if id == 0 { continue }
            if id >= byRecipient.count { byRecipient += [[UInt32]](repeating: [], count: id + 1 - byRecipient.count) }
            byRecipient[id].append(UInt32(truncatingIfNeeded: d))
        }
        let recipients = byRecipient.indices.filter { !byRecipient[$0].isEmpty }.sorted { byRecipient[$0][0] < byRecipient[$1][0] }
        for id in recipients {
            let list = byRecipient[id]
            guard let full = Interned.texts[UInt32(id)]?.lowercased() else { continue }
            // Filed under the recipient and, for `bob+ext@…`, under `bob@…` too.
            for r in [full] + (UserMatch.withoutExtension(full).map { [$0] } ?? []) {
                deliveriesTo[r, default: []].append(contentsOf: list)
                let local = UserMatch.localPart(r)
                if local != r { deliveriesToLocal[local, default: []].append(contentsOf: list) }
            }
        }
        for (k, b) in tracker.bans.enumerated() { bansOf[b.ip, default: []].append(k) }
    }

    /// The evidence of `ips`, in one pass over the window: each address's own events plus those
    /// tied to it by pid, in time order, capped per address.
    func evidence(for ips: [IPAddress]) -> [IPAddress: Evidence] {
        var slotOf = [Int32](repeating: -1, count: Interned.addresses.count + 1)
        var out = [Evidence](repeating: Evidence(), count: ips.count)
        // A device's evidence holds the kinds kept for every address only: the same whether or
        // not it was asked for by --ip (which keeps its connections and rejects too, for the
        // record of an address that never authenticated).
        let keptMask = run.keptKinds.map { $0.reduce(UInt64(0)) { $0 | 1 << UInt64($1.rawValue) } } ?? .max
        let device = ips.map { states[$0]?.authenticated ?? false }
        // Linked events as event index << 32 | slot: 8 bytes each, sorted as plain integers.
        var linked: [UInt64] = []
        linked.reserveCapacity(ips.reduce(0) { $0 + (states[$1]?.linked.count ?? 0) })
        for (k, ip) in ips.enumerated() {
            if let id = Interned.addresses.existingID(ip), Int(id) < slotOf.count { slotOf[Int(id)] = Int32(k) }
            for i in states[ip]?.linked ?? [] { linked.append(UInt64(i) << 32 | UInt64(k)) }
        }
        linked.sort()
        var next = 0
        // Before the window: what a ban in force in it may have started from.
        events.forEach(in: 0..<range.lowerBound) { index, e in
            let id = Int(e.ipID)
            guard id != 0 && id < slotOf.count && slotOf[id] >= 0 else { return }
            if device[Int(slotOf[id])] && keptMask & (1 << UInt64(e.kind.rawValue)) == 0 { return }
            switch e.kind {
            case .found, .ban, .authFailure, .reject, .abuse, .disconnect: out[Int(slotOf[id])].addBeforeWindow(UInt32(index))
            default: break
            }
        }
        events.forEach(in: range) { index, e in
            let i = UInt32(index)
            while next < linked.count && UInt32(linked[next] >> 32) == i {
                out[Int(linked[next] & 0xFFFF_FFFF)].add(i)
                next += 1
            }
            let id = Int(e.ipID)
            if id != 0 && id < slotOf.count && slotOf[id] >= 0 {
                let slot = Int(slotOf[id])
                if device[slot] && keptMask & (1 << UInt64(e.kind.rawValue)) == 0 { return }
                out[slot].add(i)
            }
        }
        return Dictionary(zip(ips, out), uniquingKeysWith: { a, _ in a })
    }

    /// Server faults without a client address that turn every login away (the SASL or auth back
    /// end out of reach): named in a no-contact sentence. Not the routine ones of a busy server
    /// (`auth client … disconnected with pending requests`: a client hung up mid-request).
    static let refusesLogins = Set(["postfix.sasl-backend-down", "postfix.cyrus-sasl", "postfix.cyrus-sasl-problem"].map(Ruleset.shared.index))

    /// Problems of the correlation itself, beside those of the inputs: reading --jail-config,
    /// and a window that ends before it starts (`--until 2026-06-05` is that day's midnight,
    /// before the first line of the logs).
    public var problems: [String] {
        var out = options.jailConfigWarnings
        if let start = windowStart, let end = windowEnd, start > end {
            out.append("the window is empty: it would start at \(CivilTime.rfc3339(micros: start)) and end at \(CivilTime.rfc3339(micros: end)) (a --since/--until date alone is its midnight, read in --tz)")
        }
        return out
    }

    /// The first index whose element fails `belongs` (the events are sorted by time).
    static func partition(_ events: EventStore, _ belongs: (Event) -> Bool) -> Int {
        var lo = 0, hi = events.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(events[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Addresses with at least one successful authentication.
    public var deviceAddresses: [IPAddress] {
        // A successful authentication: a Dovecot login (even if its session later failed) or an
        // authenticated submission.
        states.filter { (_, s) in s.authenticated }
            .map(\.key).sorted()
    }

    /// The devices the options select (all, or by --ip / --user), plus --ip addresses that are not devices.
    public func selectedAddresses() -> [IPAddress] {
        let devices = deviceAddresses
        if options.ips.isEmpty && options.users.isEmpty { return devices }
        var out: [IPAddress] = []
        for ip in options.ips where !out.contains(ip) { out.append(ip) }
        for ip in devices where !out.contains(ip) {
            let users = states[ip]!.users
            if options.users.contains(where: { u in users.contains { UserMatch.matches($0, asked: u) } }) {
                out.append(ip)
            }
        }
        return out
    }

    /// The whole explanation.
    public func report() -> ExplainReport {
        let paths = run.files.map(\.input.path)
        let selected = selectedAddresses()
        let evidence = evidence(for: selected)
        // Each device reads the finished correlation only: built in parallel, kept in order.
        let out = UnsafeMutableBufferPointer<DeviceReport?>.allocate(capacity: selected.count)
        out.initialize(repeating: nil)
        defer { out.deinitialize(); out.deallocate() }
        let build = DeviceBuilder(correlator: self, evidence: evidence, paths: paths, out: out)
        DispatchQueue.concurrentPerform(iterations: selected.count) { k in build.run(k, selected[k]) }
        let devices = out.map { $0! }
        return ExplainReport(
            timezone: run.zone,
            window: Window(start: windowStart.map(CivilTime.rfc3339), end: windowEnd.map(CivilTime.rfc3339)),
            inputs: run.files.map(Correlator.summary), devices: devices,
            selection: Selection(ips: options.ips.map(\.description), users: options.users),
            warnings: run.warnings + problems)
    }

    static func summary(_ f: FileResult) -> InputSummary {
        InputSummary(path: f.input.path, kind: f.kind.rawValue, compression: f.compression.rawValue, lines: f.lines,
                     events: f.eventCount, ignored: f.ignored, unrecognized: f.unrecognized,
                     first: f.first.map(CivilTime.rfc3339), last: f.last.map(CivilTime.rfc3339), warnings: f.warnings,
                     notes: f.notes)
    }
}

/// Dovecot 2.4 writes one wrong password twice: in the auth worker (`auth-worker(u,ip)<pid><S>:
/// … Password mismatch`) and in the auth process (`auth(u,ip,sasl:…)<S>: …`). Tells the two
/// apart, for counting the attempt once.
struct Auth24Lines {
    enum Side { case worker, authProcess, neither }
    private let rule = Ruleset.shared.index(of: "dovecot.auth24-failure")
    private let workerID = Interned.texts.existingID("auth-worker") ?? 0

    @inline(__always)
    func side(_ e: Event) -> Side {
        guard e.ruleIndex == rule else { return .neither }
        return workerID != 0 && e.serviceID == workerID ? .worker : .authProcess
    }
}
