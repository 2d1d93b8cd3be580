import ArgumentParser
import JailTrace
import JailTraceRender

/// `jailtrace report`: the batch view.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Batch report: inputs, devices, self-bans, jail statistics, top offenders.")

    @OptionGroup var common: CommonOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "A device is silent when its last healthy activity is older than this (30m, 1h, 2d).")
    var silence: String = "1h"

    func run() throws {
        _ = try Terminal.checkArguments(common, ips: [], users: [], silence: silence)
        try output.refuseInputs(common.paths)
        let run = try Terminal.runForCorrelation(common)
        let options = try Terminal.explainOptions(common, ips: [], users: [], silence: silence, zone: run.zone)
        let correlator = Correlator(run: run, options: options)   // times itself ("correlate")
        let timer = PhaseTimer()
        let report = correlator.batchReport(warnings: run.allWarnings + correlator.problems)
        timer.mark("report model")
        try output.emit(report)
        timer.mark("render")
        try Terminal.finish(run, strict: common.strict, more: correlator.problems)
    }
}
