// Fuzzes the whole pipeline: the input is written to a temp file named `maillog` (its kind comes
// from its content, its compression from its magic bytes), read with Pipeline.run, correlated and
// reported. Usage errors (no readable input) are fine; crashes and hangs are not.
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
    } catch {
        // UsageError: nothing readable
    }
    return 0
}
