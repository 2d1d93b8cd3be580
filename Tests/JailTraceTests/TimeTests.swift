import Foundation
import Testing
@testable import JailTrace

struct TimeTests {
    /// Postfix connect lines at the given year-less stamps, one address each (192.0.2.1, .2, …),
    /// read with `year` in `zone`: each line's UTC time, in line order.
    static func utcTimes(_ stamps: [String], year: Int? = 2026, zone: String = "Europe/Berlin") throws -> [String] {
        let log = stamps.enumerated().map { "\($0.element) mx postfix/smtpd[1]: connect from unknown[192.0.2.\($0.offset + 1)]" }.joined(separator: "\n") + "\n"
        let byIP = Dictionary(uniqueKeysWithValues: try TestSupport.run([("maillog", log)], year: year, zone: zone).events.map { ($0.ip!.description, CivilTime.rfc3339(micros: $0.time)) })
        return stamps.indices.map { byIP["192.0.2.\($0 + 1)"] ?? "-" }
    }

    @Test func civilRoundTripAndFeb29() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = CivilTime.civilFromDays(days)
            #expect(CivilTime.daysFromCivil(y, m, d) == days)
        }
        #expect(CivilTime.isValid(2024, 2, 29) && !CivilTime.isValid(2025, 2, 29) && !CivilTime.isValid(2100, 2, 29) && CivilTime.isValid(2000, 2, 29))
        #expect(CivilTime.parseDateTime("2025-02-29T10:00:00") == nil)   // no silent shift to March 1
        #expect(CivilTime.rfc3339(micros: CivilTime.parseDateTime("2024-02-29T23:59:59.5Z")!.micros) == "2024-02-29T23:59:59.5Z")
    }

    @Test func berlinSpringForwardGap() {
        let z = Zone(identifier: "Europe/Berlin")!
        // 2026-03-29 01:59:59 CET = 00:59:59Z; 02:30 does not exist; 03:00 CEST = 01:00Z.
        let local = { (h: Int, m: Int) in Int64(CivilTime.daysFromCivil(2026, 3, 29)) * 86400 + Int64(h * 3600 + m * 60) }
        let base = Int64(CivilTime.daysFromCivil(2026, 3, 29)) * 86400
        #expect(z.utc(fromLocal: local(1, 59)) == base + 59 * 60)
        #expect(z.utc(fromLocal: local(3, 0)) == base + 3600)
        // 02:30 never happened: placed at the jump (01:00Z), after 01:59 CET and not after 03:05 CEST.
        #expect(z.utc(fromLocal: local(2, 30)) == base + 3600)
        #expect(z.utc(fromLocal: local(2, 0)) == base + 3600 && z.utc(fromLocal: local(2, 59)) == base + 3600)
        #expect(z.utc(fromLocal: local(3, 5)) == base + 3600 + 5 * 60)
    }

    @Test func berlinFallBackRepeatKeepsOrder() throws {
        // 2026-10-25: 02:00–02:59 happens twice (CEST, then CET). A file going 02:50 → 02:10
        // is the second pass, an hour later, not 40 minutes earlier.
        let log = """
        2026-10-25 01:50:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.1
        2026-10-25 02:50:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.2
        2026-10-25 02:10:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.3
        2026-10-25 03:10:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.4

        """
        let run = try TestSupport.run([("fail2ban.log", log)], zone: "Europe/Berlin")
        let times = run.events.map { CivilTime.rfc3339(micros: $0.time) }
        #expect(times == ["2026-10-24T23:50:00Z", "2026-10-25T00:50:00Z", "2026-10-25T01:10:00Z", "2026-10-25T02:10:00Z"])
        #expect(run.events.map { $0.ip!.description } == ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"])
    }

    /// A rotation inside the repeated hour: the newer file starts at 02:00 after the older one
    /// ended at 02:50 — its first lines are the second pass (full dates and year-less alike);
    /// a file of another kind, or one starting hours away, is not carried along.
    @Test func aRotationInTheRepeatedHourGoesOnFromTheOlderFile() throws {
        let older = "2026-10-25 01:50:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.1\n"
            + "2026-10-25 02:50:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.2\n"
        let newer = "2026-10-25 02:00:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Unban 192.0.2.2\n"
            + "2026-10-25 03:10:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.4\n"
        let run = try TestSupport.run([("fail2ban.log.1", older), ("fail2ban.log", newer)], zone: "Europe/Berlin")
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2026-10-24T23:50:00Z", "2026-10-25T00:50:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:10:00Z"])
        let mailOld = "Oct 25 01:30:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\nOct 25 02:50:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\n"
        let mailNew = "Oct 25 02:05:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.3]\nOct 25 04:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.4]\n"
        let m = try TestSupport.run([("maillog.1", mailOld), ("maillog", mailNew)], zone: "Europe/Berlin")
        #expect(m.events.map { $0.ip!.description } == ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"])
        #expect(m.events.first { $0.ip == IPAddress("192.0.2.3") }.map { CivilTime.rfc3339(micros: $0.time) } == "2026-10-25T01:05:00Z")
        // The same newer file alone (nothing to go on from): the first pass, as ever.
        let alone = try TestSupport.run([("maillog", mailNew)], zone: "Europe/Berlin")
        #expect(alone.events.first.map { CivilTime.rfc3339(micros: $0.time) } == "2026-10-25T00:05:00Z")
    }

    /// `Found <ip> - <date>` in the repeated hour: the date is read on the same pass as the
    /// Found line itself (it names the matched line, just before), so a Found of the second
    /// 02:10 links to the failure of the second 02:09:59, not to the first.
    @Test func foundDateInTheRepeatedHourFollowsItsLine() throws {
        let f2b = """
        2026-10-25 02:10:00,000 fail2ban.filter         [100]: INFO    [postfix-sasl] Found 192.0.2.8 - 2026-10-25 02:09:59
        2026-10-25 02:40:00,000 fail2ban.filter         [100]: INFO    [postfix-sasl] Found 192.0.2.8 - 2026-10-25 02:39:59
        2026-10-25 02:10:00,000 fail2ban.filter         [100]: INFO    [postfix-sasl] Found 192.0.2.8 - 2026-10-25 02:09:59
        2026-10-25 02:10:01,000 fail2ban.actions        [100]: NOTICE  [postfix-sasl] Ban 192.0.2.8

        """
        let mail = """
        Oct 25 02:09:59 mx postfix/smtpd[1]: warning: unknown[192.0.2.8]: SASL LOGIN authentication failed: first
        Oct 25 02:39:59 mx postfix/smtpd[1]: warning: unknown[192.0.2.8]: SASL LOGIN authentication failed: first
        Oct 25 02:09:59 mx postfix/smtpd[1]: warning: unknown[192.0.2.8]: SASL LOGIN authentication failed: second

        """
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)], year: 2026, zone: "Europe/Berlin")
        let dates = run.events.filter { $0.kind == .found }.sorted { $0.line < $1.line }.map { CivilTime.rfc3339(micros: $0.extra!) }
        #expect(dates == ["2026-10-25T00:09:59Z", "2026-10-25T00:39:59Z", "2026-10-25T01:09:59Z"])
        var options = ExplainOptions()
        options.ips = [IPAddress("192.0.2.8")!]
        let report = Correlator(run: run, options: options).report()
        #expect(report.devices.first?.bans.first?.failures.map(\.line) == [3])
    }

    /// A line logged a few seconds late in the repeated hour stays in its own pass: 02:10:03
    /// after 02:10:05 is the first pass still (two seconds back), not the second (an hour on).
    @Test func lateLineInTheRepeatedHourStaysInItsPass() throws {
        // 02:05 after 02:20 is 15 minutes back: the second pass; a late line there stays in it.
        #expect(try Self.utcTimes(["Oct 25 02:10:00", "Oct 25 02:10:05", "Oct 25 02:10:03", "Oct 25 02:20:00", "Oct 25 02:05:00", "Oct 25 02:04:58"])
                == ["2026-10-25T00:10:00Z", "2026-10-25T00:10:05Z", "2026-10-25T00:10:03Z", "2026-10-25T00:20:00Z", "2026-10-25T01:05:00Z", "2026-10-25T01:04:58Z"])
    }

    /// A December line logged just after the first January lines is from the old year: one
    /// rollover, not two (it gave the late line, and every line after it, a year too many).
    @Test func lateDecemberLineAtNewYear() throws {
        let log = """
        Dec 31 23:59:58 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]
        Jan  1 00:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]
        Dec 31 23:59:59 mx postfix/smtpd[1]: connect from unknown[192.0.2.3]
        Jan  1 00:00:01 mx postfix/smtpd[1]: connect from unknown[192.0.2.4]

        """
        for year in [2027, nil] as [Int?] {
            var files = [("maillog", log)]
            if year == nil { files.append(("fail2ban.log", "2027-01-01 00:00:05,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.9\n")) }
            let run = try TestSupport.run(files, year: year)
            let times = run.events.filter { $0.kind == .connect }.map { CivilTime.rfc3339(micros: $0.time) }
            #expect(times == ["2026-12-31T23:59:58Z", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z", "2027-01-01T00:00:01Z"])
        }
    }

    /// The late-December rule needs Dec 31 right after Jan 1: a real jump from January to
    /// December (a log with a gap) stays in the same year.
    @Test func aJanuaryToDecemberGapIsNotALateLine() throws {
        #expect(try Self.utcTimes(["Jan 10 10:00:00", "Dec 10 10:00:00", "Dec 11 10:00:00"], zone: "UTC")
                == ["2026-01-10T10:00:00Z", "2026-12-10T10:00:00Z", "2026-12-11T10:00:00Z"])
    }

    /// A chunk of a big file that starts with a late Dec 31 line: read as one pass reads it.
    @Test func lateDecemberLineAtAChunkStart() throws {
        func line(_ stamp: String, _ k: Int) -> String { "\(stamp) mx postfix/smtpd[1]: connect from unknown[192.0.2.\(10 + k)]" }
        let stamps = ["Dec 31 23:59:50", "Dec 31 23:59:51", "Dec 31 23:59:52", "Jan  1 00:00:01", "Jan  1 00:00:02", "Jan  1 00:00:03",
                      "Jan  1 00:00:04", "Dec 31 23:59:59", "Jan  1 00:00:05", "Jan  1 00:00:06", "Jan  1 00:00:07", "Jan  1 00:00:08"]
        let text = stamps.enumerated().map { line($0.element, $0.offset) }.joined(separator: "\n") + "\n"
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("maillog")
        TestSupport.write(text, to: path)
        var whole = RunOptions(paths: [path.path], zone: "UTC", year: 2026)
        whole.chunks = 1
        var chunked = whole
        chunked.chunkBytes = 1
        chunked.chunks = 2
        func times(_ o: RunOptions) throws -> [String: String] {
            Dictionary(uniqueKeysWithValues: try Pipeline.run(o).events.map { ($0.ip!.description, CivilTime.rfc3339(micros: $0.time)) })
        }
        let one = try times(whole), two = try times(chunked)
        #expect(one["192.0.2.17"] == "2025-12-31T23:59:59Z" && one["192.0.2.21"] == "2026-01-01T00:00:08Z" && one["192.0.2.10"] == "2025-12-31T23:59:50Z")
        #expect(one == two)
    }

    /// A line 15 s late, then the log goes on where it was: the late line stays in the first
    /// pass and does not drag the lines after it into the second (nor the real second pass into
    /// the first).
    @Test func aLateLineDoesNotDragThePassesAround() throws {
        #expect(try Self.utcTimes(["Oct 25 02:10:00", "Oct 25 02:10:20", "Oct 25 02:10:05", "Oct 25 02:10:30", "Oct 25 02:40:00", "Oct 25 02:05:00", "Oct 25 03:10:00"])
                == ["2026-10-25T00:10:00Z", "2026-10-25T00:10:20Z", "2026-10-25T00:10:05Z", "2026-10-25T00:10:30Z", "2026-10-25T00:40:00Z",
                    "2026-10-25T01:05:00Z", "2026-10-25T02:10:00Z"])
    }

    /// A quiet server: a line 30 s behind the one before at the switch is the second pass (the
    /// jitter margin is seconds, not minutes).
    @Test func aSecondPassRightAfterTheSwitch() throws {
        #expect(try Self.utcTimes(["Oct 25 02:01:00", "Oct 25 02:00:30", "Oct 25 02:30:00"])
                == ["2026-10-25T00:01:00Z", "2026-10-25T01:00:30Z", "2026-10-25T01:30:00Z"])
        // Five minutes back after a quiet hour, the next line a minute on: the second pass still.
        #expect(try Self.utcTimes(["Oct 25 02:40:00", "Oct 25 02:55:00", "Oct 25 02:50:00", "Oct 25 02:56:00", "Oct 25 03:05:00"])
                == ["2026-10-25T00:40:00Z", "2026-10-25T00:55:00Z", "2026-10-25T01:50:00Z", "2026-10-25T01:56:00Z", "2026-10-25T02:05:00Z"])
    }

    @Test func yearRolloverInsideAFile() throws {
        let log = """
        Dec 31 23:59:58 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]
        Jan  1 00:00:02 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]

        """
        let run = try TestSupport.run([("maillog", log)], year: 2027)
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2026-12-31T23:59:58Z", "2027-01-01T00:00:02Z"])
    }

    @Test func yearFromFullDatesAcrossRotations() throws {
        // maillog.1 holds December, maillog January; fail2ban.log (full dates) spans both.
        let f2b = """
        2026-12-31 10:00:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.9
        2027-01-02 10:00:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Unban 192.0.2.9

        """
        let old = "Dec 31 12:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"
        let new = "Jan  2 12:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\n"
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog.1", old), ("maillog", new)], year: nil)
        let byIP = Dictionary(uniqueKeysWithValues: run.events.filter { $0.kind == .connect }.map { ($0.ip!.description, CivilTime.rfc3339(micros: $0.time)) })
        #expect(byIP["192.0.2.1"] == "2026-12-31T12:00:00Z")
        #expect(byIP["192.0.2.2"] == "2027-01-02T12:00:00Z")
    }

    @Test func yearFromTheOptionAcrossRotations() throws {
        // --year names the year of the newest line; the older rotation holds December of the year before.
        let dir = TestSupport.tempDir()
        let old = dir.appendingPathComponent("maillog.1"), new = dir.appendingPathComponent("maillog")
        TestSupport.write("Dec 31 12:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n", to: old)
        TestSupport.write("Jan  2 12:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\n", to: new)
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2027))
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2026-12-31T12:00:00Z", "2027-01-02T12:00:00Z"])
    }

    /// Year-less rotations copied off a server without their times: the copies' modification
    /// times follow the copy (here the newest file was copied first) and the names can mislead;
    /// the order, and so the year of each file, comes from the times inside.
    @Test(arguments: [nil, 2027] as [Int?])
    func yearlessRotationsOrderedByTheirOwnTimes(year: Int?) throws {
        let dir = TestSupport.tempDir()
        func line(_ stamp: String, _ k: Int) -> String { "\(stamp) mx postfix/smtpd[1]: connect from unknown[192.0.2.\(k)]\n" }
        // Weekly rotations around a new year, named and timed in a scrambled order.
        let files: [(name: String, text: String, mtime: String)] = [
            ("maillog", line("Jan  6 08:00:00", 4) + line("Jan 12 08:00:00", 5), "2027-01-13 09:00:00"),
            ("maillog.3", line("Dec 16 08:00:00", 1) + line("Dec 22 08:00:00", 2), "2027-01-13 09:00:09"),
            ("maillog.1", line("Dec 23 08:00:00", 3) + line("Dec 31 23:00:00", 3) + line("Jan  5 08:00:00", 3), "2027-01-13 09:00:02"),
        ]
        for f in files {
            let u = dir.appendingPathComponent(f.name)
            TestSupport.write(f.text, to: u)
            #expect(TestSupport.sh("touch -d '\(f.mtime)' '\(u.path)'") == 0)
        }
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: year))
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == [
            "2026-12-16T08:00:00Z", "2026-12-22T08:00:00Z", "2026-12-23T08:00:00Z", "2026-12-31T23:00:00Z",
            "2027-01-05T08:00:00Z", "2027-01-06T08:00:00Z", "2027-01-12T08:00:00Z"])
        #expect(run.events.map { $0.ip!.description } == ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.3", "192.0.2.3", "192.0.2.4", "192.0.2.5"])
    }

    /// When the times inside cannot tell where the year turns (here one file covers January to
    /// November and the other December: both orders fit), the modification times decide.
    @Test func ambiguousYearlessOrderFallsBackToModificationTimes() throws {
        let dir = TestSupport.tempDir()
        let a = dir.appendingPathComponent("maillog.1"), b = dir.appendingPathComponent("maillog")
        TestSupport.write("Jan  1 08:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\nNov 30 08:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n", to: a)
        TestSupport.write("Dec  1 08:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\nDec 31 08:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\n", to: b)
        #expect(TestSupport.sh("touch -d '2027-01-01 09:00:00' '\(a.path)' && touch -d '2027-01-01 10:00:00' '\(b.path)'") == 0)
        let same = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        #expect(same.events.map { CivilTime.rfc3339(micros: $0.time).prefix(10) } == ["2026-01-01", "2026-11-30", "2026-12-01", "2026-12-31"])
        #expect(TestSupport.sh("touch -d '2027-01-01 11:00:00' '\(a.path)'") == 0)
        let turned = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        #expect(turned.events.map { CivilTime.rfc3339(micros: $0.time).prefix(10) } == ["2025-12-01", "2025-12-31", "2026-01-01", "2026-11-30"])
    }

    /// Year-less logs written side by side (the syslog mail log and Dovecot's own log, two
    /// servers) over a new year: each is placed beside the other, not after it (each after the
    /// other's rollover was a year late), with or without `--year`.
    @Test(arguments: [nil, 2027] as [Int?])
    func yearlessLogsSideBySideOverANewYear(year: Int?) throws {
        let dir = TestSupport.tempDir()
        let mail = dir.appendingPathComponent("maillog"), dovecot = dir.appendingPathComponent("dovecot.log")
        TestSupport.write("Dec 28 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\nJan  3 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.4]\n", to: mail)
        TestSupport.write("""
            Dec 29 10:00:00 imap-login: Info: Login: user=<bob@example.org>, method=PLAIN, rip=192.0.2.2, lip=203.0.113.5, mpid=5001, TLS, session=<a1>
            Dec 30 10:00:00 imap-login: Info: Login: user=<bob@example.org>, method=PLAIN, rip=192.0.2.3, lip=203.0.113.5, mpid=5002, TLS, session=<a2>

            """, to: dovecot)
        #expect(TestSupport.sh("touch -d '2027-01-03 12:00:00' '\(mail.path)' '\(dovecot.path)'") == 0)
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: year))
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time).prefix(10) } == ["2026-12-28", "2026-12-29", "2026-12-30", "2027-01-03"])
        #expect(run.events.map { $0.ip!.description } == ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"])
    }

    /// A year-less log (fail2ban writing to syslog) takes its year from the date in `Found … -
    /// <date>` (SPEC §1), not from the file's modification time.
    @Test func foundDateGivesAYearlessLogItsYear() throws {
        let dir = TestSupport.tempDir()
        let u = dir.appendingPathComponent("maillog")
        TestSupport.write("""
            Jun  5 13:58:40 mx postfix/submission/smtpd[6150]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
            Jun  5 13:58:41 mx fail2ban.filter[6605]: INFO [postfix-sasl] Found 198.51.100.23 - 2024-06-05 13:58:40
            Jun  5 14:04:22 mx fail2ban.actions[6605]: NOTICE [postfix-sasl] Ban 198.51.100.23

            """, to: u)
        #expect(TestSupport.sh("touch -d '2026-07-01 12:00:00' '\(u.path)'") == 0)
        let run = try Pipeline.run(RunOptions(paths: [u.path], zone: "UTC"))
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2024-06-05T13:58:40Z", "2024-06-05T13:58:41Z", "2024-06-05T14:04:22Z"])
    }

    /// A Feb 29 line proves a leap year: logs copied in 2026 without their times are from 2024,
    /// not 2026. With `--year` naming a year without one, the line is read as Mar 1 (after Feb
    /// 28's lines, not before them) and a warning says so.
    @Test func feb29PicksALeapYear() throws {
        let dir = TestSupport.tempDir()
        let u = dir.appendingPathComponent("maillog")
        func line(_ stamp: String, _ k: Int) -> String { "\(stamp) mx postfix/smtpd[1]: connect from unknown[192.0.2.\(k)]\n" }
        TestSupport.write(line("Feb 28 23:00:00", 1) + line("Feb 29 10:00:00", 2) + line("Mar  1 10:00:00", 3), to: u)
        #expect(TestSupport.sh("touch -d '2026-07-01 12:00:00' '\(u.path)'") == 0)
        let run = try Pipeline.run(RunOptions(paths: [u.path], zone: "UTC"))
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2024-02-28T23:00:00Z", "2024-02-29T10:00:00Z", "2024-03-01T10:00:00Z"])
        #expect(run.files[0].notes.contains { $0.contains("Feb 29") })
        let forced = try Pipeline.run(RunOptions(paths: [u.path], zone: "UTC", year: 2026))
        #expect(forced.events.map { $0.ip!.description } == ["192.0.2.1", "192.0.2.2", "192.0.2.3"])
        #expect(forced.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2026-02-28T23:00:00Z", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"])
        #expect(forced.files[0].warnings.contains { $0.contains("Feb 29 in a year without one") })
    }

    /// Days a month never has and offsets past ±23:59 are not times: such lines are counted
    /// unrecognised (`Feb 30` was read as Mar 2, `+99:99` as an offset of 100 h). A byte
    /// order mark before the first line does not cost that line.
    @Test func impossibleDatesAndOffsetsAreNotTimes() throws {
        let log = "\u{FEFF}Jun  5 09:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.9]\n"
            + "Feb 30 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"
            + "Jun 31 10:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]\n"
            + "2026-06-05T10:00:00+99:99 mx postfix/smtpd[1]: connect from unknown[192.0.2.4]\n"
            + "2026-06-05T10:00:00+24:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.5]\n"
            + "2026-06-05T10:00:00-05:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.6]\n"
        let run = try TestSupport.run([("maillog", log)])
        #expect(run.events.map { $0.ip!.description } == ["192.0.2.9", "192.0.2.6"])
        #expect(run.files[0].unrecognized == 4)
    }

    /// `UTC+5` is 5 h east to Foundation and 5 h west to POSIX `TZ`: as `--tz` it is refused
    /// (Etc/GMT-5 says it clearly); as `TZ` it is read the POSIX way, as glibc does. `TZ` may
    /// also name a zone file by path.
    @Test func signedOffsetNamesAndPosixTZ() {
        #expect(Zone(identifier: "UTC+5") == nil && Zone(identifier: "GMT-03:00") == nil)
        #expect(Zone(identifier: "Etc/GMT-5")?.offset(atUTC: 0) == 5 * 3600)
        #expect(Zone.posixFixedOffset("UTC+5") == "Etc/GMT+5" && Zone.posixFixedOffset("JST-9") == "Etc/GMT-9")
        #expect(Zone.posixFixedOffset("UTC0") == "Etc/GMT" && Zone.posixFixedOffset("Europe/Berlin") == nil)
        #expect(Zone.posixFixedOffset("EST5EDT") == nil, "a rule with daylight saving is a tz database name")
        #expect(Zone(identifier: Zone.posixFixedOffset("UTC+5")!)?.offset(atUTC: 0) == -5 * 3600)
        #expect(Zone.zoneFile("/usr/share/zoneinfo/Asia/Tokyo") == "Asia/Tokyo")
    }

    @Test func offsetsAreKept() throws {
        let log = """
        2026-06-05T14:04:22.123456+02:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]
        2026-06-05T14:04:22+0200 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]

        """
        let run = try TestSupport.run([("maillog", log)], zone: "America/New_York")
        #expect(run.events.map { CivilTime.rfc3339(micros: $0.time) } == ["2026-06-05T12:04:22Z", "2026-06-05T12:04:22.123456Z"])
    }
}
