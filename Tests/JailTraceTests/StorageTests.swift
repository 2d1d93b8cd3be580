import Foundation
import Testing
import LogInput
@testable import JailTrace

/// The compact in-memory forms that keep `explain` over a gigabyte within 256 MiB: 48-byte events
/// with interned values, fixed-size segments merged without a second copy, and deliveries kept once.
@Suite struct StorageTests {
    @Test func eventStaysAt48Bytes() {
        // Millions are kept: every byte here is megabytes at scale (docs/performance.md).
        #expect(MemoryLayout<Event>.stride == 48)
        #expect(MemoryLayout<Ban>.stride == 72)
        // A login is kept only while its session may still fail (then folded into a few numbers).
        #expect(MemoryLayout<Activity.OpenLogin>.stride <= 24)
    }

    @Test func slotHoldsPidAndSessionOrExtra() {
        var e = Event(kind: .login, ip: IPAddress("192.0.2.1"), user: "bob", service: "imap-login", jail: nil, detail: nil,
                      file: 3, line: 7, pid: 4242, session: 0xDEAD_BEEF, extra: nil, ruleIndex: 0, stamp: .none)
        #expect(e.pid == 4242 && e.session == 0xDEAD_BEEF && e.extra == nil)
        #expect(e.ip == IPAddress("192.0.2.1") && e.user == "bob" && e.service == "imap-login" && e.jail == nil)
        #expect(e.file == 3 && e.line == 7)
        e.pid = -1
        #expect(e.pid == -1 && e.session == 0xDEAD_BEEF)
        e.extra = -5_000_000
        #expect(e.extra == -5_000_000 && e.pid == nil && e.session == nil)
        e.session = 9
        #expect(e.session == 9 && e.extra == nil && e.pid == nil)
        e.intoMailbox = true
        e.suspicious = true
        #expect(e.intoMailbox && e.suspicious && e.session == 9)
    }

    @Test func internTableIsSharedAcrossThreads() {
        let table = InternTable<String>()
        let n = 5000
        final class Results: @unchecked Sendable {
            // SAFETY: each thread writes its own slot, read after the join.
            let slots = UnsafeMutableBufferPointer<[UInt32]>.allocate(capacity: 4)
            init() { _ = slots.initialize(from: repeatElement([], count: 4)) }
            deinit { slots.deinitialize(); slots.deallocate() }
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            // Every thread interns the same values, in a different order.
            results.slots[t] = (0..<n).map { k in table.id("value-\((k * (t + 1) * 7919) % n)") }
        }
        let ids = Array(results.slots)
        #expect(table.count == n)
        for t in 0..<4 {
            for (k, id) in ids[t].enumerated() {
                #expect(table[id] == "value-\((k * (t + 1) * 7919) % n)")
            }
        }
        #expect(table[0] == nil)
        #expect(table.existingID("value-17") != nil && table.existingID("never") == nil)
    }

    @Test func mergeAcrossSegmentsKeepsOrderAndFreesNothingTwice() {
        // Two runs of several parts each, interleaved in time; sizes cross the segment size.
        func event(_ t: Int64, file: Int32, line: Int32) -> Event {
            // (Each with its own pid: the same event at the same instant in two files would be one.)
            Event(kind: .authFailure, ip: nil, user: nil, service: nil, jail: nil, detail: nil, file: file, line: line,
                  pid: line * 2 + file, session: nil, extra: nil, ruleIndex: 0, stamp: RawStamp(kind: .absolute, value: t))
        }
        let n = EventStore.segmentSize + 1234
        var a: [[Event]] = [[], [], []], b: [[Event]] = [[], []]
        for k in 0..<n { a[k * 3 / n].append(event(Int64(k) * 2, file: 0, line: Int32(k + 1))) }
        for k in 0..<n { b[k * 2 / n].append(event(Int64(k) * 3, file: 1, line: Int32(k + 1))) }
        var runs = [a, [[]], b]
        let store = EventStore(taking: &runs)
        #expect(runs.isEmpty)
        #expect(store.count == 2 * n)
        #expect(store.segments.dropLast().allSatisfy { $0.count == EventStore.segmentSize })
        var ok = true
        for i in 1..<store.count where !EventStore.before(store[i - 1], store[i]) { ok = false }
        #expect(ok)
        // Ties in time go by file: time 0 in both runs.
        #expect(store[0].file == 0 && store[1].file == 1)
    }

    @Test func dovecotDeliveriesDroppedWhenPostfixHasThem() throws {
        let mail = "Jun  5 11:00:00 mx postfix/lmtp[5]: 5D2A3B4C5D: to=<alice@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Saved)\n"
            + "Jun  5 11:00:00 mx dovecot: lmtp(alice@example.org)<77><k1>: msgid=<m1@x>: saved mail to INBOX\n"
        let dovecotOnly = "Jun  5 11:00:00 mx dovecot: lmtp(alice@example.org)<77><k1>: msgid=<m1@x>: saved mail to INBOX\n"
        let dir = TestSupport.tempDir()
        for (name, text) in [("both.log", mail), ("dovecot.log", dovecotOnly)] {
            TestSupport.write(text, to: dir.appendingPathComponent(name))
        }
        func run(_ names: [String], once: Bool) throws -> Run {
            var o = RunOptions(paths: names.map { dir.appendingPathComponent($0).path }, zone: "UTC", year: 2026,
                               keep: RunOptions.correlationKinds)
            o.onePerDelivery = once
            return try Pipeline.run(o)
        }
        let kept = try run(["both.log"], once: false)
        #expect(kept.events.count == 2)
        let once = try run(["both.log"], once: true)
        #expect(once.events.map(\.service) == ["postfix/lmtp"])
        // Still counted as an event of its file: every line accounted for.
        #expect(once.files[0].eventCount == 2 && once.files[0].accounted == once.files[0].lines)
        // Without Postfix deliveries, Dovecot's are the only count and stay.
        #expect(try run(["dovecot.log"], once: true).events.count == 1)
    }

    @Test func parsersLeaveOutDovecotDeliveriesOncePostfixsAreSeen() throws {
        let postfix = "Jun  5 11:00:00 mx postfix/lmtp[5]: 5D2A3B4C5D: to=<alice@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Saved)\n"
        let dovecot = "Jun  5 11:00:00 mx dovecot: lmtp(alice@example.org)<77><k1>: msgid=<m1@x>: saved mail to INBOX\n"
        let relayed = "Jun  5 11:00:01 mx postfix/smtp[6]: 6E3B4C5D6E: to=<bob@example.net>, relay=mx.example.net[192.0.2.9]:25, delay=1, delays=0/0/0.5/0.5, dsn=2.0.0, status=sent (250 ok)\n"
        let text = dovecot + dovecot + postfix + relayed + dovecot + postfix + dovecot
        func parse(_ sieve: DeliverySieve?) -> ChunkParser {
            let chunk = ChunkParser(file: 0, inFail2banLog: false, keep: RunOptions.correlationKinds)
            chunk.run(MemorySource(Array(text.utf8)), classifier: LineClassifier(keep: RunOptions.correlationKinds), deliveries: sieve)
            return chunk
        }
        let plain = parse(nil), sieved = parse(DeliverySieve())
        let services = { (c: ChunkParser) in (c.segments.flatMap { $0 } + c.events).map { "\($0.service ?? ""):\($0.line)" } }
        #expect(services(plain) == ["lmtp:1", "lmtp:2", "postfix/lmtp:3", "lmtp:5", "postfix/lmtp:6", "lmtp:7"])
        // The two met before the first Postfix delivery stay for the pass after the parse.
        #expect(services(sieved) == ["lmtp:1", "lmtp:2", "postfix/lmtp:3", "postfix/lmtp:6"])
        #expect(sieved.notKept == plain.notKept + 2)
        #expect(sieved.ignored == plain.ignored && sieved.unrecognized == plain.unrecognized && sieved.lines == 7)
        // A relayed (not mailbox) Postfix delivery alone does not switch the sieve on.
        let onlyRelayed = DeliverySieve()
        let chunk = ChunkParser(file: 0, inFail2banLog: false, keep: nil)
        chunk.run(MemorySource(Array((relayed + dovecot).utf8)), classifier: LineClassifier(), deliveries: onlyRelayed)
        #expect(!onlyRelayed.postfixSeen)
        #expect((chunk.segments.flatMap { $0 } + chunk.events).map(\.kind) == [.delivery, .delivery])
    }
}

/// `events --ip/--user` keeps only matching events in memory while parsing: the same events,
/// and the same counts per file, as filtering afterwards.
struct IdentityPrefilterTests {
    @Test(arguments: [(["198.51.100.23"], [String]()), ([], ["bob@example.org"]), ([], ["bob"]), ([], ["BOB@Example.ORG"]), ([], ["Bob"]),
                      (["192.0.2.5", "2001:db8::25"], []), (["192.0.2.5"], ["bob@example.org"])])
    func prefilterEqualsFilteringAfterwards(ips: [String], users: [String]) throws {
        let paths = try TestSupport.inRoot { () -> [String] in
            let lines = try FileManager.default.contentsOfDirectory(atPath: "Fixtures/lines").map { "Fixtures/lines/" + $0 }
            return lines + ["Fixtures/scenarios/incident-laptop-self-ban"]
        }.map { FileManager.default.currentDirectoryPath + "/" + $0 }
        let filter = try EventFilter(ips: ips, users: users, since: nil, until: nil, zone: "UTC")
        let all = try Pipeline.run(RunOptions(paths: paths, zone: "UTC", year: 2026))
        var o = RunOptions(paths: paths, zone: "UTC", year: 2026)
        o.identity = filter
        let some = try Pipeline.run(o)
        let expected = all.events.filter(filter.accepts)
        #expect(!expected.isEmpty)
        // Any address or user asked for: both kinds of events are in (not only events of both).
        if !ips.isEmpty && !users.isEmpty {
            #expect(expected.contains { $0.ip.map(\.description) == ips[0] && $0.user == nil })
            #expect(expected.contains { $0.user == users[0] && $0.ip.map(\.description) != ips[0] })
        }
        #expect(some.events.count == expected.count)
        for (a, b) in zip(some.events, expected) where !(a.file == b.file && a.line == b.line && a.time == b.time) {
            Issue.record("prefiltered \(some.files[Int(a.file)].input.path):\(a.line) \(CivilTime.rfc3339(micros: a.time)) vs \(all.files[Int(b.file)].input.path):\(b.line) \(CivilTime.rfc3339(micros: b.time))")
            break
        }
        for (a, b) in zip(all.files, some.files) {
            #expect(a.lines == b.lines && a.eventCount == b.eventCount && a.ignored == b.ignored && a.unrecognized == b.unrecognized, "\(a.input.path)")
        }
    }

    /// Which events are kept never changes the year or time of those that are: years come from
    /// every line's stamp (a file mixing full dates and year-less lines included).
    @Test func keptKindsDoNotMoveTimes() throws {
        let paths = try TestSupport.inRoot { () -> [String] in
            try FileManager.default.contentsOfDirectory(atPath: "Fixtures/lines").map { "Fixtures/lines/" + $0 }
        }.map { FileManager.default.currentDirectoryPath + "/" + $0 }
        let all = try Pipeline.run(RunOptions(paths: paths, zone: "UTC", year: 2026))
        let kept = try Pipeline.run(RunOptions(paths: paths, zone: "UTC", year: 2026, keep: RunOptions.correlationKinds))
        // (Dovecot's session ends are built whatever the kinds kept: they end a session.)
        let sessionEnd = Ruleset.shared.index(of: "dovecot.session-end")
        let expected = all.events.filter { (RunOptions.correlationKinds.contains($0.kind) || $0.ruleIndex == sessionEnd) && ($0.kind != .delivery || $0.intoMailbox) }
        #expect(kept.events.count == expected.count)
        #expect(zip(kept.events, expected).allSatisfy { $0.file == $1.file && $0.line == $1.line && $0.time == $1.time })
        #expect(zip(all.files, kept.files).allSatisfy { $0.first == $1.first && $0.last == $1.last })
    }
}

/// `explain`/`report` leave most events of addresses that never authenticated out of memory
/// (`AttackerSieve`): the reports must not change.
struct AttackerSieveTests {
    static let inputs: [String] = {
        let scenarios = ((try? FileManager.default.contentsOfDirectory(atPath: ScenarioTests.dir.path)) ?? [])
            .filter { !$0.hasSuffix(".md") }.sorted().map { ScenarioTests.dir.appendingPathComponent($0).path }
        let lines = TestSupport.fixtures.appendingPathComponent("lines").path
        let compressed = TestSupport.fixtures.appendingPathComponent("compressed")
        let more = ((try? FileManager.default.contentsOfDirectory(atPath: compressed.path)) ?? [])
            .filter { !$0.hasSuffix(".md") }.sorted().map { compressed.appendingPathComponent($0).path }
        // fail2ban's test logs and the adversarial lines, named explicitly (not log-like names).
        let corpus = TestSupport.corpus.map { c in
            ["fail2ban-tests/dovecot", "fail2ban-tests/postfix", "fail2ban-tests/recidive", "fail2ban-tests/sieve", "adversarial/lines.txt",
             "fail2ban-tests/database_v1.db", "fail2ban-tests/database_v2.db"]
                .map { c.appendingPathComponent($0).path }.filter { FileManager.default.fileExists(atPath: $0) }
        } ?? []
        return scenarios + [lines] + more + corpus
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    static func run(_ paths: [String], sieve: Bool, asked: [IPAddress] = []) throws -> Run {
        var o = RunOptions.correlation(paths: paths, zone: "UTC", year: 2026, asked: asked, wholeWindow: true)
        if !sieve { o.sieveAttackers = nil }
        return try Pipeline.run(o)
    }

    @Test(arguments: inputs)
    func reportsAreTheSameWithAndWithoutTheSieve(_ path: String) throws {
        let full = try Self.run([path], sieve: false), sieved = try Self.run([path], sieve: true)
        let options = ExplainOptions()
        let a = Correlator(run: full, options: options), b = Correlator(run: sieved, options: options)
        #expect(try Self.json(a.batchReport(warnings: [])) == Self.json(b.batchReport(warnings: [])), "report of \(path)")
        #expect(try Self.json(a.report()) == Self.json(b.report()), "explain of \(path)")
        // An address that is not a device, asked for with --ip, keeps its whole record.
        let offenders = a.batchReport(warnings: []).topOffenders.compactMap { IPAddress($0.ip) }
        for ip in offenders.prefix(2) {
            var o = ExplainOptions()
            o.ips = [ip]
            let asked = try Self.run([path], sieve: true, asked: [ip]), unsieved = try Self.run([path], sieve: false, asked: [ip])
            #expect(try Self.json(Correlator(run: unsieved, options: o).report()) == Self.json(Correlator(run: asked, options: o).report()), "explain --ip \(ip) of \(path)")
        }
    }

    @Test func attackersFailuresAreCountedNotKept() throws {
        let path = ScenarioTests.dir.appendingPathComponent("restart-continuity").path
        let full = try Self.run([path], sieve: false), sieved = try Self.run([path], sieve: true)
        let failures = { (r: Run) in r.events.filter { $0.kind == .authFailure }.count }
        let founds = { (r: Run) in r.events.filter { $0.kind == .found }.count }
        #expect(sieved.events.count < full.events.count)
        #expect(founds(sieved) < founds(full))
        #expect(failures(full) - failures(sieved) == sieved.failuresLeftOut.reduce(0, +))
        #expect(sieved.failuresLeftOut.contains { $0 > 0 })
    }

    @Test func theFirstFoundAfterARestartStays() throws {
        // 0.9: after a restart a plain Ban of a banned address restores it, unless a Found of the
        // jail came after the restart (and more than 60 s passed). Here the only Founds after the
        // restart are an attacker's: the sieve must keep the first, or the ban would look restored.
        let f2b = """
            2026-06-05 08:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v0.9.7
            2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 08:10:00,000 fail2ban.actions        [1]: WARNING [dovecot] Ban 192.0.2.1
            2026-06-05 09:00:00,000 fail2ban.server         [1]: INFO    Stopping all jails
            2026-06-05 09:00:00,100 fail2ban.actions        [1]: WARNING [dovecot] Unban 192.0.2.1
            2026-06-05 09:00:00,200 fail2ban.jail           [1]: INFO    Jail 'dovecot' stopped
            2026-06-05 09:00:01,000 fail2ban.server         [1]: INFO    Starting Fail2ban v0.9.7
            2026-06-05 09:00:01,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 09:03:00,000 fail2ban.filter         [1]: INFO    [dovecot] Found 198.51.100.77
            2026-06-05 09:03:30,000 fail2ban.filter         [1]: INFO    [dovecot] Found 198.51.100.77
            2026-06-05 09:05:00,000 fail2ban.actions        [1]: WARNING [dovecot] Ban 192.0.2.1

            """
        let mail = VerdictTests.login("07:00:00", "192.0.2.1") + VerdictTests.end
        let dir = TestSupport.tempDir()
        TestSupport.write(f2b, to: dir.appendingPathComponent("fail2ban.log"))
        TestSupport.write(mail, to: dir.appendingPathComponent("maillog"))
        let full = try Self.run([dir.path], sieve: false), sieved = try Self.run([dir.path], sieve: true)
        #expect(sieved.events.filter { $0.kind == .found }.count == 1)
        for run in [full, sieved] {
            let report = Correlator(run: run, options: ExplainOptions()).batchReport(warnings: [])
            let bans = report.devices.first { $0.ip == "192.0.2.1" }?.bans ?? []
            #expect(bans.map(\.endReason) == ["stopped", nil], "a new ban after the restart, not a restored one")
        }
    }
}
