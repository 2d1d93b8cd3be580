#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation

/// jailtrace: why did this mail client go silent?
@main
struct JailTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jailtrace",
        abstract: "Explain why a mail client went silent, from copies of fail2ban and mail logs.",
        discussion: "Reads fail2ban.log, the Postfix/Dovecot mail log and their rotations (gzip, bzip2, xz, zstd), correlates auth failures, bans and deliveries by client address and time, and explains each device with a verdict and the evidence lines behind it.",
        version: "0.1.0",
        subcommands: [ExplainCommand.self, ReportCommand.self, EventsCommand.self])

    /// SPEC §4: bad usage exits with status 2 (argument-parser's own default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                // One line naming the problem (SPEC §4), not argument-parser's message + usage.
                let message = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                var text = "jailtrace: \(message) (see jailtrace help)\n"
                text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
