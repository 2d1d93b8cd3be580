internal import CBzip2
internal import CLzma
internal import CZstd

/// Inflates bzip2 data, stream after stream (pbzip2 and `cat a.bz2 b.bz2` write several).
/// Truncated or corrupt data yields the bytes before it and one warning naming the file.
public final class Bzip2Source: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    private var stream = bz_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnd = false, finished = false, inStream = false, initialised = false
    private var consumed = 0
    public private(set) var warnings: [String] = []

    /// Wraps `upstream` (calls `BZ2_bzDecompressInit`).
    public init(upstream: any ByteSource, path: String) throws(InputError) {
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        if initialised { BZ2_bzDecompressEnd(&stream) }
        input.deallocate()
    }

    /// Calls `BZ2_bzDecompress` until `buffer` has bytes or the input ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        let capacity = Int(stream.avail_out)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                if inputEnd { break }
                let n = try upstream.read(into: input)
                if n == 0 { inputEnd = true; break }
                consumed += n
                stream.next_in = input.baseAddress!.assumingMemoryBound(to: CChar.self)
                stream.avail_in = UInt32(n)
            }
            if !inStream {
                if initialised { BZ2_bzDecompressEnd(&stream) }
                let keepIn = (stream.next_in, stream.avail_in)
                let keepOut = (stream.next_out, stream.avail_out)
                stream = bz_stream()
                guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
                    throw InputError(path: path, problem: "bzip2 initialisation failed")
                }
                (stream.next_in, stream.avail_in) = keepIn
                (stream.next_out, stream.avail_out) = keepOut
                initialised = true
                inStream = true
            }
            let rc = BZ2_bzDecompress(&stream)
            if rc == BZ_STREAM_END { inStream = false; continue }
            if rc != BZ_OK {
                warnings.append("\(path): corrupt bzip2 data near compressed byte \(consumed - Int(stream.avail_in)); lines before it were read (the last of them may be garbled: damage is noticed only at the end of its block), the rest of the file was skipped")
                finished = true
                break
            }
        }
        let produced = capacity - Int(stream.avail_out)
        if produced == 0 && inputEnd && stream.avail_in == 0 && !finished {
            finished = true
            if inStream { warnings.append("\(path): truncated bzip2 data at compressed byte \(consumed); lines before it were read") }
        }
        return produced
    }
}

/// Decodes xz (and lzma-alone is not accepted), all concatenated streams and their padding.
public final class XzSource: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    private var stream = lzma_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnd = false, finished = false
    private var consumed = 0
    public private(set) var warnings: [String] = []

    /// Wraps `upstream` (calls `lzma_stream_decoder` with LZMA_CONCATENATED).
    public init(upstream: any ByteSource, path: String) throws(InputError) {
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        guard lzma_stream_decoder(&stream, UInt64.max, jt_lzma_concatenated()) == LZMA_OK else {
            input.deallocate()
            throw InputError(path: path, problem: "xz initialisation failed")
        }
    }

    deinit {
        lzma_end(&stream)
        input.deallocate()
    }

    /// Calls `lzma_code` until `buffer` has bytes or the input ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = buffer.count
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnd {
                let n = try upstream.read(into: input)
                if n == 0 { inputEnd = true } else {
                    consumed += n
                    stream.next_in = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
                    stream.avail_in = n
                }
            }
            let rc = lzma_code(&stream, inputEnd ? LZMA_FINISH : LZMA_RUN)
            if rc == LZMA_STREAM_END { finished = true; break }
            if rc == LZMA_OK { if inputEnd && stream.avail_out > 0 && stream.avail_in == 0 { continue }; continue }
            let what = rc == LZMA_BUF_ERROR ? "truncated xz data" : "corrupt xz data"
            warnings.append("\(path): \(what) near compressed byte \(consumed - stream.avail_in); lines before it were read" + (rc == LZMA_BUF_ERROR ? "" : " (the last of them may be garbled: damage is noticed only at the end of its block)"))
            finished = true
            break
        }
        return buffer.count - stream.avail_out
    }
}

/// Decodes zstd frames one after another (`zstd` itself concatenates them).
public final class ZstdSource: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    private let dstream: OpaquePointer
    private var input: UnsafeMutableRawBufferPointer
    private var inBuffer = ZSTD_inBuffer()
    private var inputEnd = false, finished = false
    private var inFrame = false
    private var consumed = 0
    public private(set) var warnings: [String] = []

    /// Wraps `upstream` (calls `ZSTD_createDStream`).
    public init(upstream: any ByteSource, path: String) throws(InputError) {
        self.upstream = upstream
        self.path = path
        guard let d = ZSTD_createDStream() else { throw InputError(path: path, problem: "zstd initialisation failed") }
        dstream = d
        ZSTD_initDStream(d)
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
    }

    deinit {
        ZSTD_freeDStream(dstream)
        input.deallocate()
    }

    /// Calls `ZSTD_decompressStream` until `buffer` has bytes or the input ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if finished || buffer.count == 0 { return 0 }
        var out = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
        while out.pos < out.size {
            if inBuffer.pos >= inBuffer.size {
                if inputEnd { break }
                let n = try upstream.read(into: input)
                if n == 0 { inputEnd = true; break }
                consumed += n
                inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: n, pos: 0)
            }
            let rc = ZSTD_decompressStream(dstream, &out, &inBuffer)
            if ZSTD_isError(rc) != 0 {
                warnings.append("\(path): corrupt zstd data near compressed byte \(consumed - (inBuffer.size - inBuffer.pos)): \(String(cString: ZSTD_getErrorName(rc))); lines before it were read")
                finished = true
                break
            }
            inFrame = rc != 0
        }
        if out.pos == 0 && inputEnd && !finished {
            finished = true
            if inFrame { warnings.append("\(path): truncated zstd data at compressed byte \(consumed); lines before it were read") }
        }
        return out.pos
    }
}
