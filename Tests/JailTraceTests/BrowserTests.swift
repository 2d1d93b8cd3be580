import Foundation
import Testing
@testable import JailTrace
@testable import JailTraceRender

/// The incident page in a real browser: headless Chromium's `--dump-dom` must show a timeline
/// `<svg>` per device and the verdict. Skipped (and passing) when Chromium is not installed;
/// `scripts/install-deps` installs it with `JAILTRACE_BROWSER=1`.
struct BrowserTests {
    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    @Test func incidentPageInChromium() throws {
        guard let browser = Self.chromium else {
            print("SKIPPED: chromium not installed")
            return
        }
        let report = try ReportGoldenTests.report("incident-laptop-self-ban")
        let sink = OutputSink()
        HTMLRenderer().render(report, to: sink)
        let dir = TestSupport.tempDir("jt-browser")
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try Data(sink.text.utf8).write(to: page)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(dir.path)/profile",
                       "--dump-dom", page.absoluteString]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let dom = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "chromium exited with \(p.terminationStatus)")
        #expect(dom.components(separatedBy: "<svg").count - 1 == report.devices.count, "one <svg> per device in the DOM")
        #expect(dom.contains(">banned<"), "verdict badge text")
        #expect(dom.contains("id=\"device-1\""))
        #expect(!dom.contains("<script"))
    }
}
