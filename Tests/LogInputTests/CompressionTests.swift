import Foundation
import Testing
@testable import LogInput

/// gzip single and multi-member, padding, truncation, corruption; other formats named clearly.
struct CompressionTests {
    static func tmp() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("jt-gz-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func sh(_ cmd: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", cmd]
        try! p.run()
        p.waitUntilExit()
    }

    static func readAll(_ path: String) throws -> (text: String, warnings: [String], compression: Compression) {
        let (source, compression) = try InputOpener.open(path)
        var out: [UInt8] = []
        let reader = LineReader(source: source, bufferSize: 1024)
        try reader.forEachLine { line in out += Array(line.bytes) + [0x0A]; return true }
        return (String(decoding: out, as: UTF8.self), source.warnings, compression)
    }

    static func lines(_ n: Int, tag: String) -> String {
        (1...n).map { "Jun  5 14:04:22 mx postfix/smtpd[1]: \(tag) line \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test func plainAndGzip() throws {
        let d = Self.tmp()
        let text = Self.lines(5000, tag: "a")
        try text.write(to: d.appendingPathComponent("m"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -k m")
        let plain = try Self.readAll(d.appendingPathComponent("m").path)
        let gz = try Self.readAll(d.appendingPathComponent("m.gz").path)
        #expect(plain.compression == .none && gz.compression == .gzip)
        #expect(gz.text == text && plain.text == text && gz.warnings.isEmpty)
    }

    @Test func twoMembersAndPadding() throws {
        let d = Self.tmp()
        let a = Self.lines(3000, tag: "a"), b = Self.lines(2000, tag: "b")
        try a.write(to: d.appendingPathComponent("a"), atomically: true, encoding: .utf8)
        try b.write(to: d.appendingPathComponent("b"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c a > two.gz && gzip -c b >> two.gz && cp two.gz padded.gz && head -c 512 /dev/zero >> padded.gz")
        let two = try Self.readAll(d.appendingPathComponent("two.gz").path)
        #expect(two.text == a + b && two.warnings.isEmpty)
        let padded = try Self.readAll(d.appendingPathComponent("padded.gz").path)
        #expect(padded.text == a + b && padded.warnings.isEmpty)
    }

    @Test func truncatedGzipKeepsWhatCameBefore() throws {
        let d = Self.tmp()
        try Self.lines(20000, tag: "t").write(to: d.appendingPathComponent("t"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c t > full.gz && head -c $(( $(stat -c %s full.gz) / 2 )) full.gz > cut.gz")
        let cut = try Self.readAll(d.appendingPathComponent("cut.gz").path)
        #expect(cut.text.count > 1000)
        #expect(cut.warnings.count == 1)
        #expect(cut.warnings.first?.contains("cut.gz: truncated gzip data at compressed byte") == true)
        // Every line read is a whole line of the original.
        for line in cut.text.split(separator: "\n").dropLast() { #expect(line.hasPrefix("Jun  5 14:04:22 mx postfix")) }
    }

    @Test func corruptGzipWarnsWithOffset() throws {
        let d = Self.tmp()
        try Self.lines(20000, tag: "c").write(to: d.appendingPathComponent("c"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c c > c.gz && printf 'garbage!garbage!' | dd of=c.gz bs=1 seek=4000 conv=notrunc 2>/dev/null")
        let r = try Self.readAll(d.appendingPathComponent("c.gz").path)
        #expect(r.warnings.count == 1)
        #expect(r.warnings.first?.contains("corrupt gzip data at compressed byte") == true)
    }

    @Test func zeroLengthAndJunkAfterMember() throws {
        let d = Self.tmp()
        FileManager.default.createFile(atPath: d.appendingPathComponent("empty").path, contents: Data())
        let e = try Self.readAll(d.appendingPathComponent("empty").path)
        #expect(e.text.isEmpty && e.warnings.isEmpty)
        try "x\n".write(to: d.appendingPathComponent("x"), atomically: true, encoding: .utf8)
        Self.sh("cd \(d.path) && gzip -c x > j.gz && printf 'JUNK' >> j.gz")
        let j = try Self.readAll(d.appendingPathComponent("j.gz").path)
        #expect(j.text == "x\n" && j.warnings.count == 1)
    }

    @Test func otherCompressionsAreNamed() throws {
        let d = Self.tmp()
        let magic: [(String, [UInt8], String)] = [("b.bz2", [0x42, 0x5A, 0x68, 0x39], "bzip2"), ("x.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2], "xz"), ("z.zst", [0x28, 0xB5, 0x2F, 0xFD, 0], "zstd")]
        for (name, bytes, what) in magic {
            let p = d.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: p, contents: Data(bytes))
            #expect(throws: InputError.self) { _ = try InputOpener.open(p) }
            do { _ = try InputOpener.open(p) } catch { #expect(error.description.contains(name) && error.description.contains(what)) }
        }
    }

    @Test func unreadableFileIsNamed() throws {
        #expect(throws: InputError(path: "/nonexistent/x", problem: "no such file")) { _ = try FileSource(path: "/nonexistent/x") }
    }
}
