import Foundation
import Testing
@testable import JailTrace
@testable import JailTraceRender

/// Golden outputs of `report` (text, JSON, HTML) for two scenarios, recorded with
/// `JAILTRACE_RECORD=1` and reviewed in the diff, like `ScenarioTests.goldenOutputs`.
struct ReportGoldenTests {
    static let scenarios = ["incident-laptop-self-ban", "restart-continuity"]

    /// Runs report as the CLI would from the repository root (`--tz UTC`, relative paths).
    static func report(_ name: String) throws -> BatchReport {
        let folder = ScenarioTests.dir.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0 != "expect.json" && !$0.hasPrefix("explain.") && !$0.hasPrefix("report.") }.sorted()
        let run = try TestSupport.inRoot {
            try Pipeline.run(.correlation(paths: files.map { "Fixtures/scenarios/\(name)/\($0)" }, zone: "UTC", year: nil, asked: [], wholeWindow: true))
        }
        var options = ExplainOptions()
        options.silence = Durations.seconds("1h")!
        return Correlator(run: run, options: options).batchReport(warnings: run.allWarnings)
    }

    @Test(arguments: scenarios)
    func reportGoldens(_ name: String) throws {
        let report = try Self.report(name)
        let text = OutputSink()
        TextRenderer(color: false, width: 100).render(report, to: text)
        let json = OutputSink()
        try JSONRenderer.render(report, to: json)
        let html = OutputSink()
        HTMLRenderer().render(report, to: html)
        for (file, got) in [("report.txt", text.text), ("report.json", json.text), ("report.html", html.text)] {
            let url = ScenarioTests.dir.appendingPathComponent("\(name)/\(file)")
            if ProcessInfo.processInfo.environment["JAILTRACE_RECORD"] == "1" {
                try got.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            guard let want = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("\(name)/\(file) missing: record with JAILTRACE_RECORD=1 swift test --filter ReportGoldenTests")
                continue
            }
            #expect(got == want, "\(name)/\(file) differs from the golden file (re-record with JAILTRACE_RECORD=1 and review the diff)")
        }
    }

    @Test func incidentPageShowsTheSelfBan() throws {
        let report = try Self.report("incident-laptop-self-ban")
        let html = OutputSink()
        HTMLRenderer().render(report, to: html)
        let page = html.text
        #expect(page.components(separatedBy: "<svg").count - 1 == report.devices.count)
        #expect(page.contains("<span class=\"badge v-banned\">banned</span>"))
        #expect(page.contains("ban [postfix-sasl] in force"))
        #expect(page.contains("silent · 12 delivered meanwhile"))
    }
}
