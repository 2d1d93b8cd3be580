// Fuzzes the decompressors and the line reader on damaged/hostile compressed input.
// Input: byte 0 selects the decoder (value % 6: none, gzip — ISA-L or zlib —, bzip2, xz, zstd,
// sniff the magic like InputOpener) and the upstream read size (value / 6: 1…43 bytes per read, 0 = all at once);
// the rest is the file. Lines go through a LineReader with a small maximum line length.
// Must not crash or hang. Decompressed output is capped at 64 MiB per input (a bomb is not a bug).
import JailTrace
import LogInput

/// Passes reads through, and ends the stream after `limit` bytes.
final class CappedSource: ByteSource {
    let upstream: any ByteSource
    var remaining: Int
    var warnings: [String] { upstream.warnings }
    init(_ upstream: any ByteSource, limit: Int) {
        self.upstream = upstream
        remaining = limit
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if remaining <= 0 || buffer.count == 0 { return 0 }
        let n = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<min(buffer.count, remaining)]))
        if n < 0 || n > min(buffer.count, remaining) { fatalError("source returned \(n) for a \(buffer.count)-byte buffer") }
        remaining -= n
        return n
    }
}

let maxLine = 64

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let selector = Int(data[0])
    let body = Array(data[1...])
    let chunk = selector / 6 == 0 ? Int.max : selector / 6
    let memory = MemorySource(body, chunk: chunk)
    var kind = selector % 6
    if kind == 5 {
        switch Compression.detect(Array(body.prefix(8))) {
        case .none: kind = 0
        case .gzip: kind = 1
        case .bzip2: kind = 2
        case .xz: kind = 3
        case .zstd: kind = 4
        }
    }
    let path = "fuzz-input"
    let source: any ByteSource
    do {
        switch kind {
        case 1:
            // Odd buffer sizes go through ISA-L when it loads, even ones through zlib.
            let size = 1 + selector % 97
            if size % 2 == 1, let fast = IsalGzipSource(upstream: memory, path: path, bufferSize: size) { source = fast } else {
                source = try GzipSource(upstream: memory, path: path, bufferSize: size)
            }
        case 2: source = try Bzip2Source(upstream: memory, path: path)
        case 3: source = try XzSource(upstream: memory, path: path)
        case 4: source = try ZstdSource(upstream: memory, path: path)
        default: source = memory
        }
    } catch {
        return 0
    }
    let reader = LineReader(source: CappedSource(source, limit: 64 << 20), bufferSize: 16, maxLineLength: maxLine)
    var lines = 0
    do {
        try reader.forEachLine { line in
            lines += 1
            if line.number != lines { fatalError("line number \(line.number), expected \(lines)") }
            if line.bytes.count > maxLine { fatalError("line of \(line.bytes.count) bytes over the \(maxLine) limit") }
            if !line.truncated && line.bytes.contains(0x0A) { fatalError("line contains a newline") }
            return true
        }
    } catch {
        // a damaged stream may throw; it must name the file
        if error.path != path { fatalError("error names \(error.path), not \(path)") }
    }
    _ = source.warnings
    return 0
}
