import ArgumentParser
import JailTrace
import JailTraceRender

/// `jailtrace events`: the normalized events, in time order.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Stream the normalized events (JSON lines or CSV), in time order.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Output format: jsonl or csv.")
    var format: String = "jsonl"

    @Option(name: .customLong("ip"), help: "Only events of this address (repeatable).")
    var ips: [String] = []

    @Option(name: .customLong("user"), help: "Only events of this user (repeatable).")
    var users: [String] = []

    @Flag(help: "List the lines jailtrace did not understand (file:line and text) instead of events.")
    var unrecognized = false

    func run() throws {
        guard let fmt = EventWriter.Format(rawValue: format) else {
            Terminal.warn("--format \(format): use jsonl or csv")
            throw ExitCode(2)
        }
        if !common.jailConfig.isEmpty {
            Terminal.warn("--jail-config is not used by events (it names jail settings for explain and report)")
        }
        // Addresses and users are checked while parsing (only matching events are kept in
        // memory); the time window once times are resolved.
        // Every option checked before any input is read (the time window too: the zone changes
        // its values, not whether it is valid).
        _ = try Terminal.filter(common, ips: ips, users: users, zone: "UTC")
        let identity = try Terminal.filter(common, ips: ips, users: users, zone: "UTC", times: false)
        let run = try Terminal.run(common, identity: unrecognized || (ips.isEmpty && users.isEmpty) ? nil : identity)
        let filter = try Terminal.filter(common, ips: ips, users: users, zone: run.zone)
        let sink = OutputSink(fd: 1)
        if unrecognized {
            for f in run.files where f.unrecognized > 0 {
                for sample in f.unrecognizedSamples {
                    sink.write("\(Escape.terminal(f.input.path)):\(sample.line): \(Escape.terminal(sample.text))\n")
                }
                if f.unrecognized > f.unrecognizedSamples.count {
                    sink.write("\(Escape.terminal(f.input.path)): … \(f.unrecognized - f.unrecognizedSamples.count) more unrecognised line(s)\n")
                }
            }
        } else {
            let writer = EventWriter(format: fmt, paths: run.files.map(\.input.path))
            writer.header(to: sink)
            writer.writeAll(run.events, where: { filter.accepts($0) }, to: sink)
        }
        sink.flush()
        try Terminal.checkWritten(sink)
        try Terminal.finish(run, strict: common.strict)
    }
}
