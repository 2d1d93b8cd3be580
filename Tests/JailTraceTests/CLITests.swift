import Foundation
import Testing

/// The built `jailtrace` binary end to end: exit statuses (SPEC §4), --strict, --output, no
/// colour off a terminal. Skipped, visibly, when the binary is not beside the test bundle.
struct CLITests {
    static let binary: URL? = {
        var dir = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("jailtrace")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func run(_ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        if let stdin { p.standardInput = FileHandle(forReadingAtPath: TestSupport.root.appendingPathComponent(stdin).path) }
        p.executableURL = binary!
        p.arguments = args
        p.currentDirectoryURL = TestSupport.root
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// `-` reads standard input, a redirected file or a pipe, shown as `-`.
    @Test func aDashIsStandardInput() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let r = try Self.run(["events", "--tz", "UTC", "-"], stdin: "Fixtures/scenarios/verdict-active/maillog")
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        #expect(r.out.contains("\"file\":\"-\"") && r.out.contains("\"event\":\"login\""))
    }

    @Test func exitStatuses() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        #expect(try Self.run(["explain", "--bogus"]).status == 2)
        #expect(try Self.run(["explain"]).status == 2)
        let missing = try Self.run(["explain", "/nonexistent/maillog"])
        #expect(missing.status == 2 && missing.err.contains("/nonexistent/maillog") && missing.err.split(separator: "\n").count == 1)
        #expect(try Self.run(["explain", "--tz", "Mars/Olympus", "Fixtures/scenarios/verdict-active"]).status == 2)
        #expect(try Self.run(["explain", "--format", "xml", "Fixtures/scenarios/verdict-active"]).status == 2)
        // Only binary junk: no readable input.
        let junkDir = TestSupport.tempDir("junk")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 ^ 0xA5) }).write(to: junkDir.appendingPathComponent("junk.bin"))
        #expect(try Self.run(["explain", junkDir.appendingPathComponent("junk.bin").path]).status == 2)
        // Bad values are reported before any input is read (here the input does not even exist:
        // the one line names the value, not the path).
        for args in [["explain", "--ip", "bogus"], ["report", "--since", "nope"], ["report", "--silence", "x"], ["explain", "--until", "2026-13-40"]] {
            let r = try Self.run(args + ["/nonexistent/maillog"])
            #expect(r.status == 2 && r.err.contains(args[2]) && !r.err.contains("/nonexistent") && r.err.split(separator: "\n").count == 1, "\(args)")
        }
        // argument-parser's own errors too: one line, no usage text (SPEC §4).
        for args in [["explain", "--year", "abc", "x"], ["explain", "--bogus", "x"], ["explain"], ["events", "--ip"]] {
            let r = try Self.run(args)
            #expect(r.status == 2 && r.err.split(separator: "\n").count == 1 && r.err.hasPrefix("jailtrace: "), "\(args): \(r.err)")
        }
        let inverted = try Self.run(["explain", "--since", "2026-06-06", "--until", "2026-06-05", "Fixtures/scenarios/verdict-active"])
        #expect(inverted.status == 2 && inverted.err.contains("after --until") && inverted.err.split(separator: "\n").count == 1)
        // events checks its options before reading too (a missing input is not what it names),
        // and an empty --user is refused like an empty --ip.
        for args in [["events", "--since", "2026-06-06", "--until", "2026-06-05", "/nonexistent"], ["events", "--user", "", "Fixtures/scenarios/verdict-active"]] {
            let r = try Self.run(args)
            #expect(r.status == 2 && r.err.split(separator: "\n").count == 1 && (r.err.contains("after --until") || r.err.contains("--user: an empty name")), "\(args): \(r.err)")
        }
        let ok = try Self.run(["explain", "--tz", "UTC", "Fixtures/scenarios/verdict-active"])
        #expect(ok.status == 0 && ok.err.isEmpty)
        #expect(!ok.out.contains("\u{1B}"), "no colour when stdout is not a terminal")
    }

    @Test func damagedInputWarnsAndStrictFails() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let args = ["explain", "--tz", "UTC", "Fixtures/scenarios/verdict-active", "Fixtures/compressed/truncated.log.gz"]
        let lenient = try Self.run(args)
        #expect(lenient.status == 0)
        #expect(lenient.err.contains("truncated.log.gz: truncated gzip data at compressed byte"))
        #expect(try Self.run(args + ["--strict"]).status == 3)
        // A sole input damaged before its first line is no readable input (exit 2, one line);
        // an empty one is just empty.
        let dir = TestSupport.tempDir("corruptgz")
        let bad = dir.appendingPathComponent("maillog.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00] + Array("garbagegarbage".utf8)).write(to: bad)
        let sole = try Self.run(["explain", "--tz", "UTC", bad.path])
        #expect(sole.status == 2 && sole.err.contains("corrupt gzip data") && sole.err.contains("no readable input"), "\(sole.err)")
        #expect(sole.err.split(separator: "\n").count == 1)
        #expect(try Self.run(["explain", "--tz", "UTC", bad.path, "Fixtures/scenarios/verdict-active"]).status == 0)
        let empty = dir.appendingPathComponent("mail.log")
        TestSupport.write("", to: empty)
        #expect(try Self.run(["explain", "--tz", "UTC", empty.path]).status == 0)
    }

    /// Without --tz, a TZ the machine does not know is not used silently: a warning names it and
    /// the zone read instead (so --strict fails); with --tz nothing is said.
    @Test func unknownTZIsAWarning() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let args = ["explain", "Fixtures/scenarios/verdict-active"]
        let r = try Self.run(args, env: ["TZ": "Mars/Olympus"])
        #expect(r.status == 0 && r.err.contains("TZ=Mars/Olympus is not a time zone this machine knows"))
        #expect(try Self.run(args + ["--strict"], env: ["TZ": "Mars/Olympus"]).status == 3)
        let given = try Self.run(args + ["--tz", "UTC"], env: ["TZ": "Mars/Olympus"])
        #expect(given.status == 0 && !given.err.contains("TZ="))
        #expect(try Self.run(args, env: ["TZ": "Europe/Berlin"]).err.isEmpty)
    }

    @Test func outputFileIsWrittenWhole() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let dir = TestSupport.tempDir("cli")
        let out = dir.appendingPathComponent("report.json").path
        let r = try Self.run(["report", "--tz", "UTC", "--format", "json", "--output", out, "Fixtures/scenarios/incident-laptop-self-ban"])
        #expect(r.status == 0 && r.out.isEmpty)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect(json?["tool"] as? String == "jailtrace" && (json?["devices"] as? [Any])?.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"], "no temporary file left")
        // A failed run leaves nothing behind.
        let bad = dir.appendingPathComponent("never.json").path
        #expect(try Self.run(["report", "--output", bad, "/nonexistent"]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: bad))
    }

    /// `--output` through a symbolic link replaces the file it names and keeps the link; a
    /// target that is not a regular file (a named pipe here; `/dev/stdout`, `/dev/null`) is
    /// written through in place, never renamed over; a directory is refused.
    @Test func outputFollowsLinksAndWritesThroughPipes() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let dir = TestSupport.tempDir("outlink")
        let input = "Fixtures/scenarios/incident-laptop-self-ban"
        let real = dir.appendingPathComponent("real.json"), link = dir.appendingPathComponent("link.json")
        TestSupport.write("old\n", to: real)
        #expect(symlink("real.json", link.path) == 0)
        #expect(try Self.run(["report", "--tz", "UTC", "--format", "json", "--output", link.path, input]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real.json", "the link stays a link")
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("{"), "the file it names got the report")
        // A dangling link: the file it names is created.
        let dangling = dir.appendingPathComponent("dangling.json")
        #expect(symlink("made.json", dangling.path) == 0)
        #expect(try Self.run(["report", "--tz", "UTC", "--format", "json", "--output", dangling.path, input]).status == 0)
        #expect(try String(contentsOf: dir.appendingPathComponent("made.json"), encoding: .utf8).hasPrefix("{"))
        // A named pipe: the reader gets the report, and the pipe is still a pipe.
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let copy = dir.appendingPathComponent("got.json").path
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$1\"", fifo, copy]
        try reader.run()
        #expect(try Self.run(["report", "--tz", "UTC", "--format", "json", "--output", fifo, input]).status == 0)
        reader.waitUntilExit()
        let got = FileManager.default.contents(atPath: copy) ?? Data()
        #expect(got.first == UInt8(ascii: "{") && got.count > 1000, "\(got.count) bytes through the pipe")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "still a named pipe")
        let r = try Self.run(["report", "--tz", "UTC", "--output", dir.path, input])
        #expect(r.status == 2 && r.err.contains("is a directory"), "\(r.err)")
        // `--output /dev/stdout` is the descriptor the shell opened: `>> file` appends to it.
        let log = dir.appendingPathComponent("history.txt").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "echo previous > \"$1\"; \"$0\" report --tz UTC --format json --output /dev/stdout \"$2\" >> \"$1\"",
                           Self.binary!.path, log, input]
        try shell.run()
        shell.waitUntilExit()
        let appended = try String(contentsOfFile: log, encoding: .utf8)
        #expect(shell.terminationStatus == 0 && appended.hasPrefix("previous\n{"), "\(appended.prefix(40))")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("jailtrace-tmp") }
        #expect(left.isEmpty, "no temporary file left: \(left)")
    }

    /// Standard output that cannot be written (a full disk) is an error, not "done": one line
    /// naming it, exit 2 — for events and for reports alike.
    @Test func aFullDiskIsNotDone() throws {
        guard Self.binary != nil, FileManager.default.fileExists(atPath: "/dev/full") else { print("SKIPPED: no binary or no /dev/full"); return }
        for args in [["events", "--tz", "UTC"], ["report", "--tz", "UTC", "--format", "json"]] {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/sh")
            shell.arguments = ["-c", "\"$0\" \"$@\" > /dev/full", Self.binary!.path] + args + ["Fixtures/scenarios/incident-laptop-self-ban"]
            let err = Pipe()
            shell.standardError = err
            try shell.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 2, "\(args[0]): \(shell.terminationStatus)")
            #expect(text == "jailtrace: standard output: cannot write: No space left on device; the output is incomplete\n", "\(text)")
        }
    }

    /// `--output` naming one of the inputs (given as a file or found in a given directory) is
    /// refused before anything is read or written: a report never replaces the evidence.
    @Test func outputNeverOverwritesAnInput() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let dir = TestSupport.tempDir("clobber")
        let log = dir.appendingPathComponent("maillog")
        let text = "Jun  5 09:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n"
        TestSupport.write(text, to: log)
        for input in [dir.path, log.path] {
            let r = try Self.run(["report", "--tz", "UTC", "--output", log.path, input])
            #expect(r.status == 2 && r.err.contains("refusing to overwrite"), "\(input): \(r.err)")
            #expect(try String(contentsOf: log, encoding: .utf8) == text)
        }
        let beside = dir.appendingPathComponent("report.txt").path
        #expect(try Self.run(["report", "--tz", "UTC", "--output", beside, dir.path]).status == 0)
        #expect(try Self.run(["report", "--tz", "UTC", "--output", beside, dir.path]).status == 0, "an earlier report is not an input")
    }

    @Test func eventsAsCSVAndJSONLines() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let csv = try Self.run(["events", "--tz", "UTC", "--format", "csv", "--ip", "198.51.100.23", "Fixtures/scenarios/incident-laptop-self-ban"])
        #expect(csv.status == 0)
        #expect(csv.out.hasPrefix("time,event,ip,user,service,jail,detail,file,line\n"))
        let jsonl = try Self.run(["events", "--tz", "UTC", "--user", "bob@example.org", "Fixtures/scenarios/incident-laptop-self-ban"])
        let lines = jsonl.out.split(separator: "\n")
        #expect(!lines.isEmpty)
        var last = ""
        for l in lines {
            let o = try JSONSerialization.jsonObject(with: Data(l.utf8)) as! [String: Any]
            #expect(o["user"] as? String == "bob@example.org" && o["file"] != nil && o["line"] != nil)
            let t = o["time"] as! String
            #expect(t >= last, "time order")
            last = t
        }
    }
}

extension CLITests {
    /// The binary reads as the library tests do (`RunOptions.correlation`, with the scenario's
    /// `--ip` kept whole): `explain --format json` equals each scenario's golden `explain.json`.
    @Test(arguments: ScenarioTests.names)
    func explainMatchesTheScenarioGoldens(_ name: String) throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let folder = ScenarioTests.dir.appendingPathComponent(name)
        let expect = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expect.json"))) as! [String: Any]
        let args = expect["args"] as? [String] ?? []
        let r = try Self.run(["explain", "--format", "json"] + args + ["Fixtures/scenarios/\(name)"])
        #expect(r.status == 0, "\(r.err)")
        let golden = try String(contentsOf: folder.appendingPathComponent("explain.json"), encoding: .utf8)
        #expect(r.out == golden, "jailtrace explain \(args.joined(separator: " ")) Fixtures/scenarios/\(name) differs from explain.json")
    }

    @Test func injectionSuspectsAreShown() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let r = try Self.run(["events", "--tz", "UTC", "--year", "2026", "Fixtures/lines/hostile.log"])
        #expect(r.status == 0)
        let flagged = r.out.split(separator: "\n").filter { $0.contains("\"suspicious\":true") }
        #expect(!flagged.isEmpty)
        #expect(flagged.allSatisfy { !$0.contains("\"ip\":\"6.6.6.6\"") })
        #expect(!r.out.contains("\u{1B}"), "no raw escape bytes in JSON lines")
    }
}

extension CLITests {
    /// `--output` never replaces a database's `-wal` (read with it as evidence), `-shm` or
    /// `-journal`, named beside a database given as a file or inside a directory given.
    @Test func outputRefusesADatabasesSidecarFiles() throws {
        guard Self.binary != nil else { print("SKIPPED: jailtrace binary not found beside the tests"); return }
        let dir = TestSupport.tempDir()
        for name in ["fail2ban.sqlite3", "fail2ban.sqlite3-wal"] {
            try FileManager.default.copyItem(at: TestSupport.fixtures.appendingPathComponent("databases/wal/" + name), to: dir.appendingPathComponent(name))
        }
        let wal = dir.appendingPathComponent("fail2ban.sqlite3-wal")
        let before = try Data(contentsOf: wal)
        for input in [dir.path, dir.appendingPathComponent("fail2ban.sqlite3").path] {
            let r = try Self.run(["report", "--tz", "UTC", "--output", wal.path, input])
            #expect(r.status == 2 && r.err.contains("one of the inputs"), "\(input): \(r.err)")
        }
        #expect(try Data(contentsOf: wal) == before)
    }
}
