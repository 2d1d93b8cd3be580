import ArgumentParser

/// `jailtrace report` (lands with the report issue).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Batch report: inputs, devices, self-bans, jail statistics.")
    @OptionGroup var common: CommonOptions
    func run() throws {
        Terminal.warn("report is not implemented yet")
        throw ExitCode(2)
    }
}
