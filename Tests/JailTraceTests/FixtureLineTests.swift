import Foundation
import Testing
@testable import JailTrace

/// Every annotated line of `Fixtures/lines/*.log` gives exactly the event written above it
/// (`# expect: {…}`), or none when it is `ignored` / `ambiguous`.
struct FixtureLineTests {
    struct Expectation {
        var json: [String: Any]
        var annotationLine: Int
    }

    static let files = ["postfix.log", "dovecot.log", "fail2ban.log", "syslog-forms.log", "hostile.log"]

    /// Splits a fixture into the log lines (bytes, order kept) and their expectations.
    static func load(_ name: String) throws -> (log: Data, expectations: [Expectation]) {
        let data = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("lines/\(name)"))
        var log = Data()
        var expectations: [Expectation] = []
        var pending: [String: Any]? = nil
        var pendingLine = 0
        var lineNo = 0
        for raw in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            let text = String(decoding: raw, as: UTF8.self)
            if text.hasPrefix("# expect:") {
                let json = String(text.dropFirst("# expect:".count))
                pending = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
                pendingLine = lineNo
                continue
            }
            if pending == nil && (text.hasPrefix("#") || text.isEmpty) { continue }
            guard let expectation = pending else {
                Issue.record("\(name):\(lineNo): log line without annotation")
                continue
            }
            log.append(contentsOf: raw)
            log.append(0x0A)
            expectations.append(Expectation(json: expectation, annotationLine: pendingLine))
            pending = nil
        }
        return (log, expectations)
    }

    /// The fixtures spell invalid UTF-8 the way Swift's lossy decoding does (one U+FFFD per
    /// maximal invalid sequence); jailtrace keeps the bytes visible as `\xNN`. Rebuild the bytes
    /// from jailtrace's text and decode them lossily to compare.
    static func lossy(_ s: String) -> String {
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 0x5C, i + 3 < u.count, u[i + 1] == 0x78,
               let v = UInt8(String(decoding: u[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i += 4
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: files)
    func fixtureLines(_ name: String) throws {
        let (log, expectations) = try Self.load(name)
        #expect(!expectations.isEmpty)
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent(name)
        try log.write(to: path)
        let run = try Pipeline.run(RunOptions(paths: [path.path], zone: "UTC", year: 2026))
        let file = run.files[0]
        #expect(file.lines == expectations.count)
        #expect(file.accounted == file.lines, "events + ignored + unrecognised must equal lines read")
        let byLine = Dictionary(grouping: run.events, by: { Int($0.line) })
        let unrecognized = Set(file.unrecognizedSamples.map(\.line))
        for (k, exp) in expectations.enumerated() {
            let line = k + 1
            let at = "\(name):\(exp.annotationLine + 1)"
            let got = byLine[line] ?? []
            #expect(got.count <= 1, "\(at): more than one event")
            for e in got { #expect(e.ip?.description != "6.6.6.6", "\(at): injected address attributed") }
            if exp.json["ambiguous"] as? Bool == true {
                // Never attributed to the injected text: no event, or an event flagged suspicious.
                if let e = got.first { #expect(e.suspicious, "\(at): ambiguous line attributed without a flag (\(e.ip?.description ?? "-"))") }
                continue
            }
            if exp.json["unrecognized"] as? Bool == true {
                #expect(got.isEmpty && unrecognized.contains(line), "\(at): expected an unrecognised line")
                continue
            }
            if exp.json["ignored"] as? Bool == true {
                #expect(got.isEmpty, "\(at): expected no event, got \(got.first?.kind.name ?? "")")
                #expect(!unrecognized.contains(line), "\(at): expected a known line, counted as unrecognised")
                continue
            }
            guard let kind = exp.json["event"] as? String else { Issue.record("\(at): bad annotation"); continue }
            guard let e = got.first else {
                Issue.record("\(at): expected \(kind), got no event\(unrecognized.contains(line) ? " (unrecognised)" : "")")
                continue
            }
            #expect(e.kind.name == kind, "\(at): event")
            #expect(e.ip?.description == exp.json["ip"] as? String, "\(at): ip")
            let user = exp.json["user"] as? String
            #expect(e.user == user || e.user.map(Self.lossy) == user, "\(at): user \(e.user ?? "nil") ≠ \(user ?? "nil")")
            if let service = exp.json["service"] as? String { #expect(e.service == service, "\(at): service \(e.service ?? "nil")") }
            if let jail = exp.json["jail"] as? String { #expect(e.jail == jail, "\(at): jail \(e.jail ?? "nil")") }
            if let time = exp.json["time"] as? String {
                #expect(CivilTime.parseDateTime(time)?.micros == e.time, "\(at): time \(CivilTime.rfc3339(micros: e.time)) ≠ \(time)")
            }
        }
    }
}
