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

/// Per-address facts gathered in one pass over the events (a class: updated in place).
final class AddressState {
    struct Login {
        var time: Int64
        var event: Int
        var user: String?
        var pid: Int32?
        var session: UInt64?
        var failed = false
    }
    var logins: [Login] = []
    var lastLogout: Int64?
    var lastLogoutEvent: Int?
    var lastSubmission: Int64?
    var lastSubmissionEvent: Int?
    var firstSubmission: Int64?
    /// Latest authenticated submission per user (for `moved`: same user, this address).
    var lastSubmissionByUser: [String: Int64] = [:]
    var users: [String] = []
    var authFailures: [Int] = []     // event indices (auth-failure)
    var faults: [Int] = []           // server-fault events with this address
    /// Evidence: the events of this address (timeline, ban failures), at most `evidenceCap`;
    /// past it the oldest go first and `evidenceDropped` counts them. Counts used by verdicts
    /// (`authFailures`, logins) are kept separately and stay exact.
    private(set) var events: [Int] = []
    private(set) var evidenceDropped = 0
    static let evidenceCap = 20_000

    func addEvidence(_ i: Int) {
        events.append(i)
        if events.count >= AddressState.evidenceCap + AddressState.evidenceCap / 4 {
            let drop = events.count - AddressState.evidenceCap
            events.removeFirst(drop)
            evidenceDropped += drop
        }
    }

    func sortEvidence() { events.sort() }

    func addUser(_ u: String?) {
        guard let u, !users.contains(u) else { return }
        users.append(u)
    }
}

/// From events to devices, bans and verdicts (SPEC §3). Pure: the same events give the same report.
public struct Correlator {
    let run: Run
    let options: ExplainOptions
    var states: [IPAddress: AddressState] = [:]
    var tracker = BanTracker()
    var deliveries: [Int] = []       // mailbox deliveries (Postfix, or Dovecot's when Postfix has none)
    /// Mailbox deliveries by lower-cased recipient and by its local part.
    var deliveriesTo: [String: [Int]] = [:]
    var deliveriesToLocal: [String: [Int]] = [:]
    /// Ban intervals by address.
    var bansOf: [IPAddress: [Int]] = [:]
    /// Addresses that authenticated as each user (for `moved`).
    var addressesOfUser: [String: [IPAddress]] = [:]
    /// All events of the run; the window is `range`.
    let events: EventStore
    let range: Range<Int>
    public private(set) var windowStart: Int64?
    public private(set) var windowEnd: Int64?

    public init(run: Run, options: ExplainOptions) {
        self.run = run
        self.options = options
        events = run.events
        // The events are in time order: the window is a contiguous range of them.
        let lo = options.since.map { s in Correlator.partition(run.events) { $0.time < s } } ?? 0
        let hi = options.until.map { u in Correlator.partition(run.events) { $0.time <= u } } ?? run.events.count
        range = lo..<max(lo, hi)
        let timer = PhaseTimer()
        // Settings from --jail-config; the log's own maxRetry/findtime/banTime lines override them.
        for (name, c) in options.jailConfig {
            tracker.settings[name] = JailSettings(maxRetry: c.maxRetry, findTime: c.findTime, banTime: c.banTime)
        }
        correlate()
        timer.mark("correlate")
    }

    private mutating func correlate() {
        // The window end is the latest time written in any input (SPEC §3), or --until.
        windowStart = options.since ?? run.files.compactMap(\.first).min()
        windowEnd = options.until ?? run.files.compactMap(\.last).max()
        var byPid: [Int32: (IPAddress, Int)] = [:]     // Dovecot mail pid → (address, login index)
        var postfixDeliveries: [Int] = []
        var dovecotDeliveries: [Int] = []
        for i in range {
            tracker.feed(events[i], index: i)
            let kind = events[i].kind
            var state: AddressState? = nil
            if let ip = events[i].ip {
                if let s = states[ip] { state = s } else {
                    let s = AddressState()
                    states[ip] = s
                    state = s
                }
                state!.addEvidence(i)
            }
            switch kind {
            case .login:
                let e = events[i]
                guard let ip = e.ip, let s = state else { break }
                s.logins.append(.init(time: e.time, event: i, user: e.user, pid: e.pid, session: e.session))
                s.addUser(e.user)
                if let u = e.user, !(addressesOfUser[u]?.contains(ip) ?? false) { addressesOfUser[u, default: []].append(ip) }
                if let pid = e.pid { byPid[pid] = (ip, s.logins.count - 1) }
            case .submission:
                let e = events[i]
                guard let ip = e.ip, let s = state, let u = e.user else { break }
                s.lastSubmission = e.time
                s.lastSubmissionEvent = i
                if s.firstSubmission == nil { s.firstSubmission = e.time }
                s.lastSubmissionByUser[u] = e.time
                s.addUser(u)
                if !(addressesOfUser[u]?.contains(ip) ?? false) { addressesOfUser[u, default: []].append(ip) }
            case .authFailure:
                state?.authFailures.append(i)
            case .serverFault:
                state?.faults.append(i)
            case .logout:
                let e = events[i]
                // Tied to its login only through Dovecot 2.3+'s <pid><session>.
                guard let pid = e.pid, let session = e.session, let (ip, li) = byPid[pid] else { break }
                let login = states[ip]!.logins[li]
                guard login.session == session else { break }
                states[ip]!.lastLogout = e.time
                states[ip]!.lastLogoutEvent = i
                states[ip]!.addEvidence(i)
                byPid[pid] = nil
            case .disconnect where state == nil:
                let e = events[i]
                if let pid = e.pid, let session = e.session, let (ip, li) = byPid[pid], states[ip]!.logins[li].session == session {
                    states[ip]!.addEvidence(i)
                    byPid[pid] = nil
                }
            case .sessionCrash:
                let e = events[i]
                guard let pid = e.pid, let (ip, li) = byPid[pid] else { break }
                states[ip]!.logins[li].failed = true
                states[ip]!.addEvidence(i)
                byPid[pid] = nil
            case .delivery:
                guard events[i].extra == 1 else { break }
                if events[i].isPostfix { postfixDeliveries.append(i) } else { dovecotDeliveries.append(i) }
            default:
                break
            }
        }
        tracker.finish(windowEnd: windowEnd)
        deliveries = postfixDeliveries.isEmpty ? dovecotDeliveries : postfixDeliveries
        for d in deliveries {
            guard let r = events[d].user?.lowercased() else { continue }
            deliveriesTo[r, default: []].append(d)
            let local = UserMatch.localPart(r)
            if local != r { deliveriesToLocal[local, default: []].append(d) }
        }
        for (k, b) in tracker.bans.enumerated() { bansOf[b.ip, default: []].append(k) }
        // Keep every address's events in time order (tied events were appended late).
        for s in states.values { s.sortEvidence() }
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
        states.filter { (_, s) in !s.logins.isEmpty || s.lastSubmission != nil }
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
            if options.users.contains(where: { u in users.contains { $0 == u || UserMatch.localPart($0) == u || UserMatch.localPart(u) == $0 } }) {
                out.append(ip)
            }
        }
        return out
    }

    /// The whole explanation.
    public func report() -> ExplainReport {
        let paths = run.files.map(\.input.path)
        let devices = selectedAddresses().map { device($0, paths: paths) }
        return ExplainReport(
            timezone: run.zone,
            window: Window(start: windowStart.map(CivilTime.rfc3339), end: windowEnd.map(CivilTime.rfc3339)),
            inputs: run.files.map(Correlator.summary), devices: devices)
    }

    static func summary(_ f: FileResult) -> InputSummary {
        InputSummary(path: f.input.path, kind: f.kind.rawValue, compression: f.compression.rawValue, lines: f.lines,
                     events: f.eventCount, ignored: f.ignored, unrecognized: f.unrecognized,
                     first: f.first.map(CivilTime.rfc3339), last: f.last.map(CivilTime.rfc3339), warnings: f.warnings,
                     notes: f.notes)
    }
}
