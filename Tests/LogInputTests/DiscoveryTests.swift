import Foundation
import Testing
@testable import LogInput

/// Which names a directory walk picks up (SPEC §1).
struct DiscoveryTests {
    @Test func namesPickedAndSkipped() {
        let picked = ["fail2ban.log", "fail2ban.log.1", "fail2ban.log.2.gz", "maillog", "maillog-20260605",
                      "maillog-20260605.gz", "mail.log", "mail.log.1", "mail.log.4.gz", "dovecot.log",
                      "dovecot-info.log", "dovecot.log.1", "fail2ban.sqlite3", "maillog.xz", "mail.log.2.bz2",
                      // logrotate's other dateformats
                      "maillog-2026-06-05", "mail.log.2026-06-05.gz", "maillog-20260605-1780000000", "mail.log.20260605",
                      "maillog-2026060512.xz", "fail2ban.log-2026-06-05.1"]
        let skipped = ["mail.err", "mail.warn.1", "mail.info.2.gz", "messages", "syslog", "auth.log",
                       "maillog.bak", "mail.log.old", "fail2ban.log-notes", "dovecot.conf", "fail2ban.sqlite3-journal",
                       "maillog-2026-06", "maillog-123456789", "mail.log.12345", "maillog-20260605-x", "maillog-2026-06-05x"]
        for n in picked { #expect(Discovery.isLogName(n), "\(n) should be picked up") }
        for n in skipped { #expect(!Discovery.isLogName(n), "\(n) should be skipped") }
    }

    @Test func walkAndExplicitFiles() throws {
        let d = Scratch.dir("disc")
        try FileManager.default.createDirectory(at: d.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for n in ["maillog", "mail.warn", "messages", "sub/fail2ban.log.1", ".hidden/maillog"] {
            try? FileManager.default.createDirectory(at: d.appendingPathComponent(n).deletingLastPathComponent(), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: d.appendingPathComponent(n).path, contents: Data("x\n".utf8))
        }
        let (files, problems) = Discovery.discover([d.path, d.appendingPathComponent("messages").path, d.appendingPathComponent("maillog").path, "/nonexistent/maillog"])
        let names = files.map { URL(fileURLWithPath: $0.path).lastPathComponent }
        #expect(names.sorted() == ["fail2ban.log.1", "maillog", "messages"])   // maillog once; messages because named
        #expect(files.first { $0.path.hasSuffix("messages") }?.explicit == true)
        #expect(problems == ["/nonexistent/maillog: no such file; skipped"])
    }

    /// A rotation that is a dangling link (copied without its target) is named as missing: the
    /// set is incomplete. A dangling link with another name is not a log and says nothing.
    @Test func danglingLinkInADirectoryIsAProblem() throws {
        let d = Scratch.dir("dangling")
        FileManager.default.createFile(atPath: d.appendingPathComponent("maillog").path, contents: Data("x\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("maillog.1").path, withDestinationPath: "/nonexistent/maillog.1")
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("notes.txt").path, withDestinationPath: "/nonexistent/notes.txt")
        let (files, problems) = Discovery.discover([d.path])
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["maillog"])
        #expect(problems.count == 1 && problems[0].hasSuffix("maillog.1: no such file; skipped"), "\(problems)")
    }

    /// Symlink loops are listed once (the walk was exponential in the number of links to `.`),
    /// a directory given twice or inside another given adds nothing and no warning, and a
    /// device is not read.
    @Test func eachDirectoryIsListedOnce() throws {
        let d = Scratch.dir("loop")
        FileManager.default.createFile(atPath: d.appendingPathComponent("maillog").path, contents: Data("x\n".utf8))
        for link in ["a", "b", "c", "d"] { try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent(link).path, withDestinationPath: ".") }
        try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent("maillog.2").path, withDestinationPath: "/nonexistent/maillog.2")
        let (files, problems) = Discovery.discover([d.path, d.path + "/", d.appendingPathComponent("a").path])
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["maillog"])
        #expect(problems.count == 1 && problems[0].hasSuffix("maillog.2: no such file; skipped"), "\(problems)")
        let device = Discovery.discover(["/dev/zero"])
        #expect(device.files.isEmpty && device.problems == ["/dev/zero: a device, not a log file; skipped"])
    }

    @Test func emptyDirectoryIsAProblem() throws {
        let d = Scratch.dir("empty")
        let (files, problems) = Discovery.discover([d.path])
        #expect(files.isEmpty && problems.count == 1 && problems[0].contains("holds no fail2ban or mail log"))
    }

    /// A directory whose log is a link to a file already read through another argument holds a
    /// log: the file is read once and no "holds no log" problem is made up.
    @Test func aDirectoryLinkingToALogReadAlreadyIsNoProblem() throws {
        let a = Scratch.dir("linked-a"), b = Scratch.dir("linked-b")
        try "Jun  5 09:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n".write(to: a.appendingPathComponent("maillog"), atomically: false, encoding: .utf8)
        #expect(symlink(a.appendingPathComponent("maillog").path, b.appendingPathComponent("maillog").path) == 0)
        let (files, problems) = Discovery.discover([a.path, b.path])
        #expect(files.count == 1 && problems.isEmpty, "\(files.map(\.path)) \(problems)")
        let other = Scratch.dir("linked-c")
        try "x\n".write(to: other.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        #expect(Discovery.discover([a.path, other.path]).problems.first?.contains("holds no fail2ban or mail log") == true)
        // A directory given after one inside it: it holds that one's log.
        let parent = Scratch.dir("linked-parent"), sub = parent.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "Jun  5 09:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n".write(to: sub.appendingPathComponent("maillog"), atomically: false, encoding: .utf8)
        let nested = Discovery.discover([sub.path, parent.path])
        #expect(nested.files.count == 1 && nested.problems.isEmpty, "\(nested.problems)")
    }
}
