#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import JailTrace
import JailTraceRender

/// Output format, colour and destination of explain/report.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json or html.")
    var format: String = "text"

    @Option(help: "Write to this file (atomically) instead of standard output.")
    var output: String?

    @Flag(help: "No colour in text output (also: NO_COLOR set, or output not a terminal).")
    var noColor = false

    func emit(_ report: ExplainReport) throws {
        let toFile = output != nil
        let sink = toFile ? OutputSink() : OutputSink(fd: 1)
        switch format {
        case "text":
            let env = ProcessInfo.processInfo.environment
            let color = !noColor && !toFile && isatty(1) == 1 && (env["NO_COLOR"] ?? "").isEmpty
            var width = 100
            if let cols = env["COLUMNS"].flatMap(Int.init) { width = cols }
            TextRenderer(color: color, width: width).render(report, to: sink)
        case "json":
            try JSONRenderer.render(report, to: sink)
        case "html":
            Terminal.warn("--format html is not implemented yet")
            throw ExitCode(2)
        default:
            Terminal.warn("--format \(format): use text, json or html")
            throw ExitCode(2)
        }
        sink.flush()
        if let output {
            do { try AtomicFile.write(sink.collected, to: output) } catch {
                Terminal.warn("\(error)")
                throw ExitCode(2)
            }
        }
    }
}
