import Foundation
import Testing
@testable import JailTrace

/// Copied fail2ban databases: read-only, schema v1/v2 (fail2ban's own test databases) and v4.
struct DatabaseTests {
    @Test func schemaV4BansMergeWithTheLog() throws {
        let dir = TestSupport.tempDir()
        let db = dir.appendingPathComponent("fail2ban.sqlite3")
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/fail2ban-v4.sqlite3"), to: db)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        // The log holds the same ban one second after timeofban, and the laptop's last login.
        TestSupport.write("""
        2026-06-05 14:04:22,108 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Ban 198.51.100.23
        2026-06-05 18:00:00,000 fail2ban.actions        [812]: NOTICE  [sshd] Ban 192.0.2.200

        """, to: dir.appendingPathComponent("fail2ban.log"))
        TestSupport.write("Jun  5 13:50:00 mx dovecot: imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=42, TLS, session=<s1>\n",
                          to: dir.appendingPathComponent("maillog"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC"))
        let dbFile = run.files.first { $0.kind == .fail2banDatabase }!
        // Two valid rows, the laptop's with one matched line; a row without a valid address.
        #expect(dbFile.eventCount == 3 && dbFile.unrecognized == 1 && dbFile.lines == 4)
        #expect(dbFile.warnings.contains { $0.contains("1 ban row(s)") })
        let report = Correlator(run: run, options: ExplainOptions()).report()
        let laptop = report.devices.first { $0.ip == "198.51.100.23" }!
        #expect(laptop.verdict == "banned")
        #expect(laptop.bans.count == 1, "database row and log line are one ban")
        #expect(laptop.bans.first?.start == "2026-06-05T14:04:22.108Z")
        // The row's matched line is the ban's failure (its mail-log line was not copied).
        let failure = try #require(laptop.bans.first?.failures.first)
        #expect(laptop.bans.first?.failures.count == 1)
        #expect(failure.time == "2026-06-05T14:04:21Z" && failure.service == "postfix/submission/smtpd" && failure.file.hasSuffix("fail2ban.sqlite3"))
        // The database was not written to (no journal, no WAL beside it).
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("fail2ban.sqlite3") } == before.filter { $0.hasPrefix("fail2ban.sqlite3") })
        var ipOptions = ExplainOptions()
        ipOptions.ips = [IPAddress("203.0.113.50")!]
        let attacker = Correlator(run: run, options: ipOptions).report().devices[0]
        #expect(attacker.verdict == "never-authenticated")
        #expect(attacker.bans.first?.endReason == "expired" && attacker.bans.first?.end == "2026-06-05T09:00:00Z")
    }

    /// A database copied with its `-wal` file (bans fail2ban wrote since its last checkpoint):
    /// read with it, from a private copy — nothing is written beside the evidence. A truncated
    /// copy names SQLite's complaint and, alone, is no readable input.
    @Test func walFileIsReadAndDamageIsNamed() throws {
        let dir = TestSupport.tempDir()
        for name in ["fail2ban.sqlite3", "fail2ban.sqlite3-wal"] {
            try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/wal/" + name), to: dir.appendingPathComponent(name))
        }
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC"))
        #expect(run.events.contains { $0.ip == IPAddress("192.0.2.99") }, "the ban held only in the WAL")
        #expect(run.files[0].notes.contains { $0.contains("-wal") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["fail2ban.sqlite3", "fail2ban.sqlite3-wal"])
        let truncated = TestSupport.fixtures.appendingPathComponent("databases/truncated.sqlite3").path
        #expect(throws: UsageError.self) { _ = try Pipeline.run(RunOptions(paths: [truncated], zone: "UTC")) }
        let mixed = try Pipeline.run(RunOptions(paths: [truncated, dir.path], zone: "UTC"))
        #expect(mixed.files[0].warnings.contains { $0.contains("malformed") }, "\(mixed.files[0].warnings)")
        // Damaged in the middle (two pages overwritten): the rows before the damage are read,
        // in the table's order (a sort would have to read every row first, and read none).
        let damaged = TestSupport.fixtures.appendingPathComponent("databases/damaged-v4.sqlite3").path
        let partial = try Pipeline.run(RunOptions(paths: [damaged], zone: "UTC"))
        let f = try #require(partial.files.first)
        let bans = partial.events.filter { $0.kind == .ban }.count
        #expect(bans > 600 && bans < 1500, "\(bans) of 1500 rows")
        #expect(f.warnings.contains { $0.contains("malformed") && $0.contains("\(bans) ban row(s) before the damage were read") }, "\(f.warnings)")
        #expect(f.accounted == f.lines)
    }

    @Test func fail2banTestDatabases() throws {
        guard let corpus = TestSupport.corpus else {
            print("SKIPPED: ../shared/corpus not found; fail2ban's database_v1/v2 were not read")
            return
        }
        let v2 = corpus.appendingPathComponent("fail2ban-tests/database_v2.db").path
        let v1 = corpus.appendingPathComponent("fail2ban-tests/database_v1.db").path
        let run = try Pipeline.run(RunOptions(paths: [v2, v1], zone: "UTC"))
        let bans = run.events.filter { $0.file == 0 && $0.kind == .ban }
        #expect(bans.map { $0.ip!.description } == ["1.2.3.7", "1.2.3.8"])
        #expect(bans.allSatisfy { $0.jail == "pam-generic" && $0.detail!.contains("3 matched lines") })
        // Their matched lines (`Dec  3 09:31:08 f2btest …`, year from the ban) are the bans' failures.
        let matched = run.events.filter { $0.file == 0 && $0.kind == .found }
        #expect(matched.count == 6 && matched.allSatisfy { $0.jail == "pam-generic" })
        #expect(matched.filter { $0.ip!.description == "1.2.3.7" }.map { CivilTime.rfc3339(micros: $0.time) }
                == ["2014-12-03T09:31:08Z", "2014-12-03T09:31:32Z", "2014-12-03T09:31:34Z"])
        var o = ExplainOptions()
        o.ips = [IPAddress("1.2.3.7")!]
        let ban = try #require(Correlator(run: run, options: o).report().devices.first?.bans.first)
        #expect(ban.failures.map(\.time) == ["2014-12-03T09:31:08Z", "2014-12-03T09:31:32Z", "2014-12-03T09:31:34Z"])
        // v1's odd row matched "abc": no time, no failure.
        let odd = run.events.filter { $0.file == 1 }
        #expect(odd.count == 1 && odd[0].jail == "DummyJail #29162448 with 0 tickets")
        #expect(run.allWarnings.isEmpty)
    }
}

extension DatabaseTests {
    /// A ban known only from a database row (its Unban was in a rotated-away log) whose time ran
    /// out ends `expired` at timeofban + bantime, also when later records of the jail follow:
    /// a new Ban of the address is a new ban, a stop does not end it as `stopped`.
    @Test func aDatabaseBanLapsesBeforeLaterRecords() throws {
        let login = "Jun  3 12:00:00 mx dovecot: imap-login: Login: user=<carol@example.org>, method=PLAIN, rip=203.0.113.45, lip=10.0.0.1, mpid=7, TLS, session=<l1>\n"
        let logs: [(String, [(String, String?, String?)])] = [
            // A new ban two days later, ended by hand.
            ("""
             2026-06-05 09:00:00,000 fail2ban.jail           [9]: INFO    Creating new jail 'dovecot'
             2026-06-05 09:00:00,010 fail2ban.actions        [9]: INFO      banTime: 86400
             2026-06-05 09:00:00,100 fail2ban.jail           [9]: INFO    Jail 'dovecot' started
             2026-06-05 10:00:40,200 fail2ban.actions        [9]: NOTICE  [dovecot] Ban 203.0.113.45
             2026-06-05 10:10:40,500 fail2ban.actions        [9]: NOTICE  [dovecot] Unban 203.0.113.45

             """, [("2026-06-03T18:02:00Z", "2026-06-04T18:02:00Z", "expired"), ("2026-06-05T10:00:40.2Z", "2026-06-05T10:10:40.5Z", "manual")]),
            // A restart long after the row's ban ran out.
            ("""
             2026-06-05 23:10:00,000 fail2ban.server         [9]: INFO    Shutdown in progress...
             2026-06-05 23:10:00,050 fail2ban.actions        [9]: NOTICE  [dovecot] Flush ticket(s) with iptables-multiport
             2026-06-05 23:10:00,092 fail2ban.jail           [9]: INFO    Jail 'dovecot' stopped
             2026-06-05 23:10:02,000 fail2ban.server         [10]: INFO    Starting Fail2ban v1.0.2
             2026-06-05 23:10:02,300 fail2ban.jail           [10]: INFO    Jail 'dovecot' started

             """, [("2026-06-03T18:02:00Z", "2026-06-04T18:02:00Z", "expired")]),
        ]
        for (f2b, want) in logs {
            let dir = TestSupport.tempDir()
            try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/lapsed-v4.sqlite3"),
                                             to: dir.appendingPathComponent("fail2ban.sqlite3"))
            TestSupport.write(f2b, to: dir.appendingPathComponent("fail2ban.log"))
            TestSupport.write(login, to: dir.appendingPathComponent("maillog"))
            let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
            let device = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first)
            #expect(device.bans.map { [$0.start, $0.end, $0.endReason] } == want.map { [$0.0, $0.1, $0.2] })
            // The row's matched line is its ban's failure.
            #expect(device.bans.first?.failures.map(\.time) == ["2026-06-03T18:01:58Z"])
        }
    }

    /// The same failures in fail2ban's log (Found lines) and in a database row's matched lines
    /// count once, and the timeline lists them once.
    @Test func logAndDatabaseFailuresCountOnce() throws {
        let dir = TestSupport.tempDir()
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/lapsed-v4.sqlite3"),
                                         to: dir.appendingPathComponent("fail2ban.sqlite3"))
        TestSupport.write("""
            2026-06-03 18:01:58,500 fail2ban.filter         [9]: INFO    [dovecot] Found 203.0.113.45 - 2026-06-03 18:01:58
            2026-06-03 18:02:00,100 fail2ban.actions        [9]: NOTICE  [dovecot] Ban 203.0.113.45

            """, to: dir.appendingPathComponent("fail2ban.log"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        var o = ExplainOptions()
        o.ips = [IPAddress("203.0.113.45")!]
        let d = try #require(Correlator(run: run, options: o).report().devices.first)
        #expect(d.summary.contains("(1 auth failure, 1 ban)"), "\(d.summary)")
        #expect(d.timeline.filter { $0.event == "found" }.count == 1)
        #expect(d.bans.count == 1 && d.bans.first?.failures.count == 1)
    }
}

extension DatabaseTests {
    /// A 0.9/0.10 database has no bantime column: its row's length is fail2ban's default only
    /// as a guess, so later records of the jail do not end the ban at it (the log's Unban does).
    /// A bantime of -2 (fail2ban's upgrade: unknown) is not a permanent ban.
    @Test func rowsWithoutAKnownLengthDoNotLapse() throws {
        let dir = TestSupport.tempDir()
        // The row of lapsed-v4 (2026-06-03 18:02) with bantime -2: no length known.
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/unknown-length-v4.sqlite3"),
                                         to: dir.appendingPathComponent("fail2ban.sqlite3"))
        TestSupport.write("""
            2026-06-03 18:30:00,000 fail2ban.actions        [9]: NOTICE  [dovecot] Flush ticket(s) with iptables-multiport
            2026-06-04 08:00:00,000 fail2ban.actions        [9]: NOTICE  [dovecot] Unban 203.0.113.45

            """, to: dir.appendingPathComponent("fail2ban.log"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        var o = ExplainOptions()
        o.ips = [IPAddress("203.0.113.45")!]
        let d = try #require(Correlator(run: run, options: o).report().devices.first)
        // The manual flush (not a stop) ends it by hand; not a lapse at a guessed 10 minutes.
        #expect(d.bans.map { [$0.start, $0.end, $0.endReason] } == [["2026-06-03T18:02:00Z", "2026-06-03T18:30:00Z", "manual"]])
        #expect(run.events.first { $0.kind == .ban }?.detail?.contains("bantime") == false)
    }
}

extension DatabaseTests {
    /// A row's matched line names its program: it is linked only to a mail-log line of that
    /// program (a Postfix reject in the same second is another line).
    @Test func matchedLinesLinkOnlyToTheirProgramsLines() throws {
        let dir = TestSupport.tempDir()
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/lapsed-v4.sqlite3"),
                                         to: dir.appendingPathComponent("fail2ban.sqlite3"))
        TestSupport.write("Jun  3 18:01:58 mx postfix/smtpd[5]: NOQUEUE: reject: RCPT from unknown[203.0.113.45]: 554 5.7.1 <x@example.net>: Relay access denied; from=<a@b> to=<x@example.net> proto=ESMTP helo=<x>\n",
                          to: dir.appendingPathComponent("maillog"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        var o = ExplainOptions()
        o.ips = [IPAddress("203.0.113.45")!]
        let failure = try #require(Correlator(run: run, options: o).report().devices.first?.bans.first?.failures.first)
        #expect(failure.file.hasSuffix("fail2ban.sqlite3") && failure.service == "dovecot", "\(failure)")
    }
}

extension DatabaseTests {
    /// A database-only ban follows its jail's bantime as a reload leaves it (fail2ban's ban
    /// manager ends a ticket without a length of its own at the jail's current bantime): a
    /// reload raising it keeps the ban in force past the row's length.
    @Test func aDatabaseBanFollowsAReloadedBantime() throws {
        let dir = TestSupport.tempDir()
        try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/lapsed-v4.sqlite3"),
                                         to: dir.appendingPathComponent("fail2ban.sqlite3"))
        // The row: 2026-06-03 18:02, 1 d. A reload raises the jail's bantime to 2 d; the window
        // ends 2026-06-05 12:00 with no Unban: still banned.
        TestSupport.write("""
            2026-06-04 09:00:00,000 fail2ban.jail           [9]: INFO    Reload jail 'dovecot'
            2026-06-04 09:00:00,010 fail2ban.actions        [9]: INFO      banTime: 172800
            2026-06-04 09:00:00,100 fail2ban.jail           [9]: INFO    Jail 'dovecot' reloaded
            2026-06-05 12:00:00,000 fail2ban.actions        [9]: NOTICE  [dovecot] Ban 198.51.100.99

            """, to: dir.appendingPathComponent("fail2ban.log"))
        TestSupport.write("Jun  3 12:00:00 mx dovecot: imap-login: Login: user=<carol@example.org>, method=PLAIN, rip=203.0.113.45, lip=10.0.0.1, mpid=7, TLS, session=<l1>\n",
                          to: dir.appendingPathComponent("maillog"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        let device = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first { $0.ip == "203.0.113.45" })
        #expect(device.verdict == "banned" && device.bans.first?.end == nil, "\(device.bans.map { [$0.end, $0.endReason] })")
    }
}
