import Foundation
import Testing
@testable import JailTrace

/// Verdict rules and their precedence (SPEC §3), on small synthetic logs.
struct VerdictTests {
    static let f2bHead = "2026-06-05 08:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.0.2\n"
    static func login(_ t: String, _ ip: String, _ user: String = "alice", pid: Int = 100) -> String {
        "Jun  5 \(t) mx dovecot: imap-login: Login: user=<\(user)>, method=PLAIN, rip=\(ip), lip=10.0.0.1, mpid=\(pid), TLS, session=<s\(pid)>\n"
    }
    static func fail(_ t: String, _ ip: String, _ user: String = "alice") -> String {
        "Jun  5 \(t) mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<\(user)>, method=PLAIN, rip=\(ip), lip=10.0.0.1, TLS, session=<f\(t)>\n"
    }
    static func submit(_ t: String, _ ip: String, _ user: String) -> String {
        "Jun  5 \(t) mx postfix/submission/smtpd[9]: 4C1F3A2B8E: client=h[\(ip)], sasl_method=PLAIN, sasl_username=\(user)\n"
    }
    static let end = "Jun  5 18:00:00 mx postfix/smtpd[1]: connect from unknown[203.0.113.1]\n"

    static func verdicts(_ mail: String, f2b: String = f2bHead, options: ExplainOptions = ExplainOptions(), zone: String = "UTC") throws -> [String: DeviceReport] {
        let run = try TestSupport.run([("maillog", mail), ("fail2ban.log", f2b)], zone: zone)
        return Dictionary(uniqueKeysWithValues: Correlator(run: run, options: options).report().devices.map { ($0.ip, $0) })
    }

    @Test func bannedBeatsAuthFailing() throws {
        let d = try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.fail("09:10:00", "192.0.2.1") + Self.end,
                                  f2b: Self.f2bHead + "2026-06-05 09:10:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n")
        #expect(d["192.0.2.1"]?.verdict == "banned")
    }

    /// A ban with no Unban whose known bantime ran out long before the window's end is still
    /// `banned` (nothing ended it), and the summary says it is overdue; within its bantime, not.
    @Test func anOverdueBanIsSaidToBe() throws {
        let settings = "2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'\n"
            + "2026-06-05 08:00:00,200 fail2ban.actions        [1]: INFO      banTime: 600\n"
            + "2026-06-05 08:00:00,300 fail2ban.jail           [1]: INFO    Jail 'dovecot' started\n"
        let ban = "2026-06-05 09:10:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
        // (fail2ban's log goes on past the bantime: it would have logged the Unban.)
        let later = "2026-06-05 17:00:00,000 fail2ban.filter         [1]: INFO    [dovecot] Found 203.0.113.9 - 2026-06-05 17:00:00\n"
        let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end, f2b: Self.f2bHead + settings + ban + later)["192.0.2.1"])
        #expect(d.verdict == "banned")
        #expect(d.summary.contains("No Unban is logged, although its bantime ran out at 2026-06-05 09:20:01 UTC"), "\(d.summary)")
        var quick = ExplainOptions()
        quick.silence = 60
        let within = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + "Jun  5 09:15:00 mx postfix/smtpd[1]: connect from unknown[203.0.113.1]\n",
                                                    f2b: Self.f2bHead + settings + ban, options: quick)["192.0.2.1"])
        #expect(within.verdict == "banned" && !within.summary.contains("No Unban is logged"), "\(within.summary)")
        // A ban first seen at its restore (its start, and so its length, unknown): no note.
        let restored = "2026-06-05 09:10:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Restore Ban 192.0.2.1\n"
        let r = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end, f2b: Self.f2bHead + settings + restored + later)["192.0.2.1"])
        #expect(r.verdict == "banned" && !r.summary.contains("No Unban is logged"), "\(r.summary)")
        // fail2ban's log ending before the bantime ran out (the mail log goes on): no note.
        let short = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end, f2b: Self.f2bHead + settings + ban.replacingOccurrences(of: "09:10:01", with: "17:55:00"))["192.0.2.1"])
        #expect(short.verdict == "banned" && !short.summary.contains("No Unban is logged"), "\(short.summary)")
    }

    /// Dovecot's passdb out of reach (LDAP, SQL): Dovecot answers Postfix `temp_fail` without a
    /// reason, which Postfix logs as an ordinary SASL failure. At the instant Dovecot's passdb
    /// failed for the same client, that failure is the server's; a failure at another time is
    /// still the client's.
    @Test func aPostfixFailureWhenThePassdbFailedIsTheServers() throws {
        let ldap = "Jun  5 10:00:00 mx dovecot: auth: Error: ldap(alice,192.0.2.1,<Xy12>): ldap_bind() failed: Can't contact LDAP server\n"
        let sasl = "Jun  5 10:00:01 mx postfix/submission/smtpd[555]: warning: unknown[192.0.2.1]: SASL PLAIN authentication failed: (reason unavailable), sasl_username=alice\n"
        let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + ldap + sasl + Self.end)["192.0.2.1"])
        #expect(d.verdict == "server-fault" && d.authFailuresSinceLastSeen == 0, "\(d.summary)")
        #expect(d.summary.contains("ldap: ldap_bind() failed: Can't contact LDAP server"), "\(d.summary)")
        let later = sasl.replacingOccurrences(of: "10:00:01", with: "10:05:00")
        let e = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + ldap + later + Self.end)["192.0.2.1"])
        #expect(e.verdict == "auth-failing" && e.authFailuresSinceLastSeen == 1, "\(e.summary)")
    }

    /// Advice that fits the server fault: a limit that turned a correct login away is not the
    /// authentication back end.
    @Test func serverFaultAdviceFitsTheFault() throws {
        let limit = "Jun  5 10:00:00 mx dovecot: imap-login: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10): user=<alice>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, TLS, session=<m1>\n"
        let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + limit + Self.end)["192.0.2.1"])
        #expect(d.verdict == "server-fault")
        #expect(d.summary.contains("raise mail_max_userip_connections in Dovecot") && !d.summary.contains("authentication back end"), "\(d.summary)")
    }

    /// Two jails holding the address: the sentence names both and how to lift each (unbanning
    /// one would leave the client locked out by the other).
    @Test func bansInTwoJailsAreBothNamed() throws {
        let f2b = Self.f2bHead
            + "2026-06-05 09:10:01,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1\n"
            + "2026-06-05 09:12:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
        let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.fail("09:10:00", "192.0.2.1") + Self.end, f2b: f2b)["192.0.2.1"])
        #expect(d.verdict == "banned")
        #expect(d.summary.contains("has been banned by dovecot since 2026-06-05 09:12:01 UTC"), "\(d.summary)")
        #expect(d.summary.contains("It is also banned by postfix-sasl (since 2026-06-05 09:10:01 UTC)."), "\(d.summary)")
        #expect(d.summary.contains("Unban: `fail2ban-client set dovecot unbanip 192.0.2.1` and `fail2ban-client set postfix-sasl unbanip 192.0.2.1`;"), "\(d.summary)")
        // One jail: one command, no "also".
        let one = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end,
                                                 f2b: Self.f2bHead + "2026-06-05 09:10:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n")["192.0.2.1"])
        #expect(!one.summary.contains("also banned") && one.summary.contains("Unban: `fail2ban-client set dovecot unbanip 192.0.2.1`;"), "\(one.summary)")
    }

    @Test func authFailingBeatsServerFaultAndMoved() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", pid: 7)
            + "Jun  5 09:05:00 mx dovecot: master: Error: service(imap): child 7 returned error 83 (Out of memory)\n"
            + Self.fail("09:10:00", "192.0.2.1") + Self.login("17:30:00", "198.51.100.9", pid: 8) + Self.end
        let d = try Self.verdicts(mail)
        #expect(d["192.0.2.1"]?.verdict == "auth-failing")
        #expect(d["192.0.2.1"]?.failedSessions == 1)
    }

    @Test func serverFaultBeatsMoved() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", pid: 7) + Self.login("10:00:00", "192.0.2.1", pid: 9)
            + "Jun  5 10:00:05 mx dovecot: master: Error: service(imap): child 9 killed with signal 9\n"
            + Self.login("17:30:00", "198.51.100.9", pid: 8) + Self.end
        let d = try Self.verdicts(mail)
        #expect(d["192.0.2.1"]?.verdict == "server-fault")
        #expect(d["192.0.2.1"]?.lastSeen == "2026-06-05T09:00:00Z", "the failed session is not healthy activity")
        #expect(d["198.51.100.9"]?.verdict == "active")
    }

    @Test func aReusedPidEndsTheEarlierSessionAndOnlyTheLaterOneFails() throws {
        // Dovecot reuses pid 7 for a login from another address; the crash belongs to that one.
        let crash = "Jun  5 12:00:05 mx dovecot: master: Error: service(imap): child 7 killed with signal 9\n"
        var d = try Self.verdicts(Self.login("09:00:00", "192.0.2.1", pid: 7) + Self.login("12:00:00", "198.51.100.9", pid: 7) + crash + Self.end)
        #expect(d["192.0.2.1"]?.lastSeen == "2026-06-05T09:00:00Z")
        #expect(d["192.0.2.1"]?.failedSessions == 0)
        #expect(d["192.0.2.1"]?.verdict == "no-contact", "a failed login elsewhere is not a move")
        #expect(d["198.51.100.9"]?.failedSessions == 1)
        #expect(d["198.51.100.9"]?.lastSeen == nil)
        #expect(d["198.51.100.9"]?.verdict == "server-fault")
        // Without the crash the later session, still open at the end, is healthy: alice moved.
        d = try Self.verdicts(Self.login("09:00:00", "192.0.2.1", pid: 7) + Self.login("12:00:00", "198.51.100.9", pid: 7) + Self.end)
        #expect(d["192.0.2.1"]?.verdict == "moved")
        #expect(d["192.0.2.1"]?.movedTo == "198.51.100.9")
        #expect(d["198.51.100.9"]?.lastSeen == "2026-06-05T12:00:00Z")
    }

    /// One imap process serving several sessions (`client_limit` > 1, seen by an earlier login
    /// of the pid ending after a later one took it): its death fails every session it still
    /// served, not only the latest login on its pid.
    @Test func aProcessServingSeveralSessionsFailsThemAll() throws {
        let crash = "Jun  5 10:10:00 mx dovecot: master: Error: service(imap): child 4242 killed with signal 9 (core dumps disabled)\n"
        func login(_ t: String, _ ip: String, _ user: String, _ session: String) -> String {
            "Jun  5 \(t) mx dovecot: imap-login: Login: user=<\(user)>, method=PLAIN, rip=\(ip), lip=10.0.0.1, mpid=4242, TLS, session=<\(session)>\n"
        }
        let mail = login("10:00:00", "192.0.2.1", "alice", "aaaa") + login("10:01:00", "192.0.2.1", "alice", "bbbb")
            + login("10:01:30", "198.51.100.9", "carol", "cccc")
            + "Jun  5 10:02:00 mx dovecot: imap(alice)<4242><bbbb>: Disconnected: Logged out in=100 out=200\n" + crash + Self.end
        let d = try Self.verdicts(mail)
        #expect(d["192.0.2.1"]?.lastSeen == "2026-06-05T10:02:00Z")
        #expect(d["192.0.2.1"]?.failedSessions == 1, "session aaaa died with the process")
        #expect(d["192.0.2.1"]?.verdict == "server-fault")
        #expect(d["198.51.100.9"]?.failedSessions == 1 && d["198.51.100.9"]?.verdict == "server-fault")
        // Its crash line is in both devices' timelines.
        #expect(d["192.0.2.1"]?.timeline.contains { $0.event == "session-crash" } == true)
        #expect(d["198.51.100.9"]?.timeline.contains { $0.event == "session-crash" } == true)
        // Ended sessions are not failed by a later death of their process.
        let ended = login("10:00:00", "192.0.2.1", "alice", "aaaa") + login("10:01:00", "192.0.2.1", "alice", "bbbb")
            + "Jun  5 10:01:10 mx dovecot: imap(alice)<4242><aaaa>: Disconnected: Logged out in=1 out=2\n"
            + "Jun  5 10:02:00 mx dovecot: imap(alice)<4242><bbbb>: Disconnected: Logged out in=100 out=200\n" + crash + Self.end
        let e = try Self.verdicts(ended)
        #expect(e["192.0.2.1"]?.failedSessions == 0 && e["192.0.2.1"]?.verdict == "no-contact", "\(e["192.0.2.1"]?.summary ?? "")")
        // Without a process seen serving two sessions (Dovecot's default: one client a process),
        // an earlier login of a reused pid ended unseen: a 2.2 end (no <pid><session>) before an
        // upgrade, or an end line of an unknown form. The crash is only the latest login's.
        let reused = "Jun  5 08:00:00 mx dovecot: imap-login: Login: user=<alice>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, mpid=4242, TLS, session=<s1>\n"
            + "Jun  5 08:00:05 mx dovecot: imap(alice): Logged out in=10 out=20\n"
            + "Jun  5 09:00:00 mx dovecot: imap-login: Login: user=<dave>, method=PLAIN, rip=192.0.2.7, lip=10.0.0.1, mpid=200, TLS, session=<d1>\n"
            + "Jun  5 09:00:05 mx dovecot: imap(dave)<200><d1>: Disconnected: Logged out in=10 out=20\n"
            + login("10:00:00", "198.51.100.9", "carol", "cccc") + crash + Self.end
        let r = try Self.verdicts(reused)
        #expect(r["192.0.2.1"]?.failedSessions == 0 && r["192.0.2.1"]?.lastSeen == "2026-06-05T08:00:00Z", "\(r["192.0.2.1"]?.summary ?? "")")
        // Not counted, but said: its session was open by the logs when the process died.
        #expect(r["192.0.2.1"]?.summary.contains("if that process served several clients, the session died with it") == true, "\(r["192.0.2.1"]?.summary ?? "")")
        #expect(r["192.0.2.1"]?.timeline.contains { $0.event == "session-crash" } == true)
        #expect(r["198.51.100.9"]?.failedSessions == 1)
    }

    /// An IMAP IDLE session reset after the device's last healthy activity (the laptop closed)
    /// is in its timeline — when it went away — and ends that session: a later death of a
    /// process with its pid is not that session's.
    @Test func aSessionResetShowsWhenTheDeviceWentAway() throws {
        let reset = "Jun  5 11:21:33 mx dovecot: imap(alice)<100><s100>: Disconnected: Connection reset by peer (IDLE running for 8000.5 + waiting input for 0.001 secs, 2 B in + 1236 B out, state=wait-input) in=1593 out=40212\n"
        let crash = "Jun  5 12:00:00 mx dovecot: master: Error: service(imap): child 100 killed with signal 9\n"
        // Read as explain reads (the kinds correlation keeps; session ends are kept all the same).
        let dir = TestSupport.tempDir("reset")
        TestSupport.write(Self.login("09:00:00", "192.0.2.1") + reset + crash + Self.end, to: dir.appendingPathComponent("maillog"))
        let run = try Pipeline.run(RunOptions.correlation(paths: [dir.path], zone: "UTC", year: 2026, asked: [], wholeWindow: true))
        let d = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first { $0.ip == "192.0.2.1" })
        #expect(d.verdict == "no-contact" && d.failedSessions == 0, "\(d.summary)")
        #expect(d.timeline.contains { $0.event == "disconnect" && $0.time == "2026-06-05T11:21:33Z" && $0.detail?.contains("Connection reset by peer") == true }, "\(d.timeline.map(\.event))")
    }

    /// A long session's process dying after the device's last healthy activity is a server
    /// fault after lastSeen, although its login came before: the death is dated, not the login.
    @Test func aSessionThatDiesAfterLastSeenIsAServerFault() throws {
        let logout = "Jun  5 09:10:05 mx dovecot: imap(alice)<5002><s5002>: Disconnected: Logged out in=10 out=20\n"
        let mail = Self.login("09:00:00", "192.0.2.1", pid: 5001) + Self.login("09:10:00", "192.0.2.1", pid: 5002) + logout
            + "Jun  5 11:00:00 mx dovecot: master: Error: service(imap): child 5001 returned error 83 (Out of memory)\n" + Self.end
        let d = try Self.verdicts(mail)
        #expect(d["192.0.2.1"]?.lastSeen == "2026-06-05T09:10:05Z")
        #expect(d["192.0.2.1"]?.failedSessions == 1)
        #expect(d["192.0.2.1"]?.verdict == "server-fault")
    }

    /// A process that dies with a login's pid but runs another service (`service(auth-worker)`:
    /// pids are reused) is not that login's session.
    @Test func aCrashOfAnotherServiceIsNotTheSessions() throws {
        let mail = Self.login("08:00:00", "192.0.2.1", pid: 4242)
            + "Jun  5 10:30:00 mx dovecot: master: Error: service(auth-worker): child 4242 killed with signal 9\n" + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.failedSessions == 0 && d.verdict == "no-contact")
        let own = Self.login("08:00:00", "192.0.2.1", pid: 4242)
            + "Jun  5 10:30:00 mx dovecot: master: Error: service(imap): child 4242 killed with signal 9\n" + Self.end
        #expect(try Self.verdicts(own)["192.0.2.1"]?.verdict == "server-fault")
    }

    /// fail2ban started again without stop lines (it crashed): a ban its jail does not restore
    /// when it starts ended then ('stopped'); one it restores goes on (restored). 0.8's
    /// "Changed logging target" at a log rotation, with no jail started after it, ends nothing.
    @Test func aBanNotRestoredAfterACrashEndsAtTheStart() throws {
        let mail = Self.login("08:00:00", "192.0.2.1") + Self.end
        let crash = Self.f2bHead + """
            2026-06-05 10:14:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 16:00:00,000 fail2ban.server         [2]: INFO    Starting Fail2ban v1.0.2
            2026-06-05 16:00:01,000 fail2ban.jail           [2]: INFO    Jail 'postfix-sasl' started

            """
        let ended = try #require(try Self.verdicts(mail, f2b: crash)["192.0.2.1"]?.bans.first)
        #expect(ended.endReason == "stopped" && ended.end == "2026-06-05T16:00:01Z")
        let rotated = Self.f2bHead + """
            2026-06-05 10:14:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 16:00:00,000 fail2ban.server         [1]: INFO    Changed logging target to /var/log/fail2ban.log for Fail2ban v0.8.6

            """
        #expect(try Self.verdicts(mail, f2b: rotated)["192.0.2.1"]?.bans.first?.end == nil)
        let restored = try #require(try Self.verdicts(mail, f2b: crash + "2026-06-05 16:00:02,000 fail2ban.actions        [2]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1\n")["192.0.2.1"]?.bans.first)
        #expect(restored.end == nil && restored.restored)
    }

    /// The normal end of a session from the other address is healthy activity there (SPEC §3):
    /// a phone's long IDLE session that ends after the laptop went quiet shows the user moved.
    @Test func aSessionEndElsewhereShowsAMove() throws {
        let phone = "2001:db8::15"
        let mail = Self.login("08:50:00", phone, pid: 6001) + Self.login("09:00:00", "198.51.100.23", pid: 6002)
            + "Jun  5 09:05:00 mx dovecot: imap(alice)<6002><s6002>: Disconnected: Logged out in=10 out=20\n"
            + "Jun  5 12:00:00 mx dovecot: imap(alice)<6001><s6001>: Disconnected: Logged out in=10 out=20\n" + Self.end
        let d = try Self.verdicts(mail)
        #expect(d["198.51.100.23"]?.verdict == "moved")
        #expect(d["198.51.100.23"]?.movedTo == phone)
        // The phone was in use before the laptop went quiet: a second device, not a move.
        #expect(d["198.51.100.23"]?.summary.contains("an address it was already using beside this one: this device stopped") == true, "\(d["198.51.100.23"]?.summary ?? "")")
    }

    /// Postfix may log the full address and Dovecot the local part (or the other way round):
    /// `bob` and `bob@example.org` are one user for `moved`, as for `--user` and deliveries;
    /// `bob@example.org` and `bob@example.net` are two.
    @Test func aMoveIsSeenAcrossTheLocalPartAndTheFullAddress() throws {
        for (here, there, moved) in [("bob", "bob@example.org", true), ("bob@example.org", "bob", true),
                                     ("Bob@Example.org", "bob", true), ("bob@example.org", "bob@example.net", false)] {
            let mail = Self.login("09:00:00", "198.51.100.23", here, pid: 6002) + Self.submit("12:00:00", "203.0.113.50", there) + Self.end
            let d = try #require(try Self.verdicts(mail)["198.51.100.23"])
            #expect(d.verdict == (moved ? "moved" : "no-contact"), "\(here) / \(there): \(d.summary)")
            #expect(d.movedTo == (moved ? "203.0.113.50" : nil))
            if moved { #expect(d.summary.contains("the same user has been active from 203.0.113.50 since") && d.summary.contains("changed networks or was replaced"), "\(d.summary)") }
        }
    }

    /// A login whose session then died is still a successful login: its address banned later is
    /// a self-ban (SPEC §4: banned addresses that had successful logins before the ban).
    @Test func aCrashedLoginBeforeABanIsASelfBan() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", pid: 7)
            + "Jun  5 09:05:00 mx dovecot: master: Error: service(imap): child 7 killed with signal 9\n"
            + Self.fail("09:59:00", "192.0.2.1") + Self.end
        let run = try TestSupport.run([("maillog", mail), ("fail2ban.log", Self.f2bHead + "2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n")])
        let report = Correlator(run: run, options: ExplainOptions()).batchReport(warnings: [])
        #expect(report.selfBans.map(\.ip) == ["192.0.2.1"])
    }

    @Test func movedNeedsTheSameUser() throws {
        // 198.51.100.9 is a shared NAT where only carol submits: alice did not move there.
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.submit("17:30:00", "198.51.100.9", "carol") + Self.end
        #expect(try Self.verdicts(mail)["192.0.2.1"]?.verdict == "no-contact")
        let moved = Self.login("09:00:00", "192.0.2.1") + Self.submit("17:30:00", "198.51.100.9", "alice") + Self.end
        let d = try Self.verdicts(moved)
        #expect(d["192.0.2.1"]?.verdict == "moved" && d["192.0.2.1"]?.movedTo == "198.51.100.9")
        // One account whatever the case each client types it in: by login and by submission.
        for other in [Self.login("17:30:00", "198.51.100.9", "alice", pid: 200), Self.submit("17:30:00", "198.51.100.9", "alice")] {
            let c = try Self.verdicts(Self.login("09:00:00", "192.0.2.1", "Alice") + other + Self.end)
            #expect(c["192.0.2.1"]?.verdict == "moved" && c["192.0.2.1"]?.movedTo == "198.51.100.9")
        }
    }

    /// One account written in two cases at one address is one user, shown as first written.
    @Test func aUserInTwoCasesIsOneUser() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", "Bob@Example.org") + Self.submit("09:05:00", "192.0.2.1", "bob@example.org") + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.users == ["Bob@Example.org"])
        #expect(d.lastSeen == "2026-06-05T09:05:00Z")
    }

    @Test func silenceBoundaryIsStrict() throws {
        // lastSeen exactly 1 h before the window end is not silent ("more than --silence").
        let mail = Self.login("17:00:00", "192.0.2.1") + Self.end
        #expect(try Self.verdicts(mail)["192.0.2.1"]?.verdict == "active")
        var o = ExplainOptions()
        o.silence = 3599
        #expect(try Self.verdicts(mail, options: o)["192.0.2.1"]?.verdict == "no-contact")
    }

    @Test func untilIsTheWindowEnd() throws {
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.fail("12:00:00", "192.0.2.1") + Self.end
        var o = ExplainOptions()
        o.until = CivilTime.parseDateTime("2026-06-05T09:30:00Z")!.micros
        let d = try Self.verdicts(mail, options: o)
        #expect(d["192.0.2.1"]?.verdict == "active", "the failure at 12:00 is after --until")
        o.until = CivilTime.parseDateTime("2026-06-05T13:00:00Z")!.micros
        #expect(try Self.verdicts(mail, options: o)["192.0.2.1"]?.verdict == "auth-failing")
    }

    /// Jail settings written at fail2ban's start, before `--since`, still hold in the window:
    /// an Unban two hours into a one-day bantime stays `manual`, and the failures are looked
    /// for within the jail's findtime.
    @Test func jailSettingsBeforeTheWindowStillHold() throws {
        let f2b = Self.f2bHead + """
            2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 08:00:00,200 fail2ban.filter         [1]: INFO      maxRetry: 3
            2026-06-05 08:00:00,300 fail2ban.filter         [1]: INFO      findtime: 3600
            2026-06-05 08:00:00,400 fail2ban.actions        [1]: INFO      banTime: 86400
            2026-06-05 08:00:00,500 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 10:00:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:00:00
            2026-06-05 10:20:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:20:00
            2026-06-05 10:40:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:40:00
            2026-06-05 10:40:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 12:40:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.fail("10:00:00", "192.0.2.1") + Self.fail("10:20:00", "192.0.2.1")
            + Self.fail("10:40:00", "192.0.2.1") + Self.end
        var o = ExplainOptions()
        for since in [nil, "2026-06-05T08:30:00Z"] {
            o.since = since.map { CivilTime.parseDateTime($0)!.micros }
            let ban = try #require(try Self.verdicts(mail, f2b: f2b, options: o)["192.0.2.1"]?.bans.first)
            #expect(ban.endReason == "manual", "since \(since ?? "-")")
            #expect(ban.failures.count == 3, "since \(since ?? "-")")
        }
    }

    /// fail2ban's Found lines after lastSeen are failures when the mail log they matched is not
    /// among the inputs (Dovecot's own log not copied); a ban that came and went is named.
    @Test func foundLinesWithoutTheirMailLogAreFailures() throws {
        let logout = "Jun  5 09:00:05 mx dovecot: imap(alice)<100><s100>: Disconnected: Logged out in=10 out=20\n"
        let mail = Self.login("09:00:00", "192.0.2.1") + logout + Self.end
        let f2b = Self.f2bHead + """
            2026-06-05 10:00:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:00:01
            2026-06-05 10:01:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:01:01
            2026-06-05 10:02:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:02:01
            2026-06-05 10:02:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 11:02:01,600 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        let d = try #require(try Self.verdicts(mail, f2b: f2b)["192.0.2.1"])
        #expect(d.verdict == "auth-failing")
        #expect(d.authFailuresSinceLastSeen == 3)
        #expect(d.summary.contains("3 times") && d.summary.contains("fail2ban's dovecot jail found them"), "\(d.summary)")
        // The same ban without Found lines (not logged at this level): no failure to show, and
        // the sentence does not claim there was no ban.
        let bare = Self.f2bHead + "2026-06-05 10:02:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
            + "2026-06-05 11:02:01,600 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1\n"
        let n = try #require(try Self.verdicts(mail, f2b: bare)["192.0.2.1"])
        #expect(n.verdict == "no-contact")
        #expect(n.summary.contains("no ban in force (1 ban by dovecot since then ended)"), "\(n.summary)")
        // Not failures of this device's logins: an sshd jail's Found lines (a shared NAT), a
        // Found whose matched failure came before lastSeen (fail2ban re-reading its backlog at a
        // restart), a Found whose matched mail-log line is there and is a reject.
        let sshd = Self.f2bHead + "2026-06-05 10:00:01,000 fail2ban.filter         [1]: INFO    [sshd] Found 192.0.2.1 - 2026-06-05 10:00:01\n"
        #expect(try Self.verdicts(mail, f2b: sshd)["192.0.2.1"]?.verdict == "no-contact")
        let backlog = Self.f2bHead + "2026-06-05 10:30:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 08:59:00\n"
        #expect(try Self.verdicts(mail, f2b: backlog)["192.0.2.1"]?.verdict == "no-contact")
        let reject = "Jun  5 10:00:01 mx postfix/smtpd[3]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <x@y>: Relay access denied; from=<a@b> to=<x@y> proto=ESMTP helo=<h>\n"
        let postfix = Self.f2bHead + "2026-06-05 10:00:02,000 fail2ban.filter         [1]: INFO    [postfix-sasl] Found 192.0.2.1 - 2026-06-05 10:00:01\n"
        #expect(try Self.verdicts(mail + reject, f2b: postfix)["192.0.2.1"]?.verdict == "no-contact")
    }

    /// fail2ban forgets an address's failures when it bans it: a second ban after a manual
    /// Unban lists the failures since the first ban only (it listed all ten within findtime).
    @Test func aLaterBanCountsOnlyTheFailuresSinceTheEarlierOne() throws {
        var mail = Self.login("09:00:00", "192.0.2.1")
        var f2b = Self.f2bHead
        for (k, t) in ["09:55:00", "09:56:00", "09:57:00", "09:58:00", "09:59:00"].enumerated() {
            mail += Self.fail(t, "192.0.2.1")
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 \(t)\n"
            _ = k
        }
        f2b += "2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
        f2b += "2026-06-05 10:01:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1\n"
        for t in ["10:02:00", "10:02:30", "10:03:00"] {
            mail += Self.fail(t, "192.0.2.1")
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 \(t)\n"
        }
        f2b += "2026-06-05 10:03:30,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:03:30\n"
        f2b += "2026-06-05 10:03:31,000 fail2ban.actions        [1]: NOTICE  [dovecot] 192.0.2.1 already banned\n"
        for t in ["10:03:40", "10:03:50"] {
            mail += Self.fail(t, "192.0.2.1")
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 \(t)\n"
        }
        f2b += "2026-06-05 10:04:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
        let d = try #require(try Self.verdicts(mail + Self.end, f2b: f2b)["192.0.2.1"])
        #expect(d.bans.map(\.failures.count) == [5, 2])
        #expect(d.bans.last?.failures.map(\.time) == ["2026-06-05T10:03:40Z", "2026-06-05T10:03:50Z"])
        #expect(d.summary.contains("after 2 failures on imap-login within 20 s"), "\(d.summary)")
    }

    /// fail2ban's postfix filter bans on Cyrus SASL's `generic failure` (a server fault here):
    /// the ban's failures still link to those mail-log lines.
    /// A client retrying IMAP and SMTP in the same second: each jail's Found line is linked to
    /// the failure of the daemon its filter reads (by the jail's name), not the first one.
    @Test func aFoundLineIsLinkedToItsJailsDaemon() throws {
        let imap = "Jun  5 10:05:00 mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<alice>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, TLS, session=<q1>\n"
        let smtp = "Jun  5 10:05:00 mx postfix/submission/smtpd[7]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice\n"
        for (jail, lines) in [("postfix-sasl", imap + smtp), ("dovecot", smtp + imap)] {
            let f2b = Self.f2bHead + "2026-06-05 10:05:00,500 fail2ban.filter         [1]: INFO    [\(jail)] Found 192.0.2.1 - 2026-06-05 10:05:00\n"
                + "2026-06-05 10:05:01,000 fail2ban.actions        [1]: NOTICE  [\(jail)] Ban 192.0.2.1\n"
            let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + lines + Self.end, f2b: f2b)["192.0.2.1"])
            #expect(d.bans.first?.failures.map(\.line) == [3], "\(jail): \(d.bans.first?.failures ?? [])")
            #expect(d.bans.first?.failures.first?.service == (jail == "dovecot" ? "imap-login" : "postfix/submission/smtpd"))
        }
    }

    @Test func aBanOnServerFaultLinesLinksThem() throws {
        var mail = Self.login("09:00:00", "192.0.2.1")
        var f2b = Self.f2bHead
        for t in ["10:00:00", "10:00:10", "10:00:20"] {
            mail += "Jun  5 \(t) mx postfix/submission/smtpd[7]: warning: unknown[192.0.2.1]: SASL PLAIN authentication failed: generic failure, sasl_username=alice\n"
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [postfix-sasl] Found 192.0.2.1 - 2026-06-05 \(t)\n"
        }
        f2b += "2026-06-05 10:00:21,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1\n"
        let d = try #require(try Self.verdicts(mail + Self.end, f2b: f2b)["192.0.2.1"])
        #expect(d.verdict == "banned")
        #expect(d.bans.first?.failures.map(\.file).allSatisfy { $0.hasSuffix("maillog") } == true)
        #expect(d.bans.first?.failures.map(\.line) == [2, 3, 4])
        // The summary says the server failed them, and what to fix first.
        #expect(d.bans.first?.failures.allSatisfy(\.serverFault) == true)
        #expect(d.summary.contains("All of them were the server's own failures (\"SASL PLAIN: generic failure\"), not a wrong password."), "\(d.summary)")
        #expect(d.summary.contains("Fix the server's authentication back end first") && !d.summary.contains("fix the password stored in the client"), "\(d.summary)")
    }

    /// An office's NAT: several users behind the banned address; the summary names whose
    /// client failed (the ban's failures carry their user).
    @Test func aSharedAddressesBanNamesWhoFailed() throws {
        var mail = Self.login("09:00:00", "203.0.113.77", "anna", pid: 1) + Self.login("09:01:00", "203.0.113.77", "ben", pid: 2)
        var f2b = Self.f2bHead
        for t in ["10:00:00", "10:00:10", "10:00:20"] {
            mail += Self.fail(t, "203.0.113.77", "ben")
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [dovecot] Found 203.0.113.77 - 2026-06-05 \(t)\n"
        }
        f2b += "2026-06-05 10:00:21,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 203.0.113.77\n"
        let d = try #require(try Self.verdicts(mail + Self.end, f2b: f2b)["203.0.113.77"])
        #expect(d.verdict == "banned" && d.users == ["anna", "ben"])
        #expect(d.bans.first?.failures.compactMap(\.user) == ["ben", "ben", "ben"])
        #expect(d.summary.contains("after 3 failures of ben on imap-login"), "\(d.summary)")
        #expect(d.summary.contains("fix the password stored in the client"))
        // Only some failures name their user: how many named whom, not all of them credited.
        var some = Self.login("09:00:00", "203.0.113.77", "anna", pid: 1) + Self.login("09:01:00", "203.0.113.77", "ben", pid: 2)
        some += Self.fail("10:00:00", "203.0.113.77", "ben")
        for t in ["10:00:10", "10:00:20"] {
            some += "Jun  5 \(t) mx postfix/submission/smtpd[9]: warning: unknown[203.0.113.77]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        }
        let p = try #require(try Self.verdicts(some + Self.end, f2b: f2b)["203.0.113.77"])
        #expect(p.summary.contains("after 3 failures (1 naming ben) on"), "\(p.summary)")
    }

    /// Dovecot 2.4 writes one wrong password in the auth worker and again in the auth process
    /// (same session): one failure (fail2ban's filter reads the auth process's line only).
    @Test func aDovecot24WorkerAndAuthLineAreOneFailure() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", "info@example.com") + """
            Jun  5 10:00:49 mx dovecot: auth-worker(info@example.com,192.0.2.1)<4001084><CvN+E95Uf4e7eEnj>: request [12]: Info: sql: Password mismatch
            Jun  5 10:00:57 mx dovecot: auth(info@example.com,192.0.2.1,sasl:login)<CvN+E95Uf4e7eEnj>: Info: sql: Password mismatch
            Jun  5 10:01:49 mx dovecot: auth-worker(info@example.com,192.0.2.1)<4001084><OtherSession1>: request [13]: Info: sql: Password mismatch

            """ + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.verdict == "auth-failing" && d.authFailuresSinceLastSeen == 2, "\(d.summary)")
    }

    /// The same for an address that never logged in (its failures are counted, not kept): the
    /// top offenders list one failure per attempt.
    @Test func aDovecot24AttackerIsCountedOncePerAttempt() throws {
        var mail = ""
        for k in 0..<3 {
            mail += "Jun  5 10:0\(k):49 mx dovecot: auth-worker(x@example.com,203.0.113.5)<4001084><Sess\(k)aaaaaaaaaa>: request [\(k)]: Info: sql: unknown user\n"
            mail += "Jun  5 10:0\(k):50 mx dovecot: auth(x@example.com,203.0.113.5,sasl:plain)<Sess\(k)aaaaaaaaaa>: Info: sql: unknown user\n"
        }
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("maillog")
        TestSupport.write(mail, to: path)
        let run = try Pipeline.run(RunOptions.correlation(paths: [path.path], zone: "UTC", year: 2026, asked: [], wholeWindow: true))
        let top = Correlator(run: run, options: ExplainOptions()).batchReport(warnings: []).topOffenders
        #expect(top.first?.ip == "203.0.113.5" && top.first?.authFailures == 3, "\(top)")
    }

    /// No contact, but the server logged faults naming no client since lastSeen (Postfix's SASL
    /// socket gone): the verdict stays (SPEC: faults of its own address only), the sentence
    /// names the fault.
    @Test func aNoContactSentenceNamesAddresslessFaults() throws {
        let mail = Self.login("09:00:00", "192.0.2.1") + """
            Jun  5 09:30:00 mx postfix/submission/smtpd[1332]: connect from unknown[192.0.2.1]
            Jun  5 09:30:00 mx postfix/submission/smtpd[1332]: warning: SASL: Connect to private/auth failed: No such file or directory
            Jun  5 09:30:00 mx postfix/submission/smtpd[1332]: fatal: no SASL authentication mechanisms

            """ + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.verdict == "no-contact")
        #expect(d.summary.contains("but the server logged 2 faults naming no client soon after") && d.summary.contains("SASL: Connect to private/auth failed"), "\(d.summary)")
        // A busy server's routine address-less warning is no reason either.
        let routine = Self.login("09:00:00", "192.0.2.1") + "Jun  5 09:10:00 mx dovecot: auth: Warning: auth client 85 disconnected with 1 pending requests: EOF\n" + Self.end
        #expect(try Self.verdicts(routine)["192.0.2.1"]?.summary.contains("naming no client") == false)
        // A fault hours later is no reason.
        let later = Self.login("09:00:00", "192.0.2.1") + "Jun  5 11:00:00 mx postfix/submission/smtpd[1332]: fatal: no SASL authentication mechanisms\n" + Self.end
        #expect(try Self.verdicts(later)["192.0.2.1"]?.summary.contains("naming no client") == false)
        let quiet = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end)["192.0.2.1"])
        #expect(quiet.summary.contains("so the cause is on the client or its network"))
    }

    /// A message handed to a content filter over LMTP (`… queued as …`) reaches the mailbox
    /// once, when the filter's re-injected copy is delivered: one delivery while silent, not two.
    @Test func aContentFilterFedOverLMTPIsNotAMailbox() throws {
        let mail = Self.login("09:00:00", "192.0.2.1") + """
            Jun  5 12:00:02 mx postfix/lmtp[4003]: 2B5F1C0A11: to=<alice@example.org>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.5, delays=0.1/0/0/0.4, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 3C6A2D1B22)
            Jun  5 12:00:03 mx postfix/smtpd[4004]: 3C6A2D1B22: client=localhost[127.0.0.1], orig_queue_id=2B5F1C0A11, orig_client=mx.sender.example[198.51.100.1]
            Jun  5 12:00:04 mx postfix/lmtp[4005]: 3C6A2D1B22: to=<alice@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <alice@example.org> qYyyAbC Saved)

            """ + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.deliveredWhileSilent == 1)
        #expect(d.deliveries.map(\.line) == [4] && d.deliveries.first?.recipient == "alice@example.org")
    }

    /// `alice+lists@example.org` is alice's mailbox (Postfix's usual `recipient_delimiter = +`);
    /// `alice-lists@…` is another address.
    @Test func anAddressExtensionIsTheUsersMailbox() throws {
        func local(_ t: String, _ to: String) -> String {
            "Jun  5 \(t) mx postfix/local[7]: 4C1F3A2B8E: to=<\(to)>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)\n"
        }
        let mail = Self.login("09:00:00", "192.0.2.1", "alice@example.org") + local("10:00:00", "alice+lists@example.org")
            + local("10:01:00", "alice-lists@example.org") + local("10:02:00", "Alice@Example.org") + Self.end
        let d = try #require(try Self.verdicts(mail)["192.0.2.1"])
        #expect(d.deliveredWhileSilent == 2)
        #expect(d.deliveries.map(\.line) == [2, 4])
    }

    /// The deliveries behind `deliveredWhileSilent` are its evidence: the earliest listed with
    /// their lines, the rest counted.
    @Test func deliveriesWhileSilentAreListed() throws {
        var mail = Self.login("09:00:00", "192.0.2.1")
        for k in 0..<25 {
            mail += "Jun  5 10:\(k < 10 ? "0" : "")\(k):00 mx postfix/local[7]: 4C1F3A2B\(k + 10): to=<alice@example.org>, relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to maildir)\n"
        }
        let d = try #require(try Self.verdicts(mail + Self.end)["192.0.2.1"])
        #expect(d.deliveredWhileSilent == 25)
        #expect(d.deliveries.count == DeviceReport.deliveriesShown && d.deliveriesOmitted == 5)
        #expect(d.deliveries.map(\.line) == Array(2...21))
        #expect(d.deliveries.first?.time == "2026-06-05T10:00:00Z")
    }

    /// Where the mail log fail2ban read is missing, an address's failures are its Found lines:
    /// in the top offenders and an attacker's summary (the whole window, where the merge drops
    /// attackers' Found lines, and with `--since`, where it keeps them), and an address that
    /// no input names says so.
    @Test func foundLinesCountForAttackersWithoutTheirMailLog() throws {
        let f2b = Self.f2bHead + (0..<3).map { k in
            "2026-06-05 10:0\(k):01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 203.0.113.9 - 2026-06-05 10:0\(k):01\n"
        }.joined() + "2026-06-05 10:02:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 203.0.113.9\n"
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.end
        for since in [nil, "2026-06-05T08:30:00Z"] {
            let run = try TestSupport.run([("maillog", mail), ("fail2ban.log", f2b)])
            var o = ExplainOptions()
            o.since = since.map { CivilTime.parseDateTime($0)!.micros }
            let report = Correlator(run: run, options: o).batchReport(warnings: [])
            #expect(report.topOffenders.first.map { ($0.ip, $0.authFailures) } ?? ("", 0) == ("203.0.113.9", 3), "since \(since ?? "-")")
        }
        var o = ExplainOptions()
        o.ips = [IPAddress("203.0.113.9")!, IPAddress("6.6.6.6")!]
        let d = try Self.verdicts(mail, f2b: f2b, options: o)
        #expect(d["203.0.113.9"]?.summary.contains("(3 auth failures, 1 ban)") == true, "\(d["203.0.113.9"]?.summary ?? "")")
        #expect(d["6.6.6.6"]?.summary == "6.6.6.6 does not appear in the inputs in the window.")
    }

    /// A recidive jail's Found lines match fail2ban's own Ban lines: its ban's failures are
    /// those bans, not mail-log failures that happen to share their second.
    @Test func recidiveFailuresAreTheBansItCounted() throws {
        let mail = Self.login("08:30:00", "192.0.2.1") + Self.fail("10:00:01", "192.0.2.1") + Self.fail("11:00:01", "192.0.2.1") + Self.end
        let f2b = Self.f2bHead + """
            2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Creating new jail 'recidive'
            2026-06-05 08:00:00,200 fail2ban.filter         [1]: INFO      findtime: 86400
            2026-06-05 10:00:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:10:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1
            2026-06-05 10:00:02,000 fail2ban.filter         [1]: INFO    [recidive] Found 192.0.2.1 - 2026-06-05 10:00:01
            2026-06-05 11:00:01,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 11:00:02,000 fail2ban.filter         [1]: INFO    [recidive] Found 192.0.2.1 - 2026-06-05 11:00:01
            2026-06-05 11:00:02,500 fail2ban.actions        [1]: NOTICE  [recidive] Ban 192.0.2.1

            """
        let d = try #require(try Self.verdicts(mail, f2b: f2b)["192.0.2.1"])
        let recidive = try #require(d.bans.first { $0.jail == "recidive" })
        #expect(recidive.failures.map(\.file).allSatisfy { $0.hasSuffix("fail2ban.log") }, "\(recidive.failures)")
        #expect(recidive.failures.map(\.line) == [4, 7])
    }

    /// A ban that began before `--since` and is in force at the window end is the window's:
    /// the device is `banned`, the ban keeps its start and its failures; one that ended before
    /// the window is not listed.
    @Test func aBanFromBeforeTheWindowStillCounts() throws {
        let f2b = Self.f2bHead + """
            2026-06-05 08:30:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 08:40:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1
            2026-06-05 08:59:58,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 08:59:58
            2026-06-05 09:02:00,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1

            """
        let mail = Self.login("08:00:00", "192.0.2.1") + Self.fail("08:59:58", "192.0.2.1")
            + Self.login("10:00:00", "192.0.2.9", "bob", pid: 9) + Self.end
        var o = ExplainOptions()
        o.ips = [IPAddress("192.0.2.1")!]
        o.since = CivilTime.parseDateTime("2026-06-05T09:30:00Z")!.micros
        let d = try #require(try Self.verdicts(mail, f2b: f2b, options: o)["192.0.2.1"])
        #expect(d.bans.count == 1)
        #expect(d.bans.first?.start == "2026-06-05T09:02:00.5Z" && d.bans.first?.end == nil)
        #expect(d.bans.first?.failures.map(\.line) == [2], "the failure before the window, from the mail log")
    }

    /// A ban first met at its `Restore Ban` (its `Ban` rotated away) starts at the restore
    /// (SPEC §3) but began earlier: it is marked restored and the summary says "at least".
    @Test func aBanFirstSeenAtItsRestoreBeganEarlier() throws {
        let f2b = Self.f2bHead + "2026-06-05 11:00:02,000 fail2ban.actions        [1]: NOTICE  [dovecot] Restore Ban 192.0.2.1\n"
        let d = try #require(try Self.verdicts(Self.login("09:00:00", "192.0.2.1") + Self.end, f2b: f2b)["192.0.2.1"])
        #expect(d.verdict == "banned")
        #expect(d.bans.first?.restored == true && d.bans.first?.start == "2026-06-05T11:00:02Z")
        #expect(d.summary.contains("since at least 2026-06-05 11:00:02 UTC") && d.summary.contains("it began before the logs"), "\(d.summary)")
    }

    @Test func userSelectsEveryDeviceOfThatUser() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", "alice@example.org") + Self.login("17:50:00", "192.0.2.2", "alice@example.org")
            + Self.login("17:55:00", "192.0.2.3", "bob") + Self.end
        var o = ExplainOptions()
        o.users = ["alice"]
        let d = try Self.verdicts(mail, options: o)
        #expect(Set(d.keys) == ["192.0.2.1", "192.0.2.2"])
        // Whatever the case, and the full name for a device known by its local part.
        for asked in ["ALICE", "Alice@Example.org"] {
            o.users = [asked]
            #expect(Set(try Self.verdicts(mail, options: o).keys) == ["192.0.2.1", "192.0.2.2"], "\(asked)")
        }
        o.users = ["Bob@example.org"]
        #expect(Set(try Self.verdicts(mail, options: o).keys) == ["192.0.2.3"])
    }

    @Test func zoneOtherThanUTC() throws {
        // The same wall times read in Europe/Berlin (CEST, +2) are two hours earlier in UTC.
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.end
        let d = try Self.verdicts(mail, f2b: "2026-06-05 08:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.0.2\n", zone: "Europe/Berlin")
        #expect(d["192.0.2.1"]?.lastSeen == "2026-06-05T07:00:00Z")
        // The summary gives UTC, as the tables do, and the wall time the logs wrote.
        #expect(d["192.0.2.1"]?.summary.contains("2026-06-05 07:00:00 UTC (09:00:00 Europe/Berlin)") == true, "\(d["192.0.2.1"]?.summary ?? "")")
    }

    @Test func deliveriesCountedOncePerMessage() throws {
        let mail = Self.login("09:00:00", "192.0.2.1", "alice@example.org")
            + "Jun  5 11:00:00 mx postfix/lmtp[5]: 5D2A3B4C5D: to=<alice@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Saved)\n"
            + "Jun  5 11:00:00 mx dovecot: lmtp(alice@example.org)<77><k1>: msgid=<m1@x>: saved mail to INBOX\n"
            + "Jun  5 11:05:00 mx postfix/smtp[6]: 6E3B4C5D6E: to=<alice@example.org>, relay=mx.other.example[192.0.2.99]:25, delay=1, delays=0.1/0/0.5/0.4, dsn=2.0.0, status=sent (250 ok)\n"
            + "Jun  5 11:10:00 mx postfix/local[7]: 7F4C5D6E7F: to=<alice@example.org>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=4.2.0, status=deferred (mailbox full)\n"
            // A .forward: local(8) sent it on to another host; it never reached the mailbox.
            + "Jun  5 11:15:00 mx postfix/local[7]: 8A5D6E7F8A: to=<alice@example.org>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (forwarded as 9B6E7F8A9B)\n"
            + Self.end
        #expect(try Self.verdicts(mail)["192.0.2.1"]?.deliveredWhileSilent == 1)
    }
}

extension VerdictTests {
    /// A very noisy address: evidence in memory is capped, counts stay exact, and the report says so.
    @Test func evidenceIsCappedCountsStayExact() throws {
        var mail = ""
        for k in 0..<30_000 {
            let t = String(format: "%02d:%02d:%02d", 9 + k / 3600, k / 60 % 60, k % 60)
            mail += "Jun  5 \(t) mx postfix/smtpd[1]: warning: unknown[203.0.113.66]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        }
        mail += Self.end
        var o = ExplainOptions()
        o.ips = [IPAddress("203.0.113.66")!]
        let d = try Self.verdicts(mail, options: o)["203.0.113.66"]!
        #expect(d.verdict == "never-authenticated")
        #expect(d.summary.contains("30000 auth failures"))
        #expect(d.evidenceCapped > 0 && d.evidenceCapped <= 30_000 - Evidence.cap)
        #expect(d.timeline.count <= Correlator.timelineLimit)
    }
}

extension VerdictTests {
    /// `explain --ip X` reads as the CLI does (`RunOptions.correlation`): an address that never
    /// authenticated has its connections, rejects and disconnects for a record (SPEC §3: "still
    /// gives its record"), while a device asked for reports exactly what it reports unasked.
    @Test func askedAddressesKeepTheirWholeRecord() throws {
        let mail = """
            Jun  5 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.50]
            Jun  5 10:00:01 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.50]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@b> to=<x@example.net> proto=ESMTP helo=<x>
            Jun  5 10:00:02 mx postfix/smtpd[1]: disconnect from unknown[192.0.2.50] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4
            Jun  5 10:01:00 mx postfix/submission/smtpd[2]: connect from laptop[198.51.100.23]
            Jun  5 10:01:01 mx postfix/submission/smtpd[2]: 4C1F3A2B8E: client=laptop[198.51.100.23], sasl_method=PLAIN, sasl_username=bob
            Jun  5 10:01:02 mx postfix/submission/smtpd[2]: disconnect from laptop[198.51.100.23] ehlo=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=6
            Jun  5 10:30:00 mx postfix/smtpd[3]: warning: laptop[198.51.100.23]: SASL PLAIN authentication failed: authentication failure
            Jun  5 10:30:01 mx postfix/smtpd[3]: lost connection after AUTH from laptop[198.51.100.23]
            Jun  5 12:00:00 mx postfix/smtpd[4]: connect from unknown[192.0.2.99]

            """
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("maillog")
        TestSupport.write(mail, to: path)
        func explain(_ asked: [IPAddress]) throws -> [String: DeviceReport] {
            let run = try Pipeline.run(.correlation(paths: [path.path], zone: "UTC", year: 2026, asked: asked, wholeWindow: true))
            var o = ExplainOptions()
            o.ips = asked
            return Dictionary(uniqueKeysWithValues: Correlator(run: run, options: o).report().devices.map { ($0.ip, $0) })
        }
        let stranger = try #require(try explain([IPAddress("192.0.2.50")!])["192.0.2.50"])
        #expect(stranger.verdict == "never-authenticated")
        #expect(stranger.timeline.map(\.event) == ["connect", "reject", "disconnect"])
        #expect(stranger.timeline.map(\.line) == [1, 2, 3])
        // The device: the same record asked or not (no connect/disconnect in its timeline either way).
        let unasked = try #require(try explain([])["198.51.100.23"])
        let asked = try #require(try explain([IPAddress("198.51.100.23")!])["198.51.100.23"])
        #expect(asked.timeline.map(\.line) == unasked.timeline.map(\.line))
        #expect(asked.verdict == unasked.verdict && asked.summary == unasked.summary && asked.verdict == "auth-failing")
        #expect(!asked.timeline.contains { $0.event == "connect" || $0.event == "disconnect" })
    }
}

extension VerdictTests {
    /// The summary names the settings of the jail behind the ban it speaks of: the ban's own
    /// length when `Increase Ban` changed it, and every jail of the bans since lastSeen.
    /// A reload after a ban changes the jail's maxretry/findtime for later bans: the summary of
    /// the earlier one names those it was decided under (its bantime follows the last set, as
    /// fail2ban applies a reload's bantime to bans in force).
    @Test func aBanIsToldWithTheSettingsOfItsTime() throws {
        func setting(_ t: String, _ name: String, _ v: String) -> String {
            "2026-06-05 \(t) fail2ban.filter         [1]: INFO      \(name): \(v)\n"
        }
        var f2b = Self.f2bHead + "2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'\n"
            + setting("08:00:00,200", "maxRetry", "3") + setting("08:00:00,300", "findtime", "600") + setting("08:00:00,400", "banTime", "3600")
            + "2026-06-05 08:00:00,500 fail2ban.jail           [1]: INFO    Jail 'dovecot' started\n"
        for t in ["09:10:00", "09:11:00", "09:12:00"] {
            f2b += "2026-06-05 \(t),500 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 \(t)\n"
        }
        f2b += "2026-06-05 09:12:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1\n"
            + "2026-06-05 10:30:00,000 fail2ban.server         [1]: INFO    Reload jail 'dovecot'\n"
            + setting("10:30:00,100", "maxRetry", "5") + setting("10:30:00,200", "findtime", "60") + setting("10:30:00,300", "banTime", "86400")
            + "2026-06-05 10:30:00,400 fail2ban.server         [1]: INFO    Jail 'dovecot' reloaded\n"
        let mail = Self.login("09:00:00", "192.0.2.1") + Self.fail("09:10:00", "192.0.2.1") + Self.fail("09:11:00", "192.0.2.1") + Self.fail("09:12:00", "192.0.2.1") + Self.end
        let d = try #require(try Self.verdicts(mail, f2b: f2b)["192.0.2.1"])
        #expect(d.verdict == "banned")
        #expect(d.summary.contains("after 3 failures on imap-login within 3 min (maxretry 3, findtime 10 min, bantime 24 h)"), "\(d.summary)")
        #expect(d.bans.first?.failures.count == 3, "the findtime of its time (10 min, not the reload's 1 min) gathers its failures")
        // The log's start rotated away: the ban came before any settings line — its terms are
        // unknown (not the reload's), its failures gathered over the default findtime.
        let rotated = f2b.split(separator: "\n").filter { !$0.contains("08:00:00") }.joined(separator: "\n") + "\n"
        let r = try #require(try Self.verdicts(mail, f2b: rotated)["192.0.2.1"])
        #expect(r.summary.contains("after 3 failures on imap-login within 3 min (bantime 24 h)"), "\(r.summary)")
        #expect(r.bans.first?.failures.count == 3)
    }

    @Test func summariesNameTheBansOwnTerms() throws {
        let login = "Jun  5 09:00:00 mx dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=192.0.2.50, lip=10.0.0.1, mpid=7, TLS, session=<l1>\n"
        let settings = """
            2026-06-05 08:00:00,000 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 08:00:00,010 fail2ban.filter         [1]: INFO      maxRetry: 3
            2026-06-05 08:00:00,020 fail2ban.filter         [1]: INFO      findtime: 600
            2026-06-05 08:00:00,030 fail2ban.actions        [1]: INFO      banTime: 600
            2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started

            """
        let increased = settings + """
            2026-06-05 10:05:01,000 fail2ban.observer       [1]: NOTICE  [dovecot] Increase Ban 192.0.2.50 (2 # 1d -> 2026-06-06 10:05:01)
            2026-06-05 10:05:01,100 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.50

            """
        var run = try TestSupport.run([("fail2ban.log", increased), ("maillog", login)], year: 2026)
        var d = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first)
        #expect(d.verdict == "banned")
        #expect(d.summary.contains("(maxretry 3, findtime 10 min, bantime 24 h (increased from 10 min))"), "\(d.summary)")
        let twoJails = settings + """
            2026-06-05 10:05:01,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.50
            2026-06-05 10:15:01,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.50
            2026-06-05 11:05:01,100 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.50
            2026-06-05 11:15:01,100 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.50
            2026-06-05 15:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.99

            """
        run = try TestSupport.run([("fail2ban.log", twoJails), ("maillog", login)], year: 2026)
        d = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first)
        #expect(d.verdict == "no-contact")
        #expect(d.summary.contains("no ban in force (2 bans by dovecot, postfix-sasl since then ended; dovecot: maxretry 3, findtime 10 min, bantime 10 min)"), "\(d.summary)")
    }

    /// An address that never authenticated, asked for: its connections are thinned like a
    /// device's routine activity, so its failures and bans stay in the timeline.
    @Test func askedAttackersTimelineKeepsItsFailures() throws {
        var mail = ""
        for k in 0..<300 {
            let t = String(format: "%02d:%02d:%02d", 11 + k / 3600, k / 60 % 60, k % 60)
            mail += "Jun  5 \(t) mx postfix/smtpd[1]: connect from unknown[192.0.2.60]\nJun  5 \(t) mx postfix/smtpd[1]: disconnect from unknown[192.0.2.60] ehlo=1 quit=1 commands=2\n"
        }
        mail = "Jun  5 10:00:00 mx postfix/smtpd[1]: warning: unknown[192.0.2.60]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n" + mail
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("maillog")
        TestSupport.write(mail, to: path)
        let ip = IPAddress("192.0.2.60")!
        let run = try Pipeline.run(.correlation(paths: [path.path], zone: "UTC", year: 2026, asked: [ip], wholeWindow: true))
        var o = ExplainOptions()
        o.ips = [ip]
        let d = try #require(Correlator(run: run, options: o).report().devices.first)
        #expect(d.timeline.first?.event == "auth-failure")
        #expect(d.timeline.count == 11 && d.timelineOmitted == 590)
    }
}
