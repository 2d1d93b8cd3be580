import Foundation
import Testing
@testable import JailTrace

/// Inputs that once crashed a fuzz target (`Fixtures/fuzz-regressions/<target>/`): each must now
/// go through without a crash. The first byte of a FuzzLine input picks the fail2ban-log flag,
/// as in the fuzz target.
struct FuzzRegressionTests {
    static let dir = TestSupport.fixtures.appendingPathComponent("fuzz-regressions")

    static func inputs(_ target: String) -> [URL] {
        let d = dir.appendingPathComponent(target)
        return ((try? FileManager.default.contentsOfDirectory(at: d, includingPropertiesForKeys: nil)) ?? [])
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.pathExtension != "md" }.sorted { $0.path < $1.path }
    }

    @Test func lineInputs() throws {
        for url in Self.inputs("FuzzLine") {
            let data = [UInt8](try Data(contentsOf: url))
            guard let flag = data.first else { continue }
            var events: [Event] = []
            let classifier = LineClassifier()
            _ = Array(data.dropFirst()).withUnsafeBytes {
                classifier.classify($0, number: 1, file: 0, inFail2banLog: flag & 1 == 1, into: &events)
            }
            #expect(events.count <= 1, "\(url.lastPathComponent)")
        }
    }

    @Test func jailConfigInputs() throws {
        for url in Self.inputs("FuzzJailConfig") {
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let clock = ContinuousClock()
            let start = clock.now
            _ = JailConfigReader.read(text: text)
            #expect(clock.now - start < .seconds(2), "\(url.lastPathComponent) took too long")
        }
    }

    @Test func selfReferencingValuesDoNotExplode() {
        let text = "[DEFAULT]\na = %(a)s%(a)s%(b)s\nb = %(a)s%(a)s%(a)s%(a)s\n[j]\nenabled = true\nport = %(b)s,x\n"
        let (jails, _) = JailConfigReader.read(text: text)
        #expect(jails["j"]?.ports == "x")   // the cycle expands to nothing; empty list items are dropped
    }

    @Test func unterminatedStructuredDataIsNotAHeader() {
        for line in ["<22>1 2026-06-05T14:04:22Z mx1 dovecot 1500 - [x", "<22>1 2026-06-05T14:04:22Z mx1 dovecot 1500 - [x\\"] {
            var events: [Event] = []
            let outcome = Array(line.utf8).withUnsafeBytes { LineClassifier().classify($0, number: 1, file: 0, inFail2banLog: false, into: &events) }
            #expect(outcome == .unrecognized && events.isEmpty)
        }
    }

    @Test func tai64nOutOfRangeIsNotATime() {
        var events: [Event] = []
        let line = "@ffffffffffffffffffffffff imap-login: Info: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1"
        _ = Array(line.utf8).withUnsafeBytes { LineClassifier().classify($0, number: 1, file: 0, inFail2banLog: false, into: &events) }
        #expect(events.isEmpty)
    }

    @Test func pipelineInputs() throws {
        for url in Self.inputs("FuzzPipeline") {
            let dir = TestSupport.tempDir("fuzzreg")
            try FileManager.default.copyItem(at: url, to: dir.appendingPathComponent("maillog"))
            let run = try Pipeline.run(RunOptions(paths: [dir.path], zone: "UTC", year: 2026))
            let report = Correlator(run: run, options: ExplainOptions()).report()
            #expect(run.files[0].accounted == run.files[0].lines, "\(url.lastPathComponent)")
            _ = report
        }
    }
}
