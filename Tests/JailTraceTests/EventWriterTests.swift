import Foundation
import Testing
@testable import JailTrace
@testable import JailTraceRender

/// `events` formats batches on several threads: the bytes must be those of one write per event,
/// in order, across batch and slice boundaries, with or without a filter.
struct EventWriterTests {
    @Test(arguments: [EventWriter.Format.jsonl, .csv])
    func parallelWritingEqualsOneWritePerEvent(format: EventWriter.Format) throws {
        // More events than one batch holds on any machine with up to 8 cores (16 Ki per thread),
        // with text that needs escaping in some of them.
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let lines = (0..<70_000).map { k -> String in
            let t = "\(two(k / 3600 % 24)):\(two(k / 60 % 60)):\(two(k % 60))"
            let user = k % 7 == 0 ? "u\"\(k % 13)\\<x>,=" : "user\(k % 13)@example.org"
            return k % 2 == 0
                ? "Jun  5 \(t) mx postfix/smtpd[\(k % 9000)]: warning: unknown[192.0.2.\(k % 250)]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=\(user)"
                : "Jun  5 \(t) mx postfix/smtpd[\(k % 9000)]: connect from h\(k % 50).example[2001:db8::\(k % 300)]"
        }
        let run = try TestSupport.run([("maillog", lines.joined(separator: "\n") + "\n")])
        #expect(run.events.count == 70_000)
        let writer = EventWriter(format: format, paths: run.files.map(\.input.path))
        let filter = try EventFilter(ips: ["192.0.2.8"], users: [], since: nil, until: nil, zone: "UTC")
        for accepts in [{ (_: Event) in true }, { (e: Event) in filter.accepts(e) }] as [@Sendable (Event) -> Bool] {
            let one = OutputSink()
            for e in run.events where accepts(e) { writer.write(e, to: one) }
            let all = OutputSink()
            writer.writeAll(run.events, where: accepts, to: all)
            #expect(all.text == one.text)
            #expect(!one.text.isEmpty)
        }
    }
}
