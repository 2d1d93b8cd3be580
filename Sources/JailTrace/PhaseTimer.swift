import Foundation

/// Phase durations on stderr when JAILTRACE_TIMING is set (for profiling, not for output).
public final class PhaseTimer {
    private let enabled = ProcessInfo.processInfo.environment["JAILTRACE_TIMING"] != nil
    private var last = ContinuousClock.now

    public init() {}

    /// Prints the time since the previous mark.
    public func mark(_ phase: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        FileHandle.standardError.write(Data("jailtrace timing: \(phase) \(now - last) \(PhaseTimer.memory())\n".utf8))
        last = now
    }

    /// Current and peak resident memory (Linux `/proc/self/status`), e.g. "rss 212 MB, peak 260 MB".
    static func memory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
        var rss = "?", peak = "?"
        for line in status.split(separator: "\n") {
            let kb = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
            if line.hasPrefix("VmRSS:"), let kb { rss = "\(kb / 1000) MB" }
            if line.hasPrefix("VmHWM:"), let kb { peak = "\(kb / 1000) MB" }
        }
        return "(rss \(rss), peak \(peak))"
    }
}
