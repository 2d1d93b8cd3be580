import Foundation
import Testing
import LogInput
@testable import JailTrace

/// Compressed mail logs are decompressed on one thread and parsed in blocks on others: the
/// blocks must hold every byte once, end at line ends, and give the same result as one pass.
struct BlockPipelineTests {
    /// Lines as one pass of the line reader sees them (count, overlong count).
    static func lineCounts(_ bytes: [UInt8]) throws -> (Int, Int) {
        let r = LineReader(source: MemorySource(bytes))
        try r.forEachLine { _ in true }
        return (r.lineCount, r.overlongLines)
    }

    @Test func blocksEndAtLineEndsAndCountLinesOnce() throws {
        // Lines of varied length (built as one string: debug builds are slow at byte appends).
        let lines = (0..<40_000).map { k in "line \(k) " + String(repeating: "x", count: k % 300) }
        var text = Array((lines.joined(separator: "\n") + "\n").utf8)
        // An over-long line (longer than a block) in the middle, and no final newline.
        text += [UInt8](repeating: 0x61, count: 3 << 20) + [0x0A]
        text += Array("after the long one\nlast without newline".utf8)
        for read in [7_777, 1 << 16, 1 << 20] {
            let blocks = LineBlocks(source: MemorySource(text, chunk: read), blockSize: 1 << 20)
            var lines = 0, overlong = 0, joined = 0
            var all: [[UInt8]] = []
            while let b = try blocks.next() {
                all.append(b)
                let (l, o) = try Self.lineCounts(b)
                lines += l
                overlong += o
                joined += b.count
            }
            #expect(all.dropLast().allSatisfy { $0.last == 0x0A || $0.count > 1 << 20 })
            let (expectedLines, expectedOverlong) = try Self.lineCounts(text)
            #expect(lines == expectedLines, "read size \(read)")
            #expect(overlong == expectedOverlong && overlong == 1)
            // Every byte once, except the skipped tail of the over-long line.
            #expect(joined < text.count && joined >= text.count - (3 << 20))
            // Refilling handed-back blocks (their old bytes overwritten with junk first) cuts the
            // same blocks: nothing of a block's earlier use shows through.
            let again = LineBlocks(source: MemorySource(text, chunk: read), blockSize: 1 << 20)
            var spare: [UInt8]? = nil
            var reused: [[UInt8]] = []
            var refilled = 0
            var spareAddress: UnsafeRawPointer? = nil
            while let b = try again.next(reusing: &spare) {
                #expect(spare == nil)   // taken
                // Refilled in place: the spare's storage, not a fresh block, when it was big enough.
                if let spareAddress, b.withUnsafeBytes({ $0.baseAddress }) == spareAddress { refilled += 1 }
                reused.append(b)
                var old = b
                for i in old.indices { old[i] = 0xFF }
                old += [UInt8](repeating: 0xFE, count: 100)
                old.reserveCapacity(old.count + (1 << 20) + 65_536)
                spareAddress = old.withUnsafeBytes { $0.baseAddress }
                spare = old
            }
            #expect(reused == all, "read size \(read)")
            #expect(refilled >= all.count - 2, "read size \(read): \(refilled) of \(all.count) blocks refilled in place")
        }
    }

    /// A mail log of `seconds` seconds of day `day`: per second a SASL failure (client address
    /// shifted by `shift`), a Dovecot login and an unrecognised line (about 290 bytes a second).
    static func mailText(seconds: Int, day: Int = 5, shift: Int = 0) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return (0..<seconds).map { k in
            let t = "Jun  \(day) \(two(k / 3600 % 24)):\(two(k / 60 % 60)):\(two(k % 60))"
            return "\(t) mx postfix/smtpd[\(k % 9000)]: warning: unknown[192.0.2.\((k + shift) % 250)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6\n"
                + "\(t) mx dovecot: imap-login: Login: user=<u\(k % 40)@example.org>, method=PLAIN, rip=198.51.100.\(k % 200), lip=192.0.2.1, mpid=\(k), TLS, session=<s\(k)>\n"
                + "\(t) mx something-else[1]: unrecognised noise \(k) (\(shift))\n"
        }.joined()
    }

    @Test func holeLongerThanABlockKeepsTheLineAfterIt() throws {
        // A NUL hole of several blocks (no line end in it) is not an over-long line: the line
        // glued to its end is handed over whole.
        let text = Array("first\n".utf8) + [UInt8](repeating: 0, count: 5 << 20) + Array("after the hole\nlast\n".utf8)
        for read in [7_777, 1 << 20] {
            let blocks = LineBlocks(source: MemorySource(text, chunk: read), blockSize: 1 << 20)
            var lines: [String] = []
            var reader = 0
            while let b = try blocks.next() {
                let r = LineReader(source: MemorySource(b))
                try r.forEachLine { lines.append(String(decoding: $0.bytes, as: UTF8.self)); return true }
                reader += r.holeBytes
            }
            #expect(lines == ["first", "after the hole", "last"], "read size \(read)")
            #expect(blocks.holeBytes + reader == 5 << 20)
        }
    }

    @Test func logStartingWithAHoleIsReadPlainAndGzipped() throws {
        // copytruncate under a writer that does not append: the file starts with a NUL hole as
        // long as the old log, then the writer's next line, with no newline between.
        let dir = TestSupport.tempDir()
        let lines = "Jun  5 12:00:00 mx dovecot: imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=5001, TLS, session=<mo/CyrA5044jdjJE>\n"
            + "Jun  5 12:00:05 mx postfix/smtpd[7]: connect from unknown[192.0.2.7]\n"
        let bytes = [UInt8](repeating: 0, count: 3 << 20) + Array(lines.utf8)
        try Data(bytes).write(to: dir.appendingPathComponent("maillog"))
        try Data(bytes).write(to: dir.appendingPathComponent("hole"))
        #expect(TestSupport.sh("gzip -1 '\(dir.path)/hole'") == 0)
        for name in ["maillog", "hole.gz"] {
            var o = RunOptions(paths: [dir.appendingPathComponent(name).path], zone: "UTC", year: 2026)
            o.blockBytes = 1 << 20
            let run = try Pipeline.run(o)
            let f = run.files[0]
            #expect(f.kind == .maillog, "\(name)")
            #expect(!f.unreadable && f.warnings.isEmpty, "\(name): \(f.warnings)")
            #expect(f.lines == 2 && f.eventCount == 2 && f.unrecognized == 0, "\(name)")
            #expect(run.events.map(\.kind) == [.login, .connect], "\(name)")
            #expect(f.notes.contains { $0.contains("\(3 << 20) NUL byte(s)") }, "\(name): \(f.notes)")
        }
    }

    @Test func gzippedLogParsedInBlocksEqualsPlainLog() throws {
        // About 3.5 MB: several blocks of at least 1 MiB each.
        let mail = Self.mailText(seconds: 12_000)
        let dir = TestSupport.tempDir()
        TestSupport.write(mail, to: dir.appendingPathComponent("maillog"))
        TestSupport.write(mail, to: dir.appendingPathComponent("maillog.1"))
        #expect(TestSupport.sh("gzip -9 '\(dir.path)/maillog.1'") == 0)
        func run(_ name: String) throws -> Run {
            var o = RunOptions(paths: [dir.appendingPathComponent(name).path], zone: "UTC", year: 2026, keep: RunOptions.correlationKinds)
            o.blockBytes = 1 << 20   // several blocks
            o.chunks = 4
            return try Pipeline.run(o)
        }
        let plain = try run("maillog"), gz = try run("maillog.1.gz")
        #expect(gz.files[0].compression == .gzip)
        for key in [\FileResult.lines, \.ignored, \.unrecognized, \.eventCount, \.bytes] {
            #expect(gz.files[0][keyPath: key] == plain.files[0][keyPath: key])
        }
        #expect(gz.files[0].accounted == gz.files[0].lines)
        #expect(gz.events.count == plain.events.count)
        var same = true
        for i in 0..<plain.events.count {
            let a = plain.events[i], b = gz.events[i]
            if a.line != b.line || a.time != b.time || a.kind != b.kind || a.ip != b.ip || a.user != b.user { same = false; break }
        }
        #expect(same)
        #expect(gz.files[0].unrecognizedSamples.map(\.line) == plain.files[0].unrecognizedSamples.map(\.line))
    }

    /// Several compressed files at once (their decompressing threads parse blocks themselves
    /// when every slot is taken): each gives what its plain text gives.
    @Test func severalGzippedLogsAtOnceEqualTheirPlainText() throws {
        let dir = TestSupport.tempDir()
        let names = ["maillog.1", "maillog.2", "maillog.3"]
        for (f, name) in names.enumerated() {
            let text = Self.mailText(seconds: 9_000, day: f + 1, shift: f)
            TestSupport.write(text, to: dir.appendingPathComponent("plain-\(name)"))
            TestSupport.write(text, to: dir.appendingPathComponent(name))
            #expect(TestSupport.sh("gzip -1 '\(dir.path)/\(name)'") == 0)
        }
        func run(_ paths: [String]) throws -> Run {
            var o = RunOptions(paths: paths.map { dir.appendingPathComponent($0).path }, zone: "UTC", year: 2026)
            o.blockBytes = 1 << 20
            return try Pipeline.run(o)
        }
        let gz = try run(names.map { $0 + ".gz" })
        for (f, name) in names.enumerated() {
            let plain = try run(["plain-" + name])
            let g = gz.files.first { $0.input.path.hasSuffix("/" + name + ".gz") }!
            #expect(g.compression == .gzip)
            for key in [\FileResult.lines, \.ignored, \.unrecognized, \.eventCount, \.bytes] {
                #expect(g[keyPath: key] == plain.files[0][keyPath: key], "file \(f)")
            }
            let mine = gz.events.filter { $0.file == g.index }
            #expect(mine.count == plain.events.count)
            #expect(zip(mine, plain.events).allSatisfy { $0.line == $1.line && $0.time == $1.time && $0.kind == $1.kind && $0.ip == $1.ip })
        }
    }

    /// A year rollover that falls inside one block or between blocks of a gzipped log, and
    /// between the chunks of a big plain one, gives the same years as reading it in one pass.
    @Test func yearRolloverAcrossBlocksAndChunks() throws {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        // Dec 30 00:00 → Jan 2: a line every 20 s, about 4 MB.
        var lines: [String] = []
        for k in 0..<(3 * 86400 / 20) {
            let s = k * 20
            let (day, sod) = (s / 86400, s % 86400)
            let date = day < 2 ? "Dec \(30 + day)" : "Jan  \(day - 1)"
            lines.append("\(date) \(two(sod / 3600)):\(two(sod / 60 % 60)):\(two(sod % 60)) mx postfix/smtpd[\(k % 999)]: warning: unknown[192.0.2.\(k % 200)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6 \(String(repeating: "x", count: 200))")
        }
        let mail = lines.joined(separator: "\n") + "\n"
        let dir = TestSupport.tempDir()
        TestSupport.write(mail, to: dir.appendingPathComponent("maillog"))
        TestSupport.write(mail, to: dir.appendingPathComponent("maillog.1"))
        #expect(TestSupport.sh("gzip -1 '\(dir.path)/maillog.1'") == 0)
        func run(_ name: String, chunks: Int, chunkBytes: Int = FileParser.chunkThreshold) throws -> Run {
            var o = RunOptions(paths: [dir.appendingPathComponent(name).path], zone: "UTC", year: 2027, keep: RunOptions.correlationKinds)
            o.chunks = chunks
            o.chunkBytes = chunkBytes
            o.blockBytes = 1 << 20
            return try Pipeline.run(o)
        }
        let single = try run("maillog", chunks: 1)
        let chunked = try run("maillog", chunks: 7, chunkBytes: 1 << 20)
        let blocks = try run("maillog.1.gz", chunks: 4)
        let times = single.events.map(\.time)
        #expect(times.count == lines.count)
        #expect(CivilTime.rfc3339(micros: times.first!) == "2026-12-30T00:00:00Z")
        #expect(CivilTime.rfc3339(micros: times.last!) == "2027-01-01T23:59:40Z")
        #expect(chunked.events.map(\.time) == times)
        #expect(blocks.events.map(\.time) == times)
        #expect(blocks.events.map(\.line) == single.events.map(\.line))
    }
}
