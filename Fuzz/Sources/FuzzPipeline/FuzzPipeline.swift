// Fuzzes the whole pipeline: the input is written to a temp file named `maillog` (its kind comes
// from its content, its compression from its magic bytes), read with Pipeline.run, correlated and
// reported. Usage errors (no readable input) are fine; crashes and hangs are not. Differential:
// the batch report read as `report` reads (non-devices sieved in the merge) must equal the one
// read with every event kept.
import Foundation
import JailTrace

let directory: String = {
    let dir = NSTemporaryDirectory() + "jailtrace-fuzz-pipeline-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: directory) }   // a crash leaves it, with the input
    return dir
}()
let path = directory + "/maillog"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    do {
        let run = try Pipeline.run(RunOptions(paths: [path], zone: "UTC", year: 2026))
        let report = Correlator(run: run, options: ExplainOptions()).report()
        _ = report
        var options = RunOptions.correlation(paths: [path], zone: "UTC", year: 2026, asked: [], wholeWindow: true)
        let sieved = try Pipeline.run(options)
        options.sieveAttackers = nil
        let full = try Pipeline.run(options)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let a = try encoder.encode(Correlator(run: full, options: ExplainOptions()).batchReport(warnings: []))
        let b = try encoder.encode(Correlator(run: sieved, options: ExplainOptions()).batchReport(warnings: []))
        if a != b { fatalError("the attacker sieve changed the report:\n\(String(decoding: a, as: UTF8.self))\n\(String(decoding: b, as: UTF8.self))") }
    } catch {
        // UsageError: nothing readable
    }
    return 0
}
