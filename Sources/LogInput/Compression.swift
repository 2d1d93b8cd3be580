/// Compression formats recognised by their magic bytes.
public enum Compression: String, Sendable, Equatable {
    case none, gzip, bzip2, xz, zstd

    /// Detects the format from the first bytes of a file.
    public static func detect(_ head: [UInt8]) -> Compression {
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return .gzip }
        if head.count >= 3 && head[0] == 0x42 && head[1] == 0x5A && head[2] == 0x68 { return .bzip2 }
        if head.count >= 6 && head[0..<6].elementsEqual([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if head.count >= 4 && head[0..<4].elementsEqual([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        // A zstd skippable frame first (0x184D2A5?, as pzstd writes its index): zstd too.
        if head.count >= 4 && head[0] & 0xF0 == 0x50 && head[1..<4].elementsEqual([0x2A, 0x4D, 0x18]) { return .zstd }
        return .none
    }
}

/// Opens an input file as a stream of decompressed bytes.
public enum InputOpener {
    /// Opens `path`, sniffs its magic bytes and stacks the right decompressor on top.
    /// Unsupported compressions throw an error that names the file and the format. Problems
    /// name the file `name` (default: `path`; a stream's copy is read under its own name).
    public static func open(_ path: String, name: String? = nil, progress: ReadProgress? = nil,
                            gzip: GzipEngine = .preferred) throws(InputError) -> (source: any ByteSource, compression: Compression) {
        let file = try FileSource(path: path, name: name, progress: progress)
        let path = name ?? path
        let headBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 8)
        defer { headBuffer.deallocate() }
        var n = 0
        while n < 8 {
            let got = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: headBuffer[n...]))
            if got == 0 { break }
            n += got
        }
        let head = Array(headBuffer[0..<n])
        let compression = Compression.detect(head)
        let prefixed = PrefixedSource(prefix: head, rest: file)
        switch compression {
        case .none:
            return (prefixed, .none)
        case .gzip:
            if gzip == .isal, let fast = IsalGzipSource(upstream: prefixed, path: path) { return (fast, .gzip) }
            return (try GzipSource(upstream: prefixed, path: path), .gzip)
        case .bzip2:
            return (try Bzip2Source(upstream: prefixed, path: path), .bzip2)
        case .xz:
            return (try XzSource(upstream: prefixed, path: path), .xz)
        case .zstd:
            return (try ZstdSource(upstream: prefixed, path: path), .zstd)
        }
    }
}

/// Replays a few already-read bytes, then continues with the underlying source.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: any ByteSource
    var warnings: [String] { rest.warnings }

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            return n
        }
        return try rest.read(into: buffer)
    }
}
