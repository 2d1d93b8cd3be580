#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import JailTrace
import LogInput
import JailTraceRender

/// Output format, colour and destination of explain/report.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json, html, or csv (report only: the device table).")
    var format: String = "text"

    @Option(help: "Write to this file (atomically) instead of standard output (`-`: standard output).")
    var output: String?

    /// The file to write, if any (`-` is standard output).
    private var outputFile: String? { output == "-" ? nil : output }

    @Flag(help: "No colour in text output (also: NO_COLOR set, or output not a terminal).")
    var noColor = false

    /// Rejects an unknown format before any input is read (csv on explain is caught in `emit`).
    func validate() throws {
        guard ["text", "json", "html", "csv"].contains(format) else {
            Terminal.warn("--format \(format): use text, json, html or csv (csv: report only)")
            throw ExitCode(2)
        }
    }

    /// Refuses an `--output` that is one of the inputs `paths` would read: a report must never
    /// replace the evidence it was made from.
    func refuseInputs(_ paths: [String]) throws {
        guard let output = outputFile else { return }
        var target = stat()
        guard stat(output, &target) == 0 else { return }   // a new file
        // (Not through discovery, which would read a stream given as input.)
        let resolved = URL(fileURLWithPath: output).resolvingSymlinksInPath().path
        let name = URL(fileURLWithPath: resolved).lastPathComponent
        // A database's `-wal` (read with it), `-shm` and `-journal` are the evidence too.
        let sidecars = ["-wal", "-shm", "-journal"]
        let owner = sidecars.first { name.hasSuffix($0) }.map { String(name.dropLast($0.count)) }
        for path in paths {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let isInput: Bool
            if (st.st_mode & S_IFMT) == S_IFDIR {
                let dir = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                isInput = resolved.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/")
                    && (Discovery.isLogName(name) || owner.map(Discovery.isLogName) == true)
            } else {
                isInput = st.st_dev == target.st_dev && st.st_ino == target.st_ino || sidecars.contains { suffix in
                    var side = stat()
                    return stat(path + suffix, &side) == 0 && side.st_dev == target.st_dev && side.st_ino == target.st_ino
                }
            }
            if isInput {
                Terminal.warn("--output \(output) is one of the inputs (\(path)): refusing to overwrite a log")
                throw ExitCode(2)
            }
        }
    }

    func emit(_ report: BatchReport) throws {
        try emit(explain: nil, batch: report)
    }

    func emit(_ report: ExplainReport) throws {
        try emit(explain: report, batch: nil)
    }

    private func emit(explain report: ExplainReport?, batch: BatchReport?) throws {
        let toFile = outputFile != nil
        let sink = toFile ? OutputSink() : OutputSink(fd: 1)
        switch format {
        case "text":
            let env = ProcessInfo.processInfo.environment
            let color = !noColor && !toFile && isatty(1) == 1 && (env["NO_COLOR"] ?? "").isEmpty
            // `COLUMNS` when exported, else the terminal's own width, else 100.
            var width = 100
            var size = winsize()
            if let cols = env["COLUMNS"].flatMap(Int.init) {
                width = cols
            } else if !toFile, isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
            }
            let text = TextRenderer(color: color, width: width)
            if let report { text.render(report, to: sink) }
            if let batch { text.render(batch, to: sink) }
        case "json":
            if let report { try JSONRenderer.render(report, to: sink) }
            if let batch { try JSONRenderer.render(batch, to: sink) }
        case "html":
            if let report { HTMLRenderer().render(report, to: sink) }
            if let batch { HTMLRenderer().render(batch, to: sink) }
        case "csv":
            guard let batch else {
                Terminal.warn("--format csv is for report (the device table); explain writes text, json or html")
                throw ExitCode(2)
            }
            CSVRenderer.render(batch, to: sink)
        default:
            Terminal.warn("--format \(format): use text, json, html\(batch != nil ? " or csv" : "")")
            throw ExitCode(2)
        }
        sink.flush()
        try Terminal.checkWritten(sink)
        if let output = outputFile {
            do { try AtomicFile.write(sink.collected, to: output) } catch {
                Terminal.warn("\(error)")
                throw ExitCode(2)
            }
        }
    }
}
