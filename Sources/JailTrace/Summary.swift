/// The facts a summary sentence is built from. The sentence claims nothing else.
struct SummaryFacts {
    var ip: IPAddress
    var users: [String]
    var verdict: String
    var lastSeen: Int64?
    var windowEnd: Int64
    var activeBan: Ban?
    /// The other bans in force at the window end (other jails; `activeBan` is the latest).
    var otherBansInForce: [Ban] = []
    var banReport: BanReport?
    /// The ban the sentence speaks of — the one in force, else the latest since lastSeen — and
    /// its jail's settings (from the log, else from --jail-config).
    var subjectBan: Ban? = nil
    /// When the ban in force should have ended by its bantime, if well before the window end
    /// (no Unban logged).
    var overdueAt: Int64? = nil
    var settings: JailSettings?
    var config: JailConfig?
    var failuresAfter: [Event]
    /// `failuresAfter` are fail2ban's Found lines (no mail-log failure after lastSeen).
    var failuresFromFound = false
    var failedSessions: Int
    var faultsAfter: [Event]
    /// The latest death of a mail process that failed a session after lastSeen.
    var lastCrash: Event? = nil
    /// A process died after lastSeen that had one of its logins still open by the logs, though
    /// not known to serve it.
    var possibleCrash: Int64? = nil
    var movedTo: (IPAddress, Int64)?
    /// The user active elsewhere (as this device wrote the name).
    var movedUser: String? = nil
    /// The other address authenticated before this device went quiet (a second device).
    var movedAlongside = false
    var delivered: Int
    /// Of `delivered`, those after the start of the ban in force.
    var deliveredDuringBan = 0
    /// Bans that started after lastSeen (all ended: none is in force for these verdicts), and
    /// their jails.
    var bansAfter = 0
    var jailsAfter: [String] = []
    var totalFailures: Int
    /// Whether any line of the inputs names the address.
    var inInputs = true
    /// Server faults without a client address after lastSeen (no-contact only).
    var anonymousFaultsAfter: [Event] = []
    var bans: Int
    var zone: String
}

/// One sentence (or three) a person can act on, per verdict.
enum Summary {
    static func sentence(_ f: SummaryFacts) -> String {
        let zone = Zone(identifier: f.zone) ?? Zone(identifier: "UTC")!
        func at(_ t: Int64) -> String { local(t, zone) }
        // A device can have no healthy activity at all (its only login's process died).
        let sinceSeen = f.lastSeen.map { "since its last successful activity at \(at($0))" } ?? "in the whole window (it never had a healthy session)"
        let seenAt = f.lastSeen.map { at($0) } ?? "the start of the logs"
        let who = f.users.isEmpty ? "\(f.ip)" : "\(f.users.joined(separator: ", ")) at \(f.ip)"
        let mail = "\(f.delivered) message\(f.delivered == 1 ? "" : "s") reached the mailbox since it was last seen."
        switch f.verdict {
        case "active":
            return "\(who) is active: last healthy activity at \(seenAt)."
        case "banned":
            let b = f.activeBan!
            let failures = f.banReport?.failures ?? []
            let n = failures.count
            let faults = failures.filter(\.serverFault)
            var s = "\(who) has been banned by \(b.jail) since " + (b.beganEarlier ? "at least " : "") + at(b.start)
            if n > 0 {
                let services = Set(failures.compactMap(\.service)).sorted()
                s += " after \(n) failure\(n == 1 ? "" : "s")"
                // Several users behind the address (an office's NAT): whose client failed — all
                // of them when every failure names its user, else how many named whom.
                if f.users.count > 1 {
                    var seen = Set<String>()
                    let named = failures.compactMap(\.user)
                    let names = named.filter { seen.insert($0.lowercased()).inserted }
                    let list = names.count > 3 ? names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more" : names.joined(separator: ", ")
                    if !names.isEmpty {
                        s += named.count == n ? " of " + list : " (\(named.count) naming \(list))"
                    }
                }
                if !services.isEmpty { s += " on \(services.joined(separator: ", "))" }
                if let first = failures.first.flatMap({ CivilTime.parseDateTime($0.time)?.micros }) {
                    s += " within \(duration(b.start - first, roundingUp: true))"
                }
            }
            let params = terms(f)
            if !params.isEmpty { s += " (\(params))" }
            s += b.beganEarlier ? "; fail2ban restored it then at a restart (it began before the logs)."
                : b.restored ? "; the ban survived a fail2ban restart." : "."
            // Failures that were the server's (its SASL back end out of reach), which fail2ban's
            // filter counts all the same: the password is not the cause.
            if let fault = faults.last {
                let what = fault.faultDetail.map { " (\"\($0)\")" } ?? ""
                let k = faults.count
                s += k == n
                    ? (n == 1 ? " It was the server's own failure\(what), not a wrong password." : " All of them were the server's own failures\(what), not a wrong password.")
                    : " \(k) of them \(k == 1 ? "was the server's own failure" : "were the server's own failures")\(what), not a wrong password."
            }
            if let due = f.overdueAt {
                s += " No Unban is logged, although its bantime ran out at \(at(due)): fail2ban may have failed to lift it, or its log stops early; `fail2ban-client status \(b.jail)` shows whether it still holds."
            }
            let ports = f.config?.ports ?? Correlator.stockPorts[b.jail]
            if let ports {
                s += " The ban rejects connections to \(ports)\(f.config?.ports == nil ? " (fail2ban's stock setting for this jail)" : ""), so the client sees a connection error, not a password prompt."
            } else {
                s += " While banned, the client's connections are refused, so it sees a connection error, not a password prompt."
            }
            if f.delivered > 0 {
                s += " \(f.delivered) message\(f.delivered == 1 ? "" : "s") reached the mailbox since it was last seen, \(f.deliveredDuringBan) of them during the ban."
            }
            // Every jail holding the address must let it go, or the client stays locked out.
            let others = f.otherBansInForce.filter { $0.jail != b.jail }
            if !others.isEmpty {
                s += " It is also banned by " + others.map { "\($0.jail) (since \(at($0.start)))" }.joined(separator: ", ") + "."
            }
            var seenJails = Set<String>()
            let unban = ([b] + others).filter { seenJails.insert($0.jail).inserted }
                .map { "`fail2ban-client set \($0.jail) unbanip \(f.ip)`" }
            if !faults.isEmpty && faults.count == n {
                s += " Fix the server's authentication back end first (it failed these logins, and fail2ban banned the client for it), then unban: \(unban.joined(separator: " and "))."
            } else {
                s += " Unban: \(unban.joined(separator: " and ")); to stop it recurring, fix the password stored in the client or add its network to ignoreip."
            }
            return s
        case "auth-failing":
            let n = f.failuresAfter.count
            let last = f.failuresAfter.last!
            let services = Set(f.failuresAfter.compactMap(\.service)).sorted()
            var s = "\(who) has failed to authenticate \(n) time\(n == 1 ? "" : "s") \(sinceSeen) (last failure \(at(last.time))"
            if !services.isEmpty { s += " on \(services.joined(separator: ", "))" }
            if f.failuresFromFound {
                let jails = Set(f.failuresAfter.compactMap(\.jail)).sorted()
                s += ", as fail2ban's \(jails.joined(separator: ", ")) jail\(jails.count == 1 ? "" : "s") found them; the mail log lines they matched are not among the inputs"
            }
            s += "), and no ban is in force"
            if f.bansAfter > 0 { s += " (" + bansSince(f) + ")" }
            s += ": the client is sending a wrong or stale password."
            if f.delivered > 0 { s += " " + mail }
            s += " Update the password stored in the client."
            return s
        case "server-fault":
            var parts: [String] = []
            var advice: [String] = []
            if f.failedSessions > 0 {
                var crash = "\(f.failedSessions) session\(f.failedSessions == 1 ? "" : "s") whose mail process then died"
                if let c = f.lastCrash { crash += " (\(f.failedSessions == 1 ? "" : "last ")at \(at(c.time)): \"\(c.detail ?? "process died")\")" }
                parts.append(crash)
                let detail = f.lastCrash?.detail ?? ""
                advice.append(detail.contains("Out of memory") ? "the mail process ran out of memory: raise that service's vsz_limit in Dovecot"
                              : "see in Dovecot's log why its mail process died")
            }
            // (The server's own words: a Postfix failure counted as the server's, at the instant
            // Dovecot's passdb failed, names it less well than Dovecot's line.)
            if let fault = f.faultsAfter.last(where: { $0.kind == .serverFault }) ?? f.faultsAfter.last {
                parts.append("\"\(fault.detail ?? "server fault")\" at \(at(fault.time))")
                // Advice that fits what failed, once per kind of fault (latest first).
                for e in f.faultsAfter.reversed() {
                    let a = faultAdvice(e)
                    if !advice.contains(a) { advice.append(a) }
                }
            }
            var s = "\(who) has had no healthy session since \(seenAt); the server failed it: \(parts.joined(separator: "; "))."
            if f.delivered > 0 { s += " " + mail }
            s += " Look at the server, not the client; \(advice.joined(separator: "; "))."
            return s
        case "moved":
            let (other, t) = f.movedTo!
            let user = f.users.count > 1 ? f.movedUser.map { "the same user (\($0))" } ?? "the same user" : "the same user"
            if f.movedAlongside {
                return "\(who) went quiet at \(seenAt), but \(user) is still active from \(other) (latest \(at(t))), an address it was already using beside this one: this device stopped while the user's other device went on (or the device changed networks); nothing on the server is blocking it."
            }
            return "\(who) went quiet at \(seenAt), but \(user) has been active from \(other) since (latest \(at(t))): the device changed networks or was replaced; nothing on the server is blocking it."
        case "no-contact":
            let bans = f.bansAfter == 0 ? "no ban" : "no ban in force (" + bansSince(f) + ")"
            // (It may still connect and fail before it authenticates — a TLS or certificate error
            // — which correlation does not keep: `events --ip` lists those connections.)
            var s = "\(who) has not logged in again since its last healthy activity at \(seenAt): no auth failures in the inputs, \(bans), no server fault from this address since then"
            if let died = f.possibleCrash {
                s += " (but the Dovecot mail process that had one of its sessions, by the logs, died at \(at(died)): if that process served several clients, the session died with it)"
            }
            let hint = "(a client that still connects but fails before it authenticates, as on a TLS certificate error, shows its connections in `jailtrace events --ip \(f.ip)`)"
            if let first = f.anonymousFaultsAfter.first {
                let n = f.anonymousFaultsAfter.count
                s += ", but the server logged \(n) fault\(n == 1 ? "" : "s") naming no client soon after (first \(at(first.time)): \"\(first.detail ?? first.kind.name)\"), which may have turned it away; otherwise the cause is on the client or its network \(hint)."
            } else {
                s += ", so the cause is on the client or its network \(hint)."
            }
            if f.delivered > 0 { s += " " + mail }
            return s
        default:
            guard f.inInputs else { return "\(f.ip) does not appear in the inputs in the window." }
            return "\(f.ip) never authenticated successfully in the window (\(f.totalFailures) auth failure\(f.totalFailures == 1 ? "" : "s"), \(f.bans) ban\(f.bans == 1 ? "" : "s"))."
        }
    }

    /// What to look at for a server fault, by the rule that read it.
    static func faultAdvice(_ e: Event) -> String {
        let id = e.ruleIndex == Event.databaseRule ? "" : Ruleset.shared.rules[Int(e.ruleIndex)].id
        switch id {
        case "dovecot.login-limit":
            return "a limit turned a correct login away: raise mail_max_userip_connections in Dovecot"
        case "dovecot.master-fault":
            return "a Dovecot service hit its limit or could not start (process_limit, client_limit: see that line)"
        case "dovecot.proxy-backend-fault", "dovecot.proxy-login-tempfail", "dovecot.imapc-failure":
            return "the back-end server behind the proxy failed"
        case "dovecot.login-internal-failure", "dovecot.login-internal-23":
            return "Dovecot failed internally (see its log around that time)"
        default:
            return "its authentication back end failed (Dovecot's auth service, saslauthd or the password database)"
        }
    }

    /// A time as the reports' tables show it, in UTC, and, outside UTC, as the logs wrote it:
    /// `2026-06-05 12:04:22 UTC (14:04:22 Europe/Berlin)` (the local date too when it differs).
    static func local(_ micros: Int64, _ zone: Zone) -> String {
        let secs = micros / 1_000_000
        let utc = wall(secs)
        let offset = Int64(zone.offset(atUTC: secs))
        guard offset != 0 || !(zone.identifier == "UTC" || zone.identifier == "Etc/UTC" || zone.identifier == "GMT") else {
            return utc.date + " " + utc.time + " UTC"
        }
        let l = wall(secs + offset)
        return utc.date + " " + utc.time + " UTC (" + (l.date == utc.date ? "" : l.date + " ") + l.time + " " + zone.identifier + ")"
    }

    /// `YYYY-MM-DD` and `HH:MM:SS` of a count of seconds since the epoch.
    private static func wall(_ secs: Int64) -> (date: String, time: String) {
        let days = Int(secs >= 0 ? secs / 86400 : (secs - 86399) / 86400)
        let sod = Int(secs - Int64(days) * 86400)
        let (y, m, d) = CivilTime.civilFromDays(days)
        return ("\(y)-\(CivilTime.pad(m, 2))-\(CivilTime.pad(d, 2))", "\(CivilTime.pad(sod / 3600, 2)):\(CivilTime.pad(sod / 60 % 60, 2)):\(CivilTime.pad(sod % 60, 2))")
    }

    /// `45 s`, `6 min`, `2 h 5 min`, `3 d`.
    /// The subject ban's jail settings as fail2ban names them (`maxretry 5, findtime 10 min,
    /// bantime 1 h`), those known; empty when none is. The bantime is the ban's own (an
    /// `Increase Ban`, a database row's) where it is known, else the jail's.
    static func terms(_ f: SummaryFacts) -> String {
        var params: [String] = []
        if let m = f.settings?.maxRetry ?? f.config?.maxRetry { params.append("maxretry \(m)") }
        if let t = f.settings?.findTime ?? f.config?.findTime { params.append("findtime \(duration(t * 1_000_000))") }
        func text(_ seconds: Int64) -> String { seconds < 0 ? "permanent" : duration(seconds * 1_000_000) }
        let jail = f.settings?.banTime ?? f.config?.banTime
        // The ban's own length where it has one (an Increase Ban, a database row's), else the
        // jail's bantime as last set.
        let length = { (b: Ban) in b.expectedEnd.map { $0 == .max ? Int64(-1) : ($0 - b.clock) / 1_000_000 } }
        let own = f.subjectBan.flatMap { b in b.ownLength ? length(b) : nil }
        if let own {
            var t = "bantime \(text(own))"
            if let jail, jail >= 0, own < 0 || own > jail { t += " (increased from \(text(jail)))" }
            params.append(t)
        } else if let jail {
            params.append("bantime \(text(jail))")
        } else if let b = f.subjectBan, b.lengthFromRow, let row = length(b) {
            params.append("bantime \(text(row))")   // the database row's, the jail's at ban time
        }
        return params.joined(separator: ", ")
    }

    /// `2 bans by dovecot, postfix-sasl since then ended; postfix-sasl: maxretry 3, …` (the
    /// settings are the latest ban's jail's).
    static func bansSince(_ f: SummaryFacts) -> String {
        var s = "\(f.bansAfter) ban\(f.bansAfter == 1 ? "" : "s")"
        if !f.jailsAfter.isEmpty { s += " by " + f.jailsAfter.joined(separator: ", ") }
        s += " since then ended"
        // One fail2ban stopped without restoring: say so (the client is free since then).
        if let b = f.subjectBan, b.endReason == "stopped", let end = b.end {
            let zone = Zone(identifier: f.zone) ?? Zone(identifier: "UTC")!
            s += ", \(f.bansAfter == 1 ? "" : "the last ")when fail2ban stopped at \(local(end, zone)) without restoring it"
        }
        let params = terms(f)
        if !params.isEmpty, let b = f.subjectBan { s += "; " + (f.jailsAfter.count > 1 ? "\(b.jail): " : "") + params }
        return s
    }

    /// A length in the unit a person reads (`45 s`, `7 min`, `3 h 20 min`, `4 d`), cut down to
    /// that unit, or rounded up with `roundingUp` (a span things happened "within" must hold them).
    static func duration(_ micros: Int64, roundingUp: Bool = false) -> String {
        var s = max(0, micros / 1_000_000)
        if roundingUp && micros > 0 && micros % 1_000_000 != 0 { s += 1 }
        func up(_ v: Int64, _ unit: Int64) -> Int64 { roundingUp ? (v + unit - 1) / unit : v / unit }
        if s < 120 { return "\(s) s" }
        if s < 3600 { return "\(up(s, 60)) min" }
        if s < 172800 {
            let m = up(s, 60)
            return "\(m / 60) h\(m % 60 > 0 ? " \(m % 60) min" : "")"
        }
        return "\(up(s, 86400)) d"
    }
}
