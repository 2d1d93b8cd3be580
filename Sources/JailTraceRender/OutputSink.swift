#if canImport(Glibc)
import Glibc
#endif

/// Buffered output to a file descriptor (stdout by default), or collected in memory for tests.
public final class OutputSink {
    // SAFETY: `buffer` holds `capacity` bytes for the sink's life; `count` never exceeds it
    // (`append` flushes first, and writes a larger block straight through).
    /// Pending bytes: a fixed block, filled with memcpy (no array growth or exclusivity checks
    /// per append), written out when full.
    private let buffer: UnsafeMutableRawPointer
    private var count = 0
    private static let capacity = 1 << 16
    private let fd: Int32?
    /// What was written, when collecting.
    public private(set) var collected: [UInt8] = []
    /// The `errno` of the first write that failed (a full disk, a closed descriptor); nothing is
    /// written after it. The command reports it and does not exit 0.
    public private(set) var failure: Int32?

    /// Writes to `fd`.
    public init(fd: Int32) {
        self.fd = fd
        buffer = .allocate(byteCount: OutputSink.capacity, alignment: 64)
    }

    /// Collects output in memory.
    public init() {
        fd = nil
        buffer = .allocate(byteCount: OutputSink.capacity, alignment: 64)
    }

    /// Appends bytes.
    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        if n == 0 { return }
        if count + n > OutputSink.capacity {
            flush()
            if n > OutputSink.capacity { emit(bytes); return }
        }
        (buffer + count).copyMemory(from: bytes.baseAddress!, byteCount: n)
        count += n
    }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Writes pending bytes (calls `write(2)`).
    public func flush() {
        emit(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    private func emit(_ raw: UnsafeRawBufferPointer) {
        guard raw.count > 0 else { return }
        guard let fd else {
            collected.append(contentsOf: raw)
            return
        }
        guard failure == nil else { return }
        var off = 0
        while off < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failure = n < 0 ? errno : EIO
                return
            }
            off += n
        }
    }

    /// Moves everything this collecting sink holds (pending bytes included) to `other`, and
    /// empties it for reuse.
    public func drain(into other: OutputSink) {
        flush()
        collected.withUnsafeBytes { other.append($0) }
        collected.removeAll(keepingCapacity: true)
    }

    /// The collected text.
    public var text: String { flush(); return String(decoding: collected, as: UTF8.self) }

    deinit {
        flush()
        buffer.deallocate()
    }
}
