import Foundation
import Testing
@testable import JailTrace

/// Counting, kinds, rotation seams, damaged and hostile input through the whole pipeline.
struct InputHandlingTests {
    static let mail = (1...300).map { "Jun  5 14:\(String(format: "%02d", $0 / 60)):\(String(format: "%02d", $0 % 60)) mx postfix/smtpd[1]: connect from unknown[192.0.2.\($0 % 250 + 1)]" }

    /// An RFC 5424 line whose time is `-` takes the time of the line before it; with none
    /// before it, it is unrecognised — whether or not the command keeps its kind of event (the
    /// counts must not depend on the command).
    @Test func aTimelessLineIsDatedByTheLineBefore() throws {
        let text = "<34>1 - mx postfix/smtpd - - - connect from unknown[198.51.100.4]\n"
            + "<34>1 2026-06-05T14:04:22Z mx postfix/smtpd - - - connect from unknown[198.51.100.5]\n"
            + "<34>1 - mx postfix/smtpd - - - connect from unknown[198.51.100.6]\n"
        let dir = TestSupport.tempDir("nil5424")
        let path = dir.appendingPathComponent("maillog")
        TestSupport.write(text, to: path)
        for keep in [nil, Set<EventKind>([.login])] {
            let run = try Pipeline.run(RunOptions(paths: [path.path], zone: "UTC", keep: keep))
            let f = try #require(run.files.first)
            #expect(f.lines == 3 && f.eventCount == 2 && f.unrecognized == 1, "keep \(String(describing: keep)): \(f.eventCount) events, \(f.unrecognized) unrecognised")
            if keep == nil {
                #expect(run.events.map(\.line) == [2, 3])
                #expect(run.events.map(\.time) == [run.events[0].time, run.events[0].time], "the third line has the second's time")
            }
        }
    }

    /// syslog beside mail.log (Debian writes mail lines to both): each line is one event, the
    /// copy's repeats are noted; a line that is twice in both stays twice; another host's line
    /// with its own pid is not a repeat.
    @Test func syslogBesideMailLogCountsEachLineOnce() throws {
        let fail = "Jun  5 14:00:01 mx postfix/submission/smtpd[7]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
        let mail = [Self.mail[0], fail, fail, Self.mail[1]].joined(separator: "\n") + "\n"
        let syslog = ["Jun  5 14:00:00 mx CRON[5]: (root) CMD (true)", Self.mail[0], fail, fail,
                      "Jun  5 14:00:01 mx fail2ban.actions[6605]: NOTICE [postfix-sasl] Ban 198.51.100.23",
                      "Jun  5 14:00:01 mx postfix/submission/smtpd[8]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
                      Self.mail[1]].joined(separator: "\n") + "\n"
        let run = try TestSupport.run([("mail.log", mail), ("syslog", syslog)])
        #expect(run.events.filter { $0.kind == .authFailure }.count == 3)
        #expect(run.events.filter { $0.kind == .connect }.count == 2)
        #expect(run.events.filter { $0.kind == .ban }.count == 1)
        let copy = try #require(run.files.first { $0.input.path.hasSuffix("syslog") })
        #expect(copy.notes.contains { $0.contains("4 events repeat") && $0.contains("mail.log") }, "\(copy.notes)")
        #expect(copy.accounted == copy.lines)
        // Three inputs with the same lines (mail.log, syslog, mail.info named explicitly): once.
        let three = try TestSupport.run([("mail.log", mail), ("syslog", syslog), ("mail.info", mail)])
        #expect(three.events.filter { $0.kind == .authFailure }.count == 3)
        // Two lines that say the same at one second from two smtpd processes, one in each
        // rotation: two failures (the line's own text differs: its pid).
        let older = "Jun  5 14:00:00 mx postfix/smtpd[11]: warning: unknown[198.51.100.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        let newer = "Jun  5 14:00:00 mx postfix/smtpd[12]: warning: unknown[198.51.100.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        #expect(try TestSupport.run([("mail.log.1", older), ("mail.log", newer)]).events.count == 2)
        // The same line as rsyslog and as `journalctl -o short-iso` wrote it: one failure.
        let journal = "2026-06-05T14:00:00+00:00 mx postfix/smtpd[11]: warning: unknown[198.51.100.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
        #expect(try TestSupport.run([("mail.log", older), ("journal.txt", journal)]).events.count == 1)
        // Many events at one instant in both files: each matched by its content (not a scan).
        let burst = (0..<5000).map { "Jun  5 14:00:00 mx postfix/smtpd[1]: connect from unknown[198.51.\($0 / 250).\($0 % 250)]" }.joined(separator: "\n") + "\n"
        let b = try TestSupport.run([("mail.log", burst), ("syslog", burst)])
        #expect(b.events.count == 5000)
        // A short file whose last line is complete is not "a copy cut mid-line" of a file that
        // starts like it: the newer file's two copies of a line both stay (one was thinned).
        let cutFail = "Jun  5 10:00:00 mx postfix/smtpd[4242]: warning: unknown[198.51.100.7]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
        let shortOld = cutFail + "\nJun  5 10:00:01 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"
        let twice = [cutFail, cutFail, "Jun  5 10:00:02 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]"].joined(separator: "\n") + "\n"
        #expect(try TestSupport.run([("seam_a.log", shortOld), ("seam_b.log", twice)]).events.filter { $0.kind == .authFailure }.count == 2)
        // One file alone keeps its own repeated lines.
        #expect(try TestSupport.run([("mail.log", mail)]).events.filter { $0.kind == .authFailure }.count == 2)
        // Dovecot's own log beside its syslog copy: a passdb failure carrying its session
        // (`<qqq>`) is matched by it, although the two lines are written differently.
        let own = "Jun 05 14:02:01 auth: Info: passwd-file(bob@example.org,198.51.100.7,<qqq>): Password mismatch\n"
        let copied = "Jun  5 14:02:01 mx dovecot: auth: passwd-file(bob@example.org,198.51.100.7,<qqq>): Password mismatch\n"
        #expect(try TestSupport.run([("dovecot.log", own), ("mail.log", copied)]).events.filter { $0.kind == .authFailure }.count == 1)
        let otherSession = copied.replacingOccurrences(of: "<qqq>", with: "<rrr>")
        #expect(try TestSupport.run([("dovecot.log", own), ("mail.log", otherSession)]).events.filter { $0.kind == .authFailure }.count == 2)
    }

    @Test func seamOfOverlappingRotationsIsReadOnce() throws {
        // copytruncate: maillog starts with the last 20 lines of maillog.1.
        let old = Self.mail[0..<200].joined(separator: "\n") + "\n"
        let new = Self.mail[180..<300].joined(separator: "\n") + "\n"
        let run = try TestSupport.run([("maillog.1", old), ("maillog", new)])
        #expect(run.events.count == 300)
        let newer = run.files.first { $0.input.path.hasSuffix("/maillog") }!
        #expect(newer.seamDuplicates == 20 && newer.accounted == newer.lines)
        #expect(newer.notes.contains { $0.contains("repeat the end of") } && newer.warnings.isEmpty)
        // Unrecognised lines in the seam are the older file's: listed (`--unrecognized`) once.
        let odd = "Jun  5 14:00:02 mx postfix/smtpd[1]: qqq weird one\nJun  5 14:00:03 mx postfix/smtpd[1]: qqq weird two\n"
        let seamRun = try TestSupport.run([("mail.log.1", Self.mail[0] + "\n" + odd), ("mail.log", odd + "not a log line\n")])
        let listed = seamRun.files.flatMap { f in f.unrecognizedSamples.map { "\(f.input.path.split(separator: "/").last!):\($0.line)" } }.sorted()
        #expect(listed == ["mail.log.1:2", "mail.log.1:3", "mail.log:3"], "\(listed)")
        #expect(seamRun.files.map(\.unrecognized).reduce(0, +) == 3)
        // A long seam (1,000 lines, a copytruncate that waited): the same, and the per-input
        // counts agree with the events left whether or not the command keeps their kind.
        let many = (1...3000).map { "Jun  5 1\($0 / 3600 + 4):\(String(format: "%02d", $0 / 60 % 60)):\(String(format: "%02d", $0 % 60)) mx postfix/smtpd[1]: connect from unknown[192.0.2.\($0 % 250 + 1)]" }
        let dir = TestSupport.tempDir("longseam")
        TestSupport.write(many[0..<2000].joined(separator: "\n") + "\n", to: dir.appendingPathComponent("maillog.1"))
        TestSupport.write(many[1000...].joined(separator: "\n") + "\n", to: dir.appendingPathComponent("maillog"))
        for keep in [nil, Set<EventKind>([.login])] {
            let long = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026, keep: keep))
            #expect(long.files.map(\.eventCount).reduce(0, +) == 3000, "\(long.files.map(\.eventCount))")
            if keep == nil { #expect(long.events.count == 3000) }
            let n = try #require(long.files.first { $0.input.path.hasSuffix("/maillog") })
            #expect(n.seamDuplicates == 1000 && n.accounted == n.lines && n.ignored == 1000)
        }
    }

    /// A copy of the log taken earlier, beside the log that then grew (or its later rotation):
    /// the newer file starts with every line of the older, far more lines than a seam. Plain,
    /// gzip, in chunks; also when the earlier copy's last line was cut mid-write.
    @Test(arguments: [false, true])
    func earlierCopyOfAGrowingLogIsReadOnce(compressed: Bool) throws {
        var lines: [String] = []
        for k in 0..<3000 {
            let t = String(format: "%02d:%02d:%02d", 8 + k / 3600, k / 60 % 60, k % 60)
            switch k % 3 {
            case 0: lines.append("Jun  5 \(t) mx postfix/smtpd[1]: warning: unknown[192.0.2.\(k % 200 + 1)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6")
            case 1: lines.append("Jun  5 \(t) mx dovecot: imap-login: Login: user=<u\(k % 40)@example.org>, method=PLAIN, rip=198.51.100.\(k % 90 + 1), lip=10.0.0.1, mpid=\(k), TLS, session=<s\(k)>")
            default: lines.append("Jun  5 \(t) mx postfix/qmgr[2]: 4C1F3A2B8E: removed")
            }
        }
        let whole = lines.joined(separator: "\n") + "\n"
        let early = lines[0..<1000].joined(separator: "\n") + "\n"
        func run(_ older: String, chunked: Bool) throws -> Run {
            let dir = TestSupport.tempDir()
            let newer = dir.appendingPathComponent("maillog")
            TestSupport.write(whole, to: newer)
            let copy = dir.appendingPathComponent("maillog-copy")
            TestSupport.write(older, to: copy)
            var copyPath = copy.path
            if compressed {
                #expect(TestSupport.sh("gzip -1 '\(copy.path)'") == 0)
                copyPath += ".gz"
            }
            var o = RunOptions(paths: [newer.path, copyPath], zone: "UTC", year: 2026)
            if chunked { o.chunkBytes = 1; o.chunks = 5 }
            return try Pipeline.run(o)
        }
        let alone = try TestSupport.run([("maillog", whole)])
        for chunked in [false, true] {
            let r = try run(early, chunked: chunked)
            #expect(r.events.count == alone.events.count, "chunked \(chunked)")
            let newer = r.files.first { $0.input.path.hasSuffix("/maillog") }!
            #expect(newer.seamDuplicates == 1000 && newer.accounted == newer.lines)
            #expect(newer.eventCount == 2000 - 667 && newer.notes.contains { $0.contains("are all of") })   // 334 failures, 333 logins repeated
            // Cut while its last line was being written: that line stays the copy's own.
            let cut = String(early.dropLast(25))
            let c = try run(cut, chunked: chunked)
            let n2 = c.files.first { $0.input.path.hasSuffix("/maillog") }!
            #expect(n2.seamDuplicates == 999 && n2.accounted == n2.lines && n2.notes.contains { $0.contains("cut last line") })
            let copy = c.files.first { $0.input.path.contains("copy") }!
            #expect(c.events.count == alone.events.count + (copy.lastOutcome == .event ? 1 : 0))
        }
        // The same first lines but a different line later: not a copy of the file (no seam), but
        // each of its lines that is also in the other input at the same instant is one event
        // (noted), and the line only it has is its own.
        var other = Array(lines[0..<1000])
        other[700] = "Jun  5 08:11:40 mx postfix/qmgr[2]: 5D2A3B4C5D: removed"   // was a login
        let d = try run(other.joined(separator: "\n") + "\n", chunked: false)
        #expect(d.files.allSatisfy { $0.seamDuplicates == 0 })
        #expect(d.events.count == alone.events.count)
        #expect(d.files.contains { $0.notes.contains { $0.contains("events repeat") } }, "\(d.files.map(\.notes))")
        // A short copy (within the seam window) cut mid-line.
        let shortCut = String((lines[0..<100].joined(separator: "\n") + "\n").dropLast(30))
        let e = try run(shortCut, chunked: false)
        #expect(e.files.first { $0.input.path.hasSuffix("/maillog") }!.seamDuplicates == 99)
    }

    /// A stream named as an input (`<(zcat …)`, a pipe into `/dev/stdin`) can be read only once,
    /// yet a file is sniffed before it is parsed: it must still be read whole, under its own name
    /// (it used to be sniffed as a mail log and then read as empty). Compressed too.
    @Test(arguments: [false, true])
    func aStreamIsReadWhole(compressed: Bool) throws {
        var bytes = Array((Self.mail.joined(separator: "\n") + "\n").utf8)
        if compressed {
            let dir = TestSupport.tempDir()
            let text = dir.appendingPathComponent("maillog")
            TestSupport.write(String(decoding: bytes, as: UTF8.self), to: text)
            #expect(TestSupport.sh("gzip -1 '\(text.path)'") == 0)
            bytes = Array(try Data(contentsOf: dir.appendingPathComponent("maillog.gz")))
        }
        // A pipe of this process, named as the shell names `<(…)`: /dev/fd/N.
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        defer { close(readEnd) }
        let payload = bytes
        let writer = Thread {
            payload.withUnsafeBytes { b in
                var done = 0
                while done < b.count {
                    let n = write(writeEnd, b.baseAddress! + done, b.count - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            close(writeEnd)
        }
        writer.start()
        let path = "/dev/fd/\(readEnd)"
        let run = try Pipeline.run(RunOptions(paths: [path], zone: "UTC", year: 2026))
        #expect(run.events.count == 300 && run.files[0].lines == 300)
        #expect(run.files[0].input.path == path && run.files[0].kind == .maillog)
        #expect(run.files[0].compression == (compressed ? .gzip : .none))
    }

    @Test func sameRotationGivenTwiceIsCountedOnce() throws {
        let text = Self.mail.joined(separator: "\n") + "\n"
        let dir = TestSupport.tempDir()
        TestSupport.write(text, to: dir.appendingPathComponent("maillog"))
        TestSupport.write(text, to: dir.appendingPathComponent("maillog-copy"))
        let run = try Pipeline.run(RunOptions(paths: [dir.appendingPathComponent("maillog").path, dir.appendingPathComponent("maillog-copy").path], zone: "UTC", year: 2026))
        #expect(run.events.count == 300)
        // As explain/report read (connects counted, not kept; logins kept): none of the copy's
        // events is counted (those not kept were, as phantom events of the copy).
        let mixed = (1...100).map { k in
            Self.mail[k] + "\nJun  5 15:\(String(format: "%02d", k / 60)):\(String(format: "%02d", k % 60)) mx dovecot: imap-login: Login: user=<u\(k)>, method=PLAIN, rip=192.0.2.\(k), lip=10.0.0.1"
        }.joined(separator: "\n") + "\n"
        TestSupport.write(mixed, to: dir.appendingPathComponent("maillog"))
        TestSupport.write(mixed, to: dir.appendingPathComponent("maillog-copy"))
        let lean = try Pipeline.run(RunOptions(paths: [dir.appendingPathComponent("maillog").path, dir.appendingPathComponent("maillog-copy").path],
                                               zone: "UTC", year: 2026, keep: RunOptions.correlationKinds))
        let copy = try #require(lean.files.first { $0.input.path.hasSuffix("copy") })
        #expect(copy.eventCount == 0 && copy.ignored == copy.lines && copy.accounted == copy.lines, "\(copy.eventCount) events")
        #expect(lean.files.reduce(0) { $0 + $1.eventCount } == 200)
    }

    @Test func kindsFromContentNotNames() throws {
        let run = try TestSupport.run([
            ("a.txt", "2026-06-05 14:04:22,108 fail2ban.actions        [1]: NOTICE  [sshd] Ban 192.0.2.1\n"),
            ("b.txt", "Jun  5 14:04:22 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"),
            ("c.txt", "Jun 11 13:57:17 imap-login: Info: Login: user=<bob>, method=PLAIN, rip=192.0.2.5, lip=192.0.2.1\n"),
            ("d.txt", "Jun  5 14:04:22 mx fail2ban.actions[6605]: NOTICE [postfix-sasl] Ban 192.0.2.1\n"),
            ("e.txt", "hello\nworld\n"),
        ])
        #expect(run.files.map(\.kind) == [.fail2ban, .maillog, .dovecot, .syslog, .unknown])
    }

    @Test func fail2banContinuationLinesAreNeverMailEvents() throws {
        let log = """
        2026-06-05 14:04:22,311 fail2ban.utils          [812]: ERROR   7f2b -- exec: printf %b "banned 198.51.100.77
        Jun  5 14:04:20 mx postfix/submission/smtpd[2211]: warning: unknown[198.51.100.77]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
        2026-06-05T14:04:21+02:00 mx dovecot: imap-login: Login: user=<x>, method=PLAIN, rip=6.6.6.6, lip=10.0.0.1
        Traceback (most recent call last):
        2026-06-05 14:04:23,000 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Ban 198.51.100.77

        """
        let run = try TestSupport.run([("fail2ban.log", log)])
        #expect(run.events.map(\.kind) == [.ban])
        #expect(run.files[0].ignored == 4 && run.files[0].unrecognized == 0)
    }

    @Test func hostileBytesDoNotStopTheRun() throws {
        var bytes = Array("Jun  5 14:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n".utf8)
        bytes += [UInt8](repeating: 0, count: 70_000) + [0x0A]                       // NUL block
        bytes += [UInt8](repeating: 0x5B, count: 1_000_000) + [0x0A]                 // 10^6 '['
        bytes += Array("Jun  5 14:00:01 mx dovecot: imap-login: Login: user=<".utf8) + [UInt8](repeating: 0x41, count: 3_000_000) + Array(">, method=PLAIN, rip=192.0.2.2, lip=10.0.0.1\n".utf8)
        bytes += Array("Jun  5 14:00:02 mx postfix/smtpd[1]: connect from unknown[192.0.2.3]\n".utf8)
        let dir = TestSupport.tempDir()
        let url = dir.appendingPathComponent("maillog")
        try Data(bytes).write(to: url)
        let run = try Pipeline.run(RunOptions(paths: [url.path], zone: "UTC", year: 2026))
        let f = run.files[0]
        #expect(f.lines == 5 && f.accounted == 5)
        #expect(run.events.compactMap { $0.ip?.description } == ["192.0.2.1", "192.0.2.3"])   // the 3 MB line was cut, not attributed
        #expect(f.warnings.contains { $0.contains("longer than") })
    }

    @Test func blankLinesAndJournalMarkersAreKnownNotUnrecognised() throws {
        let log = """
        -- Logs begin at Fri 2026-06-05 00:00:01 UTC, end at Fri 2026-06-05 23:59:59 UTC. --
        Jun 05 14:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]

        \t
        -- Boot 3f2a9c0e1b7d4e5f8a6b2c1d0e9f8a7b --
        -- Reboot --
        Jun 05 14:00:01 mx postfix/smtpd[1]: disconnect from unknown[192.0.2.1]
        -- No entries --
        -- a line a person wrote --
        """
        let run = try TestSupport.run([("maillog", log)])
        let f = run.files[0]
        #expect(f.lines == 9 && f.eventCount == 2 && f.ignored == 6 && f.unrecognized == 1)
    }

    /// A whole system log given by name can open with thousands of other daemons' lines: its
    /// kind comes from the mail lines further in, not "unknown".
    @Test func kindFromMailLinesFarIntoASystemLog() throws {
        let other = String(repeating: "Jun  5 11:00:00 mx kernel: [12345.678] eth0: link up, 1000 Mbps, full duplex, flow control rx/tx\n", count: 20_000)
        let mail = "Jun  5 12:00:00 mx dovecot: imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=5001, TLS, session=<a>\n"
        let dir = TestSupport.tempDir()
        TestSupport.write(other + mail, to: dir.appendingPathComponent("syslog"))
        TestSupport.write(other, to: dir.appendingPathComponent("kern.log"))
        let run = try Pipeline.run(RunOptions(paths: [dir.appendingPathComponent("syslog").path, dir.appendingPathComponent("kern.log").path], zone: "UTC", year: 2026))
        #expect(run.files.map(\.kind) == [.maillog, .unknown])
        #expect(run.events.map(\.kind) == [.login])
    }

    @Test func binaryGarbageIsSkippedWithAWarning() throws {
        var x: UInt64 = 0x9E3779B97F4A7C15   // deterministic pseudo-random bytes
        let bytes = (0..<100_000).map { _ -> UInt8 in
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return UInt8(truncatingIfNeeded: x >> 24)
        }
        let dir = TestSupport.tempDir()
        try Data(bytes).write(to: dir.appendingPathComponent("maillog"))
        TestSupport.write("Jun  5 14:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n", to: dir.appendingPathComponent("mail.log"))
        let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
        #expect(run.events.count == 1)
        #expect(run.allWarnings.contains { $0.contains("maillog: binary data") })
    }

    @Test func noReadableInputIsAUsageError() {
        #expect(throws: UsageError.self) { _ = try Pipeline.run(RunOptions(paths: ["/nonexistent/maillog"], zone: "UTC")) }
        #expect(throws: UsageError.self) { _ = try Pipeline.run(RunOptions(paths: ["/tmp"], zone: "Mars/Olympus")) }
    }
}

/// A big file parsed in parallel chunks gives exactly what one pass gives: line numbers,
/// year rollovers across chunk boundaries, counts, seams.
struct ChunkedParsingTests {
    @Test func chunksEqualOnePass() throws {
        var lines: [String] = []
        let months = ["Dec 30", "Dec 31", "Jan  1", "Jan  2"]
        for (m, day) in months.enumerated() {
            for k in 0..<6000 {
                let t = String(format: "%02d:%02d:%02d", k / 3600 % 24, k / 60 % 60, k % 60)
                switch k % 4 {
                case 0: lines.append("\(day) \(t) mx postfix/smtpd[1]: connect from unknown[192.0.2.\(k % 200 + 1)]")
                case 1: lines.append("\(day) \(t) mx dovecot: imap-login: Login: user=<u\(k % 50)@example.org>, method=PLAIN, rip=198.51.100.\(k % 100 + 1), lip=10.0.0.1, mpid=\(k + m * 10000), TLS, session=<s\(k)>")
                case 2: lines.append("\(day) \(t) mx postfix/qmgr[2]: 4C1F3A2B8E: removed")
                default: lines.append("\(day) \(t) mx something odd \(k)")
                }
            }
        }
        let dir = TestSupport.tempDir()
        let url = dir.appendingPathComponent("maillog")
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: url)
        var one = RunOptions(paths: [url.path], zone: "UTC", year: 2027)
        one.chunkBytes = .max
        var many = one
        many.chunkBytes = 1
        many.chunks = 7
        let a = try Pipeline.run(one), b = try Pipeline.run(many)
        #expect(a.events.count == 12000 && b.events.count == a.events.count)
        #expect(a.events.map(\.time) == b.events.map(\.time))
        #expect(a.events.map(\.line) == b.events.map(\.line))
        #expect(a.events.map { $0.ip } == b.events.map { $0.ip })
        #expect(a.files[0].lines == b.files[0].lines && a.files[0].unrecognized == b.files[0].unrecognized && a.files[0].ignored == b.files[0].ignored)
        #expect(a.files[0].unrecognizedSamples.map(\.line) == b.files[0].unrecognizedSamples.map(\.line))
        #expect(a.files[0].tailHashes == b.files[0].tailHashes && a.files[0].headHashes == b.files[0].headHashes)
        #expect(CivilTime.rfc3339(micros: b.events.first!.time).hasPrefix("2026-12-30"))
        #expect(CivilTime.rfc3339(micros: b.events.last!.time).hasPrefix("2027-01-02"))
        #expect(a.files[0].first == b.files[0].first && a.files[0].last == b.files[0].last)
    }

    /// A fail2ban log cut into chunks reads as one pass: continuation lines stay non-events
    /// wherever a chunk starts, and 0.8/0.9 settings lines (`Set maxRetry = 3`, no jail) keep the
    /// jail being created even when "Creating new jail" sits in an earlier chunk.
    @Test(arguments: [2, 3, 5, 8, 13, 21])
    func fail2banChunksEqualOnePass(chunks: Int) throws {
        var paths = [TestSupport.fixtures.appendingPathComponent("lines/fail2ban.log").path]
        let scenarios = ScenarioTests.dir
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? [] {
            let f = scenarios.appendingPathComponent("\(name)/fail2ban.log")
            if FileManager.default.fileExists(atPath: f.path) { paths.append(f.path) }
        }
        // A 0.9 start-up block repeated, with a multi-line ERROR record: boundaries land everywhere.
        var lines: [String] = []
        for k in 0..<40 {
            let t = String(format: "2026-06-01 %02d:%02d:00", k / 60 + 9, k % 60)
            lines.append("\(t),100 fail2ban.jail   [7]: INFO    Creating new jail 'jail\(k % 3)'")
            lines.append("\(t),110 fail2ban.filter [7]: INFO    Set maxRetry = \(k % 5 + 1)")
            lines.append("\(t),120 fail2ban.filter [7]: ERROR   Unable to parse: Jun  1 09:00:00 mx dovecot: imap-login: Login: user=<x>, method=PLAIN, rip=6.6.6.6, lip=10.0.0.1")
            lines.append("  Traceback (most recent call last):")
            lines.append("\(t),130 fail2ban.filter [7]: INFO    Set findtime = \(600 + k)")
            lines.append("\(t),140 fail2ban.actions[7]: INFO    Set banTime = \(3600 + k)")
            lines.append("\(t),150 fail2ban.filter [7]: INFO    [jail\(k % 3)] Found 192.0.2.\(k + 1)")
        }
        let dir = TestSupport.tempDir()
        let made = dir.appendingPathComponent("fail2ban.log")
        TestSupport.write(lines.joined(separator: "\n") + "\n", to: made)
        paths.append(made.path)
        for path in paths {
            var one = RunOptions(paths: [path], zone: "UTC", year: 2026)
            one.chunkBytes = .max
            var many = one
            many.chunkBytes = 1
            many.chunks = chunks
            let a = try Pipeline.run(one), b = try Pipeline.run(many)
            let describe = { (r: Run) in r.events.map { "\($0.line) \($0.kind.name) \($0.time) \($0.jail ?? "-") \($0.ip?.description ?? "-") \($0.detail ?? "-")" } }
            #expect(describe(a) == describe(b), "\(path) in \(chunks) chunks")
            #expect(a.files[0].lines == b.files[0].lines && a.files[0].unrecognized == b.files[0].unrecognized
                    && a.files[0].ignored == b.files[0].ignored && a.files[0].eventCount == b.files[0].eventCount, "\(path)")
            #expect(a.files[0].headHashes == b.files[0].headHashes && a.files[0].tailHashes == b.files[0].tailHashes)
            if path == made.path {
                // Every settings line named its jail.
                let settings = b.events.filter { $0.kind == .jailSetting }
                #expect(settings.count == 120 && settings.allSatisfy { $0.jail != nil })
            }
        }
    }
}
