import Foundation
import Testing
@testable import JailTrace

/// fail2ban's own test logs (`../shared/corpus/fail2ban-tests`, annotated with `# failJSON:`),
/// checked as its README says. Skipped, visibly, where `../shared` is absent.
struct ConformanceTests {
    struct Sample {
        var line: String
        var json: [String: Any]
        var modes: [String]
        var where_: String
    }

    static func samples(_ name: String) throws -> [Sample] {
        guard let corpus = TestSupport.corpus else { return [] }
        let text = try String(contentsOf: corpus.appendingPathComponent("fail2ban-tests/\(name)"), encoding: .utf8)
        var out: [Sample] = []
        var pending: [String: Any]? = nil
        var modes: [String] = [""]
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = String(line)
            if l.hasPrefix("# filterOptions:") || l.hasPrefix("#filterOptions:") {
                let json = l.split(separator: ":", maxSplits: 1)[1]
                let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
                let list = (parsed as? [[String: Any]]) ?? [(parsed as? [String: Any]) ?? [:]]
                modes = list.map { ($0["mode"] as? String) ?? "" }
                continue
            }
            if let r = l.range(of: "failJSON:"), l.hasPrefix("#") {
                pending = try JSONSerialization.jsonObject(with: Data(l[r.upperBound...].utf8)) as? [String: Any]
                continue
            }
            if l.hasPrefix("#") || l.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if let p = pending {
                out.append(Sample(line: l, json: p, modes: modes, where_: "\(name):\(i + 1)"))
                pending = nil
            }
        }
        return out
    }

    /// Classifies one line on its own (as a one-line file would be), year 2005 for year-less lines.
    static func events(of line: String, fail2banFile: Bool) -> [Event] {
        let classifier = LineClassifier()
        var events: [Event] = []
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { raw in
            classifier.classify(UnsafeRawBufferPointer(raw), number: 1, file: 0, inFail2banLog: fail2banFile, into: &events)
        }
        return events
    }

    /// "2005-02-21T09:21:54" → (month, day, seconds of day) of an event's naive stamp.
    static func monthDayTime(_ s: String) -> (Int, Int, Int)? {
        let parts = s.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard parts.count >= 6 else { return nil }
        return (parts[1], parts[2], parts[3] * 3600 + parts[4] * 60 + parts[5])
    }

    static func stampParts(_ e: Event) -> (Int, Int, Int)? {
        switch e.stamp.kind {
        case .yearless:
            let p = e.stamp.yearlessParts
            return (p.month, p.day, Int(p.microsOfDay / 1_000_000))
        case .naive:
            let secs = e.stamp.value / 1_000_000
            let (_, m, d) = CivilTime.civilFromDays(Int(secs / 86400))
            return (m, d, Int(secs % 86400))
        default:
            return nil   // TAI64N / offsets: fail2ban's suite reads them in its own zone
        }
    }

    @Test func corpusIsPresentOrSkipped() {
        if TestSupport.corpus == nil {
            print("SKIPPED: ../shared/corpus not found; conformance tests over fail2ban's test logs did not run")
        }
        #expect(Bool(true))
    }

    @Test(arguments: ["postfix", "dovecot", "recidive"])
    func fail2banCorpus(_ name: String) throws {
        let samples = try Self.samples(name)
        if TestSupport.corpus == nil {
            print("SKIPPED: \(name): ../shared/corpus not found")
            return
        }
        #expect(samples.count > 5)
        for s in samples {
            let fail2banFile = s.line.hasPrefix("20") && s.line.contains(",") && s.line.contains(" fail2ban.")
            let events = Self.events(of: s.line, fail2banFile: fail2banFile)
            let match = s.json["match"] as? Bool ?? false
            let host = (s.json["host"] as? String).flatMap(IPAddress.init)
            for e in events {
                // The injected address is never the one attributed.
                if let host, let ip = e.ip { #expect(ip == host, "\(s.where_): address \(ip) ≠ \(host)") }
            }
            if match {
                guard let host else { Issue.record("\(s.where_): annotation without host"); continue }
                let ofHost = events.filter { $0.ip == host }
                switch name {
                case "recidive":
                    #expect(ofHost.contains { $0.kind == .ban }, "\(s.where_): expected a ban of \(host)")
                case "dovecot" where !s.modes.allSatisfy({ $0 == "aggressive" }):
                    #expect(ofHost.contains { $0.kind == .authFailure }, "\(s.where_): expected an auth failure of \(host)")
                case "postfix" where s.modes.contains("auth"):
                    #expect(ofHost.contains { $0.kind == .authFailure }, "\(s.where_): expected an auth failure of \(host)")
                default:
                    #expect(!ofHost.isEmpty, "\(s.where_): expected an event of \(host)")
                }
                if let t = s.json["time"] as? String, let want = Self.monthDayTime(t), let e = ofHost.first, let got = Self.stampParts(e) {
                    #expect(got == want, "\(s.where_): time \(got) ≠ \(want)")
                }
            } else {
                let bad = events.filter { $0.kind == .authFailure || ($0.kind == .ban && $0.jail != "recidive") }
                #expect(bad.isEmpty, "\(s.where_): match:false line gave \(bad.map(\.kind.name))")
            }
        }
    }

    /// The one documented deviation: `[recidive] Ban` is a real ban (SPEC §3: any jail), although
    /// fail2ban's recidive *filter* ignores its own jail's lines to avoid feeding on itself.
    @Test func recidiveOwnBanIsStillABan() {
        let e = Self.events(of: "2006-02-13 15:52:30,388 fail2ban.actions: NOTICE [recidive] Ban 1.2.3.4", fail2banFile: true)
        #expect(e.first?.kind == .ban && e.first?.jail == "recidive")
    }
}
