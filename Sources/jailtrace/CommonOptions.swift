import ArgumentParser

/// Inputs and time options shared by every command.
struct CommonOptions: ParsableArguments {
    @Argument(help: "Log files or directories (fail2ban.log*, maillog*, mail.log*, dovecot*.log*, fail2ban.sqlite3).")
    var paths: [String] = []

    @Option(name: .customLong("tz"), help: "IANA time zone of times written without an offset (default: this machine's).")
    var zone: String?

    @Option(help: "Year of the newest year-less syslog line (default: from full dates in the inputs, else file times).")
    var year: Int?

    @Option(help: "Only consider events at or after this time (2026-06-05, 2026-06-05T14:00, with or without offset).")
    var since: String?

    @Option(help: "Only consider events up to this time; also the window end.")
    var until: String?

    @Option(name: .customLong("jail-config"), help: "fail2ban jail configuration: jail.conf, jail.local, or a directory holding them and jail.d/ (repeatable).")
    var jailConfig: [String] = []

    @Flag(help: "Treat warnings about damaged input as errors (exit status 3).")
    var strict = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one log file or directory") }
        if let year, year < 1970 || year > 9999 { throw ValidationError("--year \(year): out of range") }
    }
}
