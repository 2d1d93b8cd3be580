/// Verdicts, summaries and timelines of single addresses.
extension Correlator {
    static let timelineLimit = 200

    /// Known ports of fail2ban's stock jails (jail.conf), for the summary when no --jail-config says.
    static let stockPorts: [String: String] = [
        "postfix-sasl": "smtp,465,submission,imap,imaps,pop3,pop3s",
        "postfix": "smtp,465,submission",
        "postfix-rbl": "smtp,465,submission",
        "dovecot": "pop3,pop3s,imap,imaps,submission,465,sieve",
        "sieve": "smtp,465,submission",
        "recidive": "all ports",
        "sshd": "ssh",
    ]

    func device(_ ip: IPAddress, evidence: Evidence, paths: [String]) -> DeviceReport {
        let s = states[ip] ?? AddressState()
        let isDevice = s.authenticated
        let end = windowEnd ?? 0
        // lastSeen: latest healthy activity.
        var lastSeen: Int64? = s.lastHealthyLogin
        if let t = s.lastLogout { lastSeen = max(lastSeen ?? t, t) }
        if let t = s.lastSubmission { lastSeen = max(lastSeen ?? t, t) }
        let since = lastSeen ?? Int64.min
        let silent = lastSeen.map { end - $0 > options.silence * 1_000_000 } ?? true
        let bans = (bansOf[ip] ?? []).map { tracker.bans[$0] }
        let inForce = bans.filter { $0.end == nil && $0.start <= end }
        var failuresAfter = s.authFailures.filter { events[$0].time > since }
        // No auth failure in the mail logs after lastSeen, but fail2ban saw some: Found lines
        // of jails that watch mail logins, matched (their `- <date>`) after lastSeen, whose
        // matched line is not among the inputs (Dovecot's own log not copied). When it is there,
        // that line decides: a reject is no failure, and a failure before lastSeen is history.
        var failuresFromFound = false
        // Events of a copied database that repeat fail2ban's log (counted and shown once).
        let duplicates = databaseDuplicates(evidence.events)
        if failuresAfter.isEmpty {
            let mailTimes = evidence.events.compactMap { i -> Int64? in
                let e = events[i]
                switch e.kind {
                case .authFailure, .reject, .abuse, .disconnect, .serverFault: return e.time
                default: return nil
                }
            }   // in time order, as the evidence is
            func mailLinePresent(at t: Int64) -> Bool {
                var lo = 0, hi = mailTimes.count
                while lo < hi { let mid = (lo + hi) / 2; if mailTimes[mid] < t - 1_000_000 { lo = mid + 1 } else { hi = mid } }
                return lo < mailTimes.count && mailTimes[lo] <= t + 1_000_000
            }
            var jails = JailKinds()
            failuresAfter = evidence.events.filter { i in
                let e = events[i]
                guard e.kind == .found, jails.watchesMailLogins(e.jailID) else { return false }
                let matched = e.extra ?? e.time
                return matched > since && !mailLinePresent(at: matched)
            }
            // A failure both in fail2ban's log (Found) and in a copied database (a row's
            // matched line) counts once: the log's.
            if !duplicates.isEmpty { failuresAfter.removeAll { duplicates.contains($0) } }
            failuresFromFound = !failuresAfter.isEmpty
        }
        let failedSessions = s.failedLogins.filter { $0 > since }
        let faultsAfter = s.faults.filter { events[$0].time > since }
        var movedTo: (IPAddress, Int64)? = nil
        var movedUser: String? = nil
        var movedAlongside = false
        if silent, let lastSeen {
            // The same user elsewhere, whatever the case of the name (`Bob@…` from one client,
            // `bob@…` from another is one account).
            // Each name the user may have elsewhere → the device's own (lower-cased) name: the
            // same, its local part (`bob` for `bob@example.org`), or, for a bare `bob`, every
            // full address with that local part (as `--user` and the deliveries match).
            var sameUser: [String: String] = [:]
            for u in s.lowerUsers {
                sameUser[u] = u
                if u.contains("@") {
                    let local = UserMatch.localPart(u)
                    if sameUser[local] == nil { sameUser[local] = u }
                } else {
                    for full in fullNamesOfLocal[u] ?? [] where sameUser[full] == nil { sameUser[full] = u }
                }
            }
            var candidates: [IPAddress] = []
            for u in sameUser.keys.sorted() { for other in addressesOfUser[u] ?? [] where other != ip && !candidates.contains(other) { candidates.append(other) } }
            for other in candidates {
                guard let os = states[other] else { continue }
                for (u, mine) in sameUser.sorted(by: { $0.key < $1.key }) {
                    var t: Int64? = os.lastHealthy(ofAnyOf: [u]).flatMap { $0 > lastSeen ? $0 : nil }
                    if let ls = os.lastSubmissionByUser[u], ls > lastSeen { t = max(t ?? ls, ls) }
                    if let t, movedTo.map({ t > $0.1 }) ?? true {
                        movedTo = (other, t)
                        movedUser = s.lowerUsers.firstIndex(of: mine).map { s.users[$0] } ?? mine
                        // Authenticated there before this device went quiet: a second device
                        // of the user, not this one moved.
                        let otherSince = [os.firstLogin, os.firstSubmission].compactMap { $0 }.min()
                        movedAlongside = otherSince.map { $0 < lastSeen } ?? false
                    }
                }
            }
        }
        let verdict: String
        if !isDevice { verdict = "never-authenticated" } else if !silent { verdict = "active" } else if !inForce.isEmpty { verdict = "banned" } else if !failuresAfter.isEmpty { verdict = "auth-failing" } else if !failedSessions.isEmpty || !faultsAfter.isEmpty { verdict = "server-fault" } else if movedTo != nil { verdict = "moved" } else { verdict = "no-contact" }

        // Deliveries to the device's users after lastSeen (while silent).
        var delivered = 0, deliveredDuringBan = 0
        var deliveryRefs: [DeliveryRef] = []
        if isDevice && verdict != "active" {
            // A recipient local@domain matches user local@domain or local (SPEC §3).
            var matched = Set<UInt32>()
            for u in s.users {
                let key = u.lowercased()
                for d in deliveriesTo[key] ?? [] where events[d].time > since { matched.insert(d) }
                if !key.contains("@") {
                    for d in deliveriesToLocal[key] ?? [] where events[d].time > since { matched.insert(d) }
                }
            }
            delivered = matched.count
            if let ban = inForce.last { deliveredDuringBan = matched.filter { events[$0].time > ban.start }.count }
            // The evidence of the count: the earliest ones, in time order (event indices are).
            deliveryRefs = matched.sorted().prefix(DeviceReport.deliveriesShown).map { i in
                let e = events[i]
                return DeliveryRef(time: CivilTime.rfc3339(micros: e.time), recipient: e.user, file: paths[Int(e.file)], line: Int(e.line))
            }
        }
        let banReports = bans.map { banReport($0, evidence: evidence, paths: paths) }
        let (timeline, omitted) = timelineEntries(evidence, duplicates: duplicates, lastSeen: lastSeen, paths: paths)
        let subject = inForce.last ?? bans.last { $0.start > since }
        // A ban in force whose length ran out well before the window's end with no Unban
        // logged: still `banned` (nothing ended it), but the summary says it is overdue.
        // Not for a ban whose start is unknown (first seen at its restore: with bantime.increment
        // its length may be any), nor past the end of fail2ban's own log (it may stop early).
        var overdueAt: Int64? = nil
        if let b = inForce.last, !b.beganEarlier {
            let length: Int64? = b.ownLength || b.lengthFromRow ? b.expectedEnd.map { $0 == .max ? -1 : ($0 - b.clock) / 1_000_000 }
                : (tracker.settings[b.jail]?.banTime ?? options.jailConfig[b.jail]?.banTime)
            if let length, length > 0 {
                let due = b.clock + length * 1_000_000
                if due + 60_000_000 < min(end, fail2banLogEnd ?? end) { overdueAt = due }
            }
        }
        let facts = SummaryFacts(ip: ip, users: s.users, verdict: verdict, lastSeen: lastSeen, windowEnd: end,
                                 activeBan: inForce.last, otherBansInForce: Array(inForce.dropLast()), banReport: inForce.last.map { banReport($0, evidence: evidence, paths: paths) },
                                 subjectBan: subject, overdueAt: overdueAt,
                                 settings: subject.flatMap { tracker.settings(of: $0.jail, at: $0.start) },
                                 config: subject.flatMap { options.jailConfig[$0.jail] },
                                 failuresAfter: failuresAfter.map { events[$0] }, failuresFromFound: failuresFromFound,
                                 failedSessions: failedSessions.count,
                                 faultsAfter: faultsAfter.map { events[$0] },
                                 lastCrash: failedSessions.isEmpty ? nil : s.linked.lazy.map { self.events[$0] }.last { $0.kind == .sessionCrash && $0.time > since },
                                 possibleCrash: s.activity?.possiblyDiedAt.flatMap { $0 > since ? $0 : nil },
                                 movedTo: movedTo, movedUser: movedUser, movedAlongside: movedAlongside, delivered: delivered, deliveredDuringBan: deliveredDuringBan,
                                 bansAfter: bans.filter { $0.start > since }.count,
                                 jailsAfter: Set(bans.filter { $0.start > since }.map(\.jail)).sorted(),
                                 totalFailures: s.shownFailureCount, inInputs: states[ip] != nil || bansOf[ip] != nil,
                                 // (Only those soon after lastSeen — within the silence threshold, an hour at
                                 // least — can be why a client that polls stopped getting in.)
                                 anonymousFaultsAfter: verdict == "no-contact" ? anonymousFaults.lazy.map { self.events[$0] }
                                     .filter { $0.time > since && $0.time <= since + max(self.options.silence, 3600) * 1_000_000 } : [],
                                 bans: bans.count, zone: run.zone)
        return DeviceReport(ip: ip.description, users: s.users, verdict: verdict, summary: Summary.sentence(facts),
                            lastSeen: lastSeen.map(CivilTime.rfc3339), deliveredWhileSilent: delivered,
                            bans: banReports, timeline: timeline, authFailuresSinceLastSeen: failuresAfter.count,
                            failedSessions: failedSessions.count, movedTo: movedTo?.0.description,
                            timelineOmitted: omitted + evidence.dropped, evidenceCapped: evidence.dropped,
                            deliveries: deliveryRefs, deliveriesOmitted: delivered - deliveryRefs.count)
    }

    /// The rules of server faults fail2ban's filters still count as failures.
    static let faultRulesFail2banCounts = Set(["postfix.sasl-auth-server-lost", "dovecot.login-auth-broken"].map(Ruleset.shared.index))
    /// Dovecot's passdb failing (its database out of reach), with the client's address.
    static let passdbFaultRules = Set(["dovecot.passdb-fault", "dovecot.auth24-fault"].map(Ruleset.shared.index))
    static let postfixSaslFailure = Ruleset.shared.index(of: "postfix.sasl-failure")

    /// The daemon a jail's filter reads, by the jail's name (stock and usual names); nil when
    /// the name does not tell.
    static func familyWatched(byJail jail: String) -> Family? {
        let name = jail.lowercased()
        if name.contains("postfix") || name.contains("sasl") || name.contains("smtp") { return .postfix }
        if name.contains("dovecot") || name.contains("imap") || name.contains("pop3") || name.contains("sieve") { return .dovecot }
        return nil
    }

    /// Whether a jail watches fail2ban's own log (`recidive`): its Found lines are bans, not
    /// auth failures.
    static func watchesFail2ban(_ jail: String) -> Bool { jail.lowercased().contains("recidive") }

    /// Whether a jail's Found lines are failed mail logins, by its name (fail2ban's stock mail
    /// jails and the usual custom names): `postfix-sasl`, `dovecot`, `sieve`, `sasl`, `courier-auth`…
    /// An `sshd` or `apache` jail's are not, nor recidive's.
    static func watchesMailLogins(_ jail: String) -> Bool {
        let j = jail.lowercased()
        guard !j.contains("recidive") else { return false }
        return ["sasl", "dovecot", "sieve", "imap", "pop3", "courier", "cyrus", "submission", "smtp-auth", "mail-auth"].contains { j.contains($0) }
    }

    /// Events from a database row that repeat fail2ban's log: its matched lines (found) that a
    /// Found line of the log tells (same jail, matched within a second), and its ban when the
    /// log's Ban of the jail is within 10 minutes (the two are one ban, told by the log's line).
    func databaseDuplicates(_ indices: [UInt32]) -> Set<UInt32> {
        var logged = Set<UInt64>()
        var logBans: [(jail: UInt32, time: Int64)] = []
        var fromDB: [UInt32] = []
        for i in indices where events[i].kind == .found || events[i].kind == .ban {
            let e = events[i]
            if e.ruleIndex == Event.databaseRule { fromDB.append(i); continue }
            if e.kind == .ban { logBans.append((e.jailID, e.time)); continue }
            logged.insert(UInt64(e.jailID) << 40 ^ UInt64(bitPattern: (e.extra ?? e.time) / 1_000_000))
        }
        guard !fromDB.isEmpty, !logged.isEmpty || !logBans.isEmpty else { return [] }
        return Set(fromDB.filter { i in
            let e = events[i]
            if e.kind == .ban { return logBans.contains { $0.jail == e.jailID && abs($0.time - e.time) <= 600 * 1_000_000 } }
            let s = (e.extra ?? e.time) / 1_000_000
            return (-1...1).contains { logged.contains(UInt64(e.jailID) << 40 ^ UInt64(bitPattern: s + Int64($0))) }
        })
    }

    func banReport(_ b: Ban, evidence: Evidence, paths: [String]) -> BanReport {
        let e = events[b.startEvent]
        let findTime = (tracker.settings(of: b.jail, at: b.start)?.findTime ?? options.jailConfig[b.jail]?.findTime ?? BanTracker.defaultFindTime) * 1_000_000
        let lo = b.start - findTime
        let s = states[b.ip] ?? AddressState()
        let candidates = evidence.beforeWindow + evidence.events
        // fail2ban forgets an address's failures when it bans it (its ticket goes to the ban):
        // a later ban of the jail counts only failures after the earlier ban, or after an
        // `already banned` that consumed a ticket.
        var after = bansOf[b.ip]?.lazy.map { tracker.bans[$0] }.filter { $0.jailID == b.jailID && $0.startEvent < b.startEvent }.map(\.startEvent).max()
        for i in candidates where Int(i) < b.startEvent && events[i].kind == .alreadyBanned && events[i].jailID == b.jailID && Int(i) > (after ?? -1) { after = Int(i) }
        // The jail's Found lines for the address within findtime before the Ban …
        var founds = candidates.filter { i in
            let f = events[i]
            return f.kind == .found && f.jail == b.jail && f.time >= lo && f.time <= b.start && (after.map { Int(i) > $0 } ?? true)
        }
        // A ban both in the log and in a copied database: the log's Found lines tell it (the
        // row's matched lines are the same failures).
        let fromLog = founds.filter { events[$0].ruleIndex != Event.databaseRule }
        if !fromLog.isEmpty {
            founds = fromLog
        } else if e.ruleIndex == Event.databaseRule {
            // A ban known from its database row alone: the row's own matched lines, wherever
            // their times fall (a server in another zone than --tz puts them after the ban).
            founds = candidates.filter { i in
                let f = events[i]
                return f.kind == .found && f.ruleIndex == Event.databaseRule && f.file == e.file && f.line == e.line
            }
        }
        var used = Set<UInt32>()
        var failures: [FailureRef] = []
        // What the jail's filter matched: mail-log failures, or for a jail watching fail2ban's
        // own log (recidive) the address's bans in other jails.
        let recidive = Correlator.watchesFail2ban(b.jail)
        let banJail = b.jail
        let countedFaults = Correlator.faultRulesFail2banCounts
        func matched(_ e: Event) -> Bool {
            if recidive { return e.kind == .ban && e.jail != banJail }
            switch e.kind {
            case .authFailure, .reject, .abuse, .disconnect: return true
            // A SASL failure Postfix answers with 454 (Cyrus's `generic failure`…), Dovecot 2.2's
            // `Auth process broken`: the server's trouble to jailtrace, counted by fail2ban's
            // postfix and (aggressive) dovecot filters all the same.
            case .serverFault: return countedFaults.contains(e.ruleIndex)
            default: return false
            }
        }
        let mailFailures = candidates.filter { matched(events[$0]) }
        // The daemon whose lines the jail's filter reads, by its name (`postfix-sasl`,
        // `dovecot`): of two failures in the same second, the one it can have matched.
        let families = Ruleset.shared.families
        let wanted = Correlator.familyWatched(byJail: b.jail)
        func fits(_ m: Event) -> Bool {
            guard let wanted, m.ruleIndex != Event.databaseRule else { return false }
            return families[Int(m.ruleIndex)] == wanted
        }
        for fi in founds {
            let f = events[fi]
            // … each linked to the mail-log line it matched: the `Found … - <date>` time, or the
            // nearest earlier failure of the address (0.9 logs).
            let target = f.extra ?? f.time
            // A database row's matched line names its program: only a line of that program is it.
            let program = f.ruleIndex == Event.databaseRule ? f.serviceID : 0
            var best: UInt32? = nil
            for mi in mailFailures where !used.contains(mi) {
                let m = events[mi]
                if program != 0 && m.serviceID != program { continue }
                if f.extra != nil {
                    // The first in that second, of the jail's daemon if any, an auth failure if any.
                    guard abs(m.time - target) < 1_000_000 else { continue }
                    if let b = best.map({ events[$0] }) {
                        if fits(b) && !fits(m) { continue }
                        if fits(b) == fits(m) && (b.kind == .authFailure || m.kind != .authFailure) { continue }
                    }
                    best = mi
                } else if m.time <= target && m.time >= target - 60_000_000 {
                    // The latest before it, of the jail's daemon if any.
                    if let b = best.map({ events[$0] }), fits(b) && !fits(m) { continue }
                    if best == nil || m.time >= events[best!].time || fits(m) && !fits(events[best!]) { best = mi }
                }
            }
            if let best {
                used.insert(best)
                let m = events[best]
                failures.append(FailureRef(file: paths[Int(m.file)], line: Int(m.line), time: CivilTime.rfc3339(micros: m.time), service: m.service,
                                           user: m.user, serverFault: m.kind == .serverFault, faultDetail: m.kind == .serverFault ? m.detail : nil))
            } else {
                // (A database row's matched line names its program; a Found line none.)
                failures.append(FailureRef(file: paths[Int(f.file)], line: Int(f.line), time: CivilTime.rfc3339(micros: target),
                                           service: f.ruleIndex == Event.databaseRule ? f.service : nil))
            }
        }
        if founds.isEmpty {
            // No Found lines (not logged at this level): the address's auth failures in findtime.
            for mi in evidence.beforeWindow.filter({ events[$0].kind == .authFailure }) + s.authFailures
            where events[mi].time >= lo && events[mi].time <= b.start && (after.map { Int(mi) > $0 } ?? true) {
                let m = events[mi]
                failures.append(FailureRef(file: paths[Int(m.file)], line: Int(m.line), time: CivilTime.rfc3339(micros: m.time), service: m.service, user: m.user))
            }
        }
        return BanReport(jail: b.jail, start: CivilTime.rfc3339(micros: b.start), end: b.end.map(CivilTime.rfc3339),
                         endReason: b.endReason, failures: failures, restored: b.restored,
                         file: paths[Int(e.file)], line: Int(e.line))
    }

    /// The timeline keeps what explains the verdict: the last healthy activity before lastSeen,
    /// everything unhealthy and every ban record, and the deliveries while silent.
    func timelineEntries(_ evidence: Evidence, duplicates: Set<UInt32>, lastSeen: Int64?, paths: [String]) -> ([TimelineEntry], Int) {
        var chosen = duplicates.isEmpty ? evidence.events : evidence.events.filter { !duplicates.contains($0) }
        // Thin out routine activity before lastSeen: keep the last 10 routine events (one pass
        // from the end over the time-ordered evidence; no sets). An address that never
        // authenticated (asked for by --ip) has its connections thinned the same way, so that
        // its failures and bans stay in view.
        do {
            func routine(_ e: Event) -> Bool {
                switch e.kind {
                case .login, .logout, .submission, .connect, .disconnect: return lastSeen.map { e.time <= $0 } ?? (e.kind == .connect || e.kind == .disconnect)
                default: return false
                }
            }
            var kept = 0
            var out: [UInt32] = []
            out.reserveCapacity(chosen.count)
            for i in chosen.reversed() {
                if routine(events[i]) {
                    kept += 1
                    if kept > 10 { continue }
                }
                out.append(i)
            }
            chosen = out.reversed()
        }
        var omitted = evidence.events.count - duplicates.count - chosen.count
        if chosen.count > Correlator.timelineLimit {
            omitted += chosen.count - Correlator.timelineLimit
            chosen = Array(chosen.suffix(Correlator.timelineLimit))
        }
        let entries = chosen.map { i -> TimelineEntry in
            let e = events[i]
            var detail = e.detail
            if let u = e.user, e.kind != .delivery { detail = (detail.map { $0 + " " } ?? "") + "user=\(u)" }
            if let j = e.jail, ![.jailSetting].contains(e.kind) { detail = "[\(j)] " + (detail ?? e.kind.name) }
            if e.suspicious { detail = (detail ?? "") + " (client-chosen text imitates server fields; address taken from the server's own)" }
            return TimelineEntry(time: CivilTime.rfc3339(micros: e.time), event: e.kind.name, detail: detail,
                                 file: paths[Int(e.file)], line: Int(e.line))
        }
        return (entries, omitted)
    }
}
