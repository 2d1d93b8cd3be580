import ArgumentParser

/// `jailtrace explain` (lands with the correlation issue).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain each device: verdict, summary, timeline and evidence.")
    @OptionGroup var common: CommonOptions
    func run() throws {
        Terminal.warn("explain is not implemented yet")
        throw ExitCode(2)
    }
}
