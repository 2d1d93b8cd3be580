import ArgumentParser
import JailTrace
import JailTraceRender

/// `jailtrace explain`: per device a verdict, a summary, bans and a timeline with evidence.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain each device: verdict, summary, timeline and evidence.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("ip"), help: "Explain this address (repeatable); works for any address, device or not.")
    var ips: [String] = []

    @Option(name: .customLong("user"), help: "Explain every device of this user (repeatable).")
    var users: [String] = []

    @Option(help: "A device is silent when its last healthy activity is older than this (30m, 1h, 2d).")
    var silence: String = "1h"

    func run() throws {
        let asked = try Terminal.checkArguments(common, ips: ips, users: users, silence: silence)
        try output.refuseInputs(common.paths)
        let run = try Terminal.runForCorrelation(common, asked: asked)
        let options = try Terminal.explainOptions(common, ips: ips, users: users, silence: silence, zone: run.zone)
        let correlator = Correlator(run: run, options: options)   // times itself ("correlate")
        let timer = PhaseTimer()
        let report = correlator.report()
        timer.mark("report model")
        try output.emit(report)
        timer.mark("render")
        try Terminal.finish(run, strict: common.strict, more: correlator.problems)
    }
}
