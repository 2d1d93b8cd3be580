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
        FileHandle.standardError.write(Data("jailtrace timing: \(phase) \(now - last)\n".utf8))
        last = now
    }
}
