import Synchronization

/// Bytes read from disk so far, across all threads (for a progress display).
public final class ReadProgress: Sendable {
    private let bytes = Atomic<Int>(0)
    /// Total bytes on disk of the inputs, when known.
    public let total: Int

    public init(total: Int) { self.total = total }

    /// Adds `n` bytes read.
    @inline(__always)
    public func add(_ n: Int) { bytes.wrappingAdd(n, ordering: .relaxed) }

    /// Bytes read so far.
    public var done: Int { bytes.load(ordering: .relaxed) }
}
