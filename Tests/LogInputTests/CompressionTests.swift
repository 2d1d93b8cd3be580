import Foundation
import Testing
@testable import LogInput

/// gzip single and multi-member, padding, truncation, corruption; other formats named clearly.
struct CompressionTests {
    static func tmp() -> URL {
        Scratch.dir("gz")
    }

    static func sh(_ cmd: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd]
        try! p.run()
        p.waitUntilExit()
    }

    static func readAll(_ path: String, gzip: GzipEngine = .preferred) throws -> (text: String, warnings: [String], compression: Compression) {
        let (source, compression) = try InputOpener.open(path, gzip: gzip)
        var out: [UInt8] = []
        let reader = LineReader(source: source, bufferSize: 1024)
        try reader.forEachLine { line in out += Array(line.bytes) + [0x0A]; return true }
        return (String(decoding: out, as: UTF8.self), source.warnings, compression)
    }

    static func lines(_ n: Int, tag: String) -> String {
        (1...n).map { "Jun  5 14:04:22 mx postfix/smtpd[1]: \(tag) line \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: GzipEngine.allCases) func plainAndGzip(engine: GzipEngine) throws {
        let d = Self.tmp()
        let text = Self.lines(5000, tag: "a")
        try text.write(to: d.appendingPathComponent("m"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -k m")
        let plain = try Self.readAll(d.appendingPathComponent("m").path)
        let gz = try Self.readAll(d.appendingPathComponent("m.gz").path, gzip: engine)
        #expect(plain.compression == .none && gz.compression == .gzip)
        #expect(gz.text == text && plain.text == text && gz.warnings.isEmpty)
    }

    @Test(arguments: GzipEngine.allCases) func twoMembersAndPadding(engine: GzipEngine) throws {
        let d = Self.tmp()
        let a = Self.lines(3000, tag: "a"), b = Self.lines(2000, tag: "b")
        try a.write(to: d.appendingPathComponent("a"), atomically: true, encoding: .utf8)
        try b.write(to: d.appendingPathComponent("b"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c a > two.gz && gzip -c b >> two.gz && cp two.gz padded.gz && head -c 512 /dev/zero >> padded.gz")
        let two = try Self.readAll(d.appendingPathComponent("two.gz").path, gzip: engine)
        #expect(two.text == a + b && two.warnings.isEmpty)
        let padded = try Self.readAll(d.appendingPathComponent("padded.gz").path, gzip: engine)
        #expect(padded.text == a + b && padded.warnings.isEmpty)
        // Text after the last member is not a member: said so (not "truncated"), the data kept.
        Self.sh("cd \(d.path) && cp two.gz trailing.gz && printf 'garbage\\n' >> trailing.gz")
        let trailing = try Self.readAll(d.appendingPathComponent("trailing.gz").path, gzip: engine)
        #expect(trailing.text == a + b)
        #expect(trailing.warnings.count == 1 && trailing.warnings[0].contains("is not gzip; ignored"), "\(trailing.warnings)")
    }

    @Test(arguments: GzipEngine.allCases) func truncatedGzipKeepsWhatCameBefore(engine: GzipEngine) throws {
        let d = Self.tmp()
        try Self.lines(20000, tag: "t").write(to: d.appendingPathComponent("t"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c t > full.gz && head -c $(( $(stat -c %s full.gz) / 2 )) full.gz > cut.gz")
        let cut = try Self.readAll(d.appendingPathComponent("cut.gz").path, gzip: engine)
        #expect(cut.text.count > 1000)
        #expect(cut.warnings.count == 1)
        #expect(cut.warnings.first?.contains("cut.gz: truncated gzip data at compressed byte") == true)
        // Every line read is a whole line of the original.
        for line in cut.text.split(separator: "\n").dropLast() { #expect(line.hasPrefix("Jun  5 14:04:22 mx postfix")) }
    }

    @Test(arguments: GzipEngine.allCases) func corruptGzipWarnsWithOffset(engine: GzipEngine) throws {
        let d = Self.tmp()
        try Self.lines(20000, tag: "c").write(to: d.appendingPathComponent("c"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c c > c.gz && printf 'garbage!garbage!' | dd of=c.gz bs=1 seek=4000 conv=notrunc 2>/dev/null")
        let r = try Self.readAll(d.appendingPathComponent("c.gz").path, gzip: engine)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.contains("corrupt gzip data at compressed byte") == true)
    }

    @Test(arguments: GzipEngine.allCases) func zeroLengthAndJunkAfterMember(engine: GzipEngine) throws {
        let d = Self.tmp()
        FileManager.default.createFile(atPath: d.appendingPathComponent("empty").path, contents: Data())
        let e = try Self.readAll(d.appendingPathComponent("empty").path)
        #expect(e.text.isEmpty && e.warnings.isEmpty)
        try "x\n".write(to: d.appendingPathComponent("x"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c x > j.gz && printf 'JUNK' >> j.gz")
        let j = try Self.readAll(d.appendingPathComponent("j.gz").path, gzip: engine)
        #expect(j.text == "x\n" && j.warnings.count == 1)
    }

    @Test func damagedStreamsBehindAValidMagicAreNamed() throws {
        let d = Self.tmp()
        let magic: [(String, [UInt8])] = [("b.bz2", [0x42, 0x5A, 0x68, 0x39, 1, 2, 3, 4, 5, 6, 7, 8]), ("x.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3, 4]),
                                          ("z.zst", [0x28, 0xB5, 0x2F, 0xFD, 0, 1, 2, 3, 4]), ("g.gz", [0x1F, 0x8B, 8, 0, 0, 0])]
        for (name, bytes) in magic {
            let p = d.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: p, contents: Data(bytes))
            let r = try Self.readAll(p)
            #expect(r.text.isEmpty)
            #expect(r.warnings.count == 1 && r.warnings[0].hasPrefix(p + ": "), "\(name): \(r.warnings)")
        }
    }

    @Test func unreadableFileIsNamed() throws {
        #expect(throws: InputError(path: "/nonexistent/x", problem: "no such file")) { _ = try FileSource(path: "/nonexistent/x") }
    }
}

/// bzip2, xz and zstd through their system libraries: concatenated streams, truncation.
struct OtherCompressionTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/compressed")

    @Test(arguments: [("gz", Compression.gzip), ("bz2", .bzip2), ("xz", .xz), ("zst", .zstd)])
    func twoMembersAndTruncation(_ ext: String, _ kind: Compression) throws {
        let plain = try String(contentsOf: Self.dir.appendingPathComponent("plain.log"), encoding: .utf8)
        let whole = try CompressionTests.readAll(Self.dir.appendingPathComponent("two-members.log.\(ext)").path)
        #expect(whole.compression == kind)
        #expect(whole.text == plain, "\(ext): both members read")
        #expect(whole.warnings.isEmpty)
        let cut = try CompressionTests.readAll(Self.dir.appendingPathComponent("truncated.log.\(ext)").path)
        #expect(cut.warnings.count == 1, "\(ext): one warning for the truncation: \(cut.warnings)")
        #expect(cut.warnings.first?.contains("truncated.log.\(ext)") == true)
        #expect(plain.hasPrefix(String(cut.text.prefix(cut.text.count - 200))), "\(ext): what was read is a prefix of the original")
        #expect(cut.text.count > plain.count / 4)
    }

    /// A zstd file that starts with a skippable frame (pzstd's) is zstd, not binary data.
    @Test func zstdAfterASkippableFrame() throws {
        let plain = try String(contentsOf: Self.dir.appendingPathComponent("plain.log"), encoding: .utf8)
        let r = try CompressionTests.readAll(Self.dir.appendingPathComponent("skippable-first.log.zst").path)
        #expect(r.compression == .zstd && r.text == plain && r.warnings.isEmpty)
    }

    /// ISA-L, when installed, is what `.gz` inputs go through, and it is used, not zlib again.
    @Test(.enabled(if: GzipEngine.isalAvailable, "ISA-L (libisal.so.2) not installed: the gzip cases above ran zlib twice"))
    func isalIsPreferredWhenInstalled() throws {
        let d = CompressionTests.tmp()
        try "x\n".write(to: d.appendingPathComponent("x"), atomically: true, encoding: .utf8)
        CompressionTests.sh("cd \(d.path) && gzip -k x")
        let (source, _) = try InputOpener.open(d.appendingPathComponent("x.gz").path, gzip: .isal)
        #expect(source is IsalGzipSource)
        let (z, _) = try InputOpener.open(d.appendingPathComponent("x.gz").path, gzip: .zlib)
        #expect(z is GzipSource)
    }
}
