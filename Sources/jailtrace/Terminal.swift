#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import JailTrace
import JailTraceRender

/// Wiring shared by the commands: stderr messages, exit codes, output files.
enum Terminal {
    /// One line on stderr, log content made inert.
    static func warn(_ message: String) {
        var line = "jailtrace: " + Escape.terminal(message) + "\n"
        line.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress, buf.count) }
    }

    /// Standard output that could not be written (a full disk, a closed descriptor): one line
    /// and exit status 2 — a report cut short is not "done". A reader that went away (a closed
    /// pipe: `| head`) is no error to report.
    static func checkWritten(_ sink: OutputSink) throws {
        guard let failure = sink.failure else { return }
        if failure == EPIPE { throw ExitCode(0) }
        warn("standard output: cannot write: \(String(cString: strerror(failure))); the output is incomplete")
        throw ExitCode(2)
    }

    /// Runs the pipeline, turning usage problems into exit status 2.
    static func run(_ common: CommonOptions, identity: EventFilter? = nil) throws -> Run {
        var options = RunOptions(paths: common.paths, zone: common.zone, year: common.year)
        options.identity = identity
        return try run(options)
    }

    /// Runs the pipeline as `explain`/`report` read (`asked`: the `--ip` addresses).
    static func runForCorrelation(_ common: CommonOptions, asked: [IPAddress] = []) throws -> Run {
        try run(.correlation(paths: common.paths, zone: common.zone, year: common.year, asked: asked,
                             wholeWindow: common.since == nil && common.until == nil))
    }

    /// Checks what can be checked before any input is read (addresses, the form of
    /// `--since`/`--until`, `--silence`), so a typo costs one line on stderr, not a parse of
    /// gigabytes first. Returns the `--ip` addresses.
    static func checkArguments(_ common: CommonOptions, ips: [String], users: [String], silence: String) throws -> [IPAddress] {
        let f = try filter(common, ips: ips, users: users, zone: "UTC")   // the zone changes values, not validity
        do {
            _ = try silenceSeconds(silence)
        } catch let error as UsageError {
            warn(error.message)
            throw ExitCode(2)
        }
        return Array(f.ips)
    }

    /// `--silence` in seconds.
    private static func silenceSeconds(_ text: String) throws -> Int64 {
        guard let s = Durations.seconds(text), s >= 0 else { throw UsageError("--silence \(text): not a duration (30m, 1h, 1h30m, 2d, or seconds)") }
        return s
    }

    private static func run(_ options: RunOptions) throws -> Run {
        var options = options
        let display = isatty(2) == 1 ? ProgressDisplay(total: Pipeline.inputBytes(options.paths)) : nil
        options.progress = display?.progress
        defer { display?.stop() }
        do {
            return try Pipeline.run(options)
        } catch let error as UsageError {
            warn(error.message)
            throw ExitCode(2)
        }
    }

    /// Prints warnings (the inputs', then `more`); with `--strict` and any warning, exit status 3.
    static func finish(_ run: Run, strict: Bool, more: [String] = []) throws {
        let all = run.allWarnings + more
        for w in all { warn(w) }
        if strict && !all.isEmpty { throw ExitCode(3) }
    }

    /// The events filter of the options (`times: false`: addresses and users only).
    static func filter(_ common: CommonOptions, ips: [String], users: [String], zone: String, times: Bool = true) throws -> EventFilter {
        do {
            return try EventFilter(ips: ips, users: users, since: times ? common.since : nil, until: times ? common.until : nil, zone: zone)
        } catch let error as UsageError {
            warn(error.message)
            throw ExitCode(2)
        }
    }

    static func explainOptions(_ common: CommonOptions, ips: [String], users: [String], silence: String, zone: String) throws -> ExplainOptions {
        var o = ExplainOptions()
        do {
            let f = try EventFilter(ips: ips, users: users, since: common.since, until: common.until, zone: zone)
            o.ips = ips.compactMap(IPAddress.init)
            o.users = users
            o.since = f.since
            o.until = f.until
            o.silence = try silenceSeconds(silence)
            if !common.jailConfig.isEmpty {
                let (jails, problems) = JailConfigReader.read(common.jailConfig)
                o.jailConfig = jails
                o.jailConfigWarnings = problems   // printed by `finish`, and counted by --strict
            }
        } catch let error as UsageError {
            warn(error.message)
            throw ExitCode(2)
        }
        return o
    }
}
