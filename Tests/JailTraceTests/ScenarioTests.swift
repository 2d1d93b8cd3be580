import Foundation
import Testing
@testable import JailTrace
@testable import JailTraceRender

/// `Fixtures/scenarios/*`: logs plus `expect.json` (derived by hand from SPEC §3, an independent
/// check), and golden outputs `explain.txt` / `explain.json` recorded with `JAILTRACE_RECORD=1`
/// and reviewed in the diff.
struct ScenarioTests {
    static let dir = TestSupport.fixtures.appendingPathComponent("scenarios")
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0)/expect.json").path) }.sorted()
    }

    /// Runs explain as the CLI would, with the scenario's arguments (`--tz`, `--ip`, `--user`, `--silence`, …).
    static func explain(_ name: String) throws -> (ExplainReport, [String: Any]) {
        let folder = dir.appendingPathComponent(name)
        let expect = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("expect.json"))) as! [String: Any]
        let args = expect["args"] as? [String] ?? []
        var zone = "UTC", ips: [String] = [], users: [String] = [], silence = "1h", since: String? = nil, until: String? = nil
        var i = 0
        while i + 1 < args.count {
            switch args[i] {
            case "--tz": zone = args[i + 1]
            case "--ip": ips.append(args[i + 1])
            case "--user": users.append(args[i + 1])
            case "--silence": silence = args[i + 1]
            case "--since": since = args[i + 1]
            case "--until": until = args[i + 1]
            default: break
            }
            i += 2
        }
        // Paths relative to the repository, as a user running from its root would see them.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "expect.json" && !$0.hasPrefix("explain.") && !$0.hasPrefix("report.") }.sorted()
        let run = try TestSupport.inRoot {
            try Pipeline.run(.correlation(paths: files.map { "Fixtures/scenarios/\(name)/\($0)" }, zone: zone, year: nil,
                                          asked: ips.compactMap(IPAddress.init), wholeWindow: since == nil && until == nil))
        }
        let filter = try EventFilter(ips: ips, users: users, since: since, until: until, zone: zone)
        var options = ExplainOptions()
        options.ips = Array(filter.ips)
        options.users = users
        options.since = filter.since
        options.until = filter.until
        options.silence = Durations.seconds(silence)!
        return (Correlator(run: run, options: options).report(), expect)
    }

    @Test(arguments: names)
    func scenarioMatchesItsHandDerivedExpectation(_ name: String) throws {
        let (report, expect) = try Self.explain(name)
        if let w = expect["window"] as? [String: Any], let end = w["end"] as? String {
            #expect(report.window.end.flatMap { CivilTime.parseDateTime($0)?.micros } == CivilTime.parseDateTime(end)?.micros, "\(name): window end")
        }
        let expected = expect["devices"] as? [[String: Any]] ?? []
        #expect(Set(report.devices.map(\.ip)) == Set(expected.compactMap { $0["ip"] as? String }), "\(name): device set")
        for e in expected {
            let ip = e["ip"] as! String
            guard let d = report.devices.first(where: { $0.ip == ip }) else { continue }
            let at = "\(name) \(ip)"
            #expect(d.verdict == e["verdict"] as? String, "\(at): verdict")
            if let users = e["users"] as? [String] { #expect(Set(d.users) == Set(users), "\(at): users") }
            if let n = e["deliveredWhileSilent"] as? Int { #expect(d.deliveredWhileSilent == n, "\(at): deliveredWhileSilent \(d.deliveredWhileSilent)") }
            if e.keys.contains("lastSeen") {
                let want = (e["lastSeen"] as? String).flatMap { CivilTime.parseDateTime($0)?.micros }
                #expect(d.lastSeen.flatMap { CivilTime.parseDateTime($0)?.micros } == want, "\(at): lastSeen \(d.lastSeen ?? "nil")")
            }
            if let bans = e["bans"] as? [[String: Any]] {
                #expect(d.bans.count == bans.count, "\(at): ban count \(d.bans.count)")
                for (b, want) in zip(d.bans, bans) {
                    #expect(b.jail == want["jail"] as? String, "\(at): jail")
                    #expect(b.endReason == want["endReason"] as? String, "\(at): endReason \(b.endReason ?? "nil")")
                    if want.keys.contains("end") {
                        let w = (want["end"] as? String).flatMap { CivilTime.parseDateTime($0)?.micros }
                        #expect(b.end.flatMap { CivilTime.parseDateTime($0)?.micros } == w, "\(at): end \(b.end ?? "nil")")
                    }
                    if let s = want["start"] as? String { #expect(CivilTime.parseDateTime(b.start)?.micros == CivilTime.parseDateTime(s)?.micros, "\(at): start") }
                    if let f = want["failures"] as? Int { #expect(b.failures.count == f, "\(at): failures \(b.failures.count)") }
                }
            }
        }
    }

    @Test(arguments: names)
    func goldenOutputs(_ name: String) throws {
        let (report, _) = try Self.explain(name)
        let text = OutputSink()
        TextRenderer(color: false, width: 100).render(report, to: text)
        let json = OutputSink()
        try JSONRenderer.render(report, to: json)
        for (file, got) in [("explain.txt", text.text), ("explain.json", json.text)] {
            let url = Self.dir.appendingPathComponent("\(name)/\(file)")
            if ProcessInfo.processInfo.environment["JAILTRACE_RECORD"] == "1" {
                try got.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            guard let want = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(name)/\(file) missing: record with JAILTRACE_RECORD=1 swift test --filter ScenarioTests")
                continue
            }
            #expect(got == want, "\(name)/\(file) differs from the golden file (re-record with JAILTRACE_RECORD=1 and review the diff)")
        }
    }
}
