#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One line as the reader lends it: the bytes (without `\n` or a final `\r`), valid only during
/// the callback, its 1-based number, and whether it was cut at the length limit.
public struct Line {
    /// The line's bytes, borrowed from the reader's buffer.
    public let bytes: UnsafeRawBufferPointer
    /// 1-based line number in the (decompressed) file.
    public let number: Int
    /// True when the line was longer than the limit: `bytes` then holds only its start.
    public let truncated: Bool
}

/// Splits a byte stream into lines with `memchr` over a large buffer (ripgrep's line buffer in
/// spirit): one `read` per buffer, no allocation per line, lines borrowed in place. The buffer
/// grows for a long line up to `maxLineLength`; a longer line is handed over truncated and the
/// rest of it is skipped, so no line can exhaust memory or stall the reader.
public final class LineReader {
    /// Initial buffer size.
    public static let defaultBufferSize = 256 * 1024
    /// Longest line kept whole.
    public static let defaultMaxLineLength = 1 << 20

    private let source: any ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private let maxLineLength: Int
    private let separator: Int32
    /// Total bytes read from the source.
    public private(set) var bytesRead = 0
    /// Lines handed over (brought up to date when `forEachLine` returns or throws; each line
    /// carries its own number meanwhile).
    public private(set) var lineCount = 0
    /// Lines cut at the length limit.
    public private(set) var overlongLines = 0
    /// Whether the last line read ended at the end of the data, without a separator (a copy
    /// taken while the line was being written).
    public private(set) var lastLineUnterminated = false
    /// NUL bytes dropped at the start of lines: the hole a writer leaves when its log was
    /// truncated under it (`copytruncate`) or a crash left unwritten blocks. They are not text;
    /// the line after them is read as if they were not there.
    public private(set) var holeBytes = 0

    /// Reads from `source`. `separator` is `\n` (a `\r` before it is dropped); files written
    /// with CR alone (classic Mac line ends) are read with `\r`.
    public init(source: any ByteSource, bufferSize: Int = LineReader.defaultBufferSize,
                maxLineLength: Int = LineReader.defaultMaxLineLength, separator: UInt8 = 0x0A) {
        self.source = source
        self.separator = Int32(separator)
        self.maxLineLength = max(16, maxLineLength)
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(16, min(bufferSize, self.maxLineLength + 1)), alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Calls `body` for every line, in order. Stops early when `body` returns false.
    public func forEachLine(_ body: (Line) -> Bool) throws(InputError) {
        // The buffer and the line count live in locals while lines are handed over (a class
        // property touched per line costs a dynamic exclusivity check each time).
        var buffer = self.buffer
        var lineCount = self.lineCount
        var holeBytes = self.holeBytes
        defer {
            self.buffer = buffer
            self.lineCount = lineCount
            self.holeBytes = holeBytes
        }
        /// Moves `start` past NUL bytes (before `end`), counting them.
        @inline(__always)
        func skipHole(_ start: inout Int, _ end: Int) {
            let first = start
            while start < end && buffer[start] == 0 { start += 1 }
            holeBytes += start - first
        }
        @inline(__always)
        func emit(_ from: Int, _ to: Int, truncated: Bool) -> Bool {
            var stop = to
            var from = from
            if !truncated && stop > from && buffer[stop - 1] == 0x0D { stop -= 1 }
            // A UTF-8 byte order mark before the first line (an editor's or a Windows tool's
            // copy) is not part of it.
            if lineCount == 0 && stop - from >= 3 && buffer[from] == 0xEF && buffer[from + 1] == 0xBB && buffer[from + 2] == 0xBF { from += 3 }
            lineCount += 1
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[from..<stop])
            return body(Line(bytes: bytes, number: lineCount, truncated: truncated))
        }
        var start = 0
        var end = 0
        var eof = false
        var skipping = false   // inside the tail of an overlong line
        while true {
            // Hand over every complete line in the buffer.
            while start < end {
                if buffer[start] == 0 && !skipping {
                    skipHole(&start, end)
                    if start == end { break }
                }
                let base = buffer.baseAddress! + start
                guard let nl = memchr(base, separator, end - start) else { break }
                let lineEnd = UnsafeRawPointer(nl) - UnsafeRawPointer(buffer.baseAddress!)
                if skipping {
                    skipping = false
                } else if !emit(start, lineEnd, truncated: false) {
                    return
                }
                start = lineEnd + 1
            }
            if eof {
                if start < end && !skipping {
                    lastLineUnterminated = true
                    _ = emit(start, end, truncated: false)
                }
                return
            }
            // Keep the partial line: move it to the front, or drop it while skipping.
            if skipping {
                start = 0
                end = 0
            } else if start > 0 {
                if end > start { memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start) }
                end -= start
                start = 0
            }
            if end == buffer.count {
                if buffer.count < maxLineLength + 1 {
                    let bigger = UnsafeMutableRawBufferPointer.allocate(
                        byteCount: min(buffer.count * 2, maxLineLength + 1), alignment: 64)
                    bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
                    buffer.deallocate()
                    buffer = bigger
                } else {
                    // Longer than the limit: hand over its start, skip the rest of it.
                    overlongLines += 1
                    if !emit(0, maxLineLength, truncated: true) { return }
                    skipping = true
                    start = 0
                    end = 0
                }
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { eof = true }
            bytesRead += n
            end += n
        }
    }
}
