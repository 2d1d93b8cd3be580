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

    func emit(_ report: BatchReport) throws {
        try emit(explain: nil, batch: report)
    }

    func emit(_ report: ExplainReport) throws {
        try emit(explain: report, batch: nil)
    }

    private func emit(explain report: ExplainReport?, batch: BatchReport?) throws {
        let toFile = output != nil
        let sink = toFile ? OutputSink() : OutputSink(fd: 1)
        switch format {
        case "text":
            let env = ProcessInfo.processInfo.environment
            let color = !noColor && !toFile && isatty(1) == 1 && (env["NO_COLOR"] ?? "").isEmpty
            var width = 100
            if let cols = env["COLUMNS"].flatMap(Int.init) { width = cols }
            let text = TextRenderer(color: color, width: width)
            if let report { text.render(report, to: sink) }
            if let batch { text.render(batch, to: sink) }
        case "json":
            if let report { try JSONRenderer.render(report, to: sink) }
            if let batch { try JSONRenderer.render(batch, to: sink) }
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
