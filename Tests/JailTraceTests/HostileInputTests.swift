import Foundation
import Testing
@testable import JailTrace

/// The hostile-input cases of the hardening issue that the fixtures do not already cover, and a
/// property test over every client-controlled field.
struct HostileInputTests {
    @Test func crOnlyLineEnds() throws {
        let lines = (1...50).map { "Jun  5 14:00:\(String(format: "%02d", $0)) mx postfix/smtpd[1]: connect from unknown[192.0.2.\($0)]" }
        let run = try TestSupport.run([("maillog", lines.joined(separator: "\r") + "\r")])
        #expect(run.files[0].lines == 50 && run.events.count == 50)
        #expect(run.files[0].notes.contains { $0.contains("CR alone") })
    }

    @Test func timeGoingBackwardsInsideAFile() throws {
        let log = """
        Jun  5 14:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]
        Jun  5 13:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.2]
        Jun  5 15:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.3]

        """
        let run = try TestSupport.run([("maillog", log)])
        #expect(run.events.map { $0.ip!.description } == ["192.0.2.2", "192.0.2.1", "192.0.2.3"])
        #expect(run.events.map(\.line) == [2, 1, 3], "evidence keeps each line's own number")
        #expect(run.files[0].accounted == 3)
    }

    @Test func emptyFileAndNoLogsInADirectory() throws {
        let run = try TestSupport.run([("maillog", ""), ("mail.log", "Jun  5 14:00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]\n")])
        #expect(run.files.map(\.lines).sorted() == [0, 1])
        let empty = TestSupport.tempDir("nologs")
        TestSupport.write("x\n", to: empty.appendingPathComponent("messages"))
        #expect(throws: UsageError.self) { _ = try Pipeline.run(RunOptions(paths: [empty.path], zone: "UTC")) }
    }

    /// Every client-controlled field of each positive sample replaced with strings built from
    /// pieces that imitate server fields: the attributed address and the event kind never change
    /// (or the line stops matching: it never becomes another address).
    @Test func clientFieldsCannotMoveTheAddress() {
        let pieces = ["rip=", "lip=", "[", "]", "<", ">", ", ", ": 554 5.7.1", "#012", "\r", "6.6.6.6", "[6.6.6.6]", "rip=6.6.6.6, lip=1.2.3.4",
                      ">, method=PLAIN, rip=6.6.6.6, lip=10.0.0.1, TLS, session=<x>", "unknown[6.6.6.6]", "sasl_username=", ")", "(", "x"]
        // (template with {F} for the client-chosen field, address, kind)
        let cases: [(String, String, EventKind)] = [
            ("Jun  5 14:04:22 mx dovecot: imap-login: Login: user=<{F}>, method=PLAIN, rip=192.0.2.7, lip=10.0.0.1, mpid=42, TLS, session=<abc>", "192.0.2.7", .login),
            ("Jun  5 14:04:22 mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<{F}>, method=PLAIN, rip=192.0.2.8, lip=10.0.0.1, TLS, session=<abc>", "192.0.2.8", .authFailure),
            ("Jun  5 14:04:22 mx postfix/smtpd[1]: warning: unknown[192.0.2.9]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username={F}", "192.0.2.9", .authFailure),
            ("Jun  5 14:04:22 mx postfix/submission/smtpd[1]: 4C1F3A2B8E: client=h[192.0.2.10], sasl_method=PLAIN, sasl_username={F}", "192.0.2.10", .submission),
            ("Jun  5 14:04:22 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.11]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@b> to=<{F}@example.com> proto=ESMTP helo=<{F}>", "192.0.2.11", .reject),
            ("Jun  5 14:04:22 mx dovecot: auth-worker(1): pam({F},192.0.2.12): pam_authenticate() failed: Authentication failure (password mismatch?)", "192.0.2.12", .authFailure),
            ("Jun  5 14:04:22 mx dovecot: imap-login: ID sent: name={F}: user=<>, rip=192.0.2.13, lip=10.0.0.1, session=<abc>", "", .login),
        ]
        var x: UInt64 = 42
        func next() -> Int { x = x &* 6364136223846793005 &+ 1442695040888963407; return Int(x >> 33) }
        let classifier = LineClassifier()
        for (template, address, kind) in cases {
            var attributed = 0
            defer { if !address.isEmpty { #expect(attributed >= 30, "\(kind.name): only \(attributed) of 300 mutated lines still matched") } }
            for _ in 0..<300 {
                var field = ""
                for _ in 0..<(1 + next() % 6) { field += pieces[next() % pieces.count] }
                let line = template.replacingOccurrences(of: "{F}", with: field)
                var events: [Event] = []
                _ = Array(line.utf8).withUnsafeBytes { classifier.classify($0, number: 1, file: 0, inFail2banLog: false, into: &events) }
                #expect(events.count <= 1)
                guard let e = events.first else { continue }   // no longer matches: counted, not attributed
                attributed += 1
                #expect(e.ip?.description != "6.6.6.6" && e.ip?.description != "1.2.3.4" && e.ip?.description != "10.0.0.1", "\(line)")
                if !address.isEmpty {
                    #expect(e.ip?.description == address, "\(line)")
                    #expect(e.kind == kind, "\(line)")
                }
            }
        }
    }
}
