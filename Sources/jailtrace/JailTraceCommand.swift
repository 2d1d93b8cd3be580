import ArgumentParser

/// jailtrace: why did this mail client go silent?
@main
struct JailTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jailtrace",
        abstract: "Explain why a mail client went silent, from copies of fail2ban and mail logs.",
        discussion: "Reads fail2ban.log, the Postfix/Dovecot mail log and their rotations (gzip too), correlates auth failures, bans and deliveries by client address and time, and explains each device with a verdict and the evidence lines behind it.",
        version: "0.1.0",
        subcommands: [ExplainCommand.self, ReportCommand.self, EventsCommand.self])
}
