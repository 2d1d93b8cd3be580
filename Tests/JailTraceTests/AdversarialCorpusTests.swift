import Foundation
import Testing
@testable import JailTrace

/// `../shared/corpus/adversarial/lines.txt`: hand-made hostile lines, each preceded by what must
/// come out. Skipped, visibly, where `../shared` is absent.
struct AdversarialCorpusTests {
    static let injected: Set<IPAddress> = [IPAddress("6.6.6.6")!, IPAddress("1.5.6.7")!]

    @Test func adversarialLines() throws {
        guard let corpus = TestSupport.corpus else {
            print("SKIPPED: ../shared/corpus not found; adversarial lines not checked")
            return
        }
        let text = try String(contentsOf: corpus.appendingPathComponent("adversarial/lines.txt"), encoding: .utf8)
        var comment = ""
        var checked = 0
        for raw in text.split(separator: "\n") {
            let line = String(raw)
            if line.hasPrefix("#") {
                if line.range(of: #"^# A\d+"#, options: .regularExpression) != nil { comment = line } else { comment += " " + line }
                continue
            }
            checked += 1
            var events: [Event] = []
            let classifier = LineClassifier()
            var bytes = Array(line.utf8)
            let outcome = bytes.withUnsafeMutableBytes { classifier.classify(UnsafeRawBufferPointer($0), number: 1, file: 0, inFail2banLog: false, into: &events) }
            #expect(events.count <= 1, "\(comment): one line, at most one event")
            for e in events {
                #expect(!(e.ip.map { Self.injected.contains($0) } ?? false), "\(comment): injected address attributed: \(e.ip!)")
            }
            // "→ client 192.0.2.11": an event, if any, is of that client.
            if let r = comment.range(of: #"client ([0-9a-fA-F:.]+[0-9a-fA-F])"#, options: .regularExpression) {
                let want = IPAddress(String(comment[r].dropFirst("client ".count)))
                if let e = events.first, let ip = e.ip { #expect(ip == want, "\(comment): got \(ip)") }
            }
            if comment.contains("A11") { #expect(events.allSatisfy { $0.ip == nil }, "A11: no address from a message-id") }
            if comment.contains("A9") { #expect(!events.contains { $0.kind == .login }, "A9: the #012 tail is not a login") }
            if comment.contains("A12") {
                let ips = events.compactMap(\.ip).map(\.description)
                #expect(ips.allSatisfy { $0 == "192.0.2.16" || $0 == "2001:db8::1b" }, "A12: \(ips)")
                #expect(!ips.isEmpty, "A12: both lines give their client")
            }
            if comment.contains("A2") && !events.isEmpty { #expect(events[0].suspicious, "A2: attributed only with the injection flag") }
            _ = outcome
        }
        #expect(checked >= 12)
    }
}
