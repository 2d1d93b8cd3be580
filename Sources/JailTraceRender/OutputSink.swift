#if canImport(Glibc)
import Glibc
#endif

/// Buffered output to a file descriptor (stdout by default), or collected in memory for tests.
public final class OutputSink {
    private var buffer: [UInt8] = []
    private let fd: Int32?
    /// What was written, when collecting.
    public private(set) var collected: [UInt8] = []

    /// Writes to `fd`.
    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    /// Collects output in memory.
    public init() {
        fd = nil
    }

    /// Appends bytes.
    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes pending bytes (calls `write(2)`).
    public func flush() {
        guard let fd else {
            collected.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        var off = 0
        buffer.withUnsafeBytes { raw in
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { if errno == EINTR { continue }; break }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The collected text.
    public var text: String { flush(); return String(decoding: collected, as: UTF8.self) }

    deinit { flush() }
}
