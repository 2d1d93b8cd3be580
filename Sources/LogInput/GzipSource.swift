internal import CZlib

/// Inflates gzip data from another source, member after member (RFC 1952 allows several
/// concatenated members; `cat a.gz b.gz` and some log shippers write them). Zero padding after the
/// last member is accepted. A truncated or corrupt member yields the bytes before the damage, and
/// one warning naming the file and the compressed byte offset.
public final class GzipSource: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnd = false
    private var finished = false
    private var consumed: Int = 0      // compressed bytes handed to zlib so far
    private var inMember = false       // inside a member (header seen, end not yet)
    private var membersDone = 0        // members read to their end
    private var producedInMember = false
    public private(set) var warnings: [String] = []

    /// Wraps `upstream` (calls `inflateInit2_` through the shim, window bits 15+16 = gzip only).
    public init(upstream: any ByteSource, path: String, bufferSize: Int = 256 * 1024) throws(InputError) {
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        let rc = jt_inflateInit2(&stream, 15 + 16)
        if rc != Z_OK {
            input.deallocate()
            throw InputError(path: path, problem: "zlib initialisation failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    private func refill() throws(InputError) {
        let n = try upstream.read(into: input)
        if n == 0 { inputEnd = true }
        stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(n)
        consumed += n
    }

    /// Offset in the compressed file of the next unread compressed byte.
    private var compressedOffset: Int { consumed - Int(stream.avail_in) }

    /// Calls `inflate` until `buffer` has bytes or the input ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                if inputEnd { break }
                try refill()
                if stream.avail_in == 0 { break }
            }
            if !inMember {
                // Between members: skip zero padding; anything else must start a new member.
                if stream.next_in[0] == 0 {
                    stream.next_in += 1
                    stream.avail_in -= 1
                    continue
                }
                if membersDone > 0 && !GzipWarning.startsMember(stream.next_in, Int(stream.avail_in)) {
                    warnings.append(GzipWarning.trailing(path, at: compressedOffset))
                    finished = true
                    return buffer.count - Int(stream.avail_out)
                }
                inMember = true
                producedInMember = false
            }
            let before = stream.avail_out
            let rc = inflate(&stream, Z_NO_FLUSH)
            if stream.avail_out != before { producedInMember = true }
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                if rc == Z_BUF_ERROR && stream.avail_in == 0 && inputEnd { break }
                continue
            case Z_STREAM_END:
                inMember = false
                membersDone += 1
                inflateReset(&stream)
                continue
            default:
                warnings.append(GzipWarning.damaged(path, rc == Z_DATA_ERROR ? "corrupt gzip data" : "gzip error \(rc)", at: compressedOffset))
                finished = true
                return buffer.count - Int(stream.avail_out)
            }
            break
        }
        let produced = buffer.count - Int(stream.avail_out)
        if produced == 0 && stream.avail_in == 0 && inputEnd {
            finished = true
            if inMember {
                warnings.append(GzipWarning.truncated(path, at: compressedOffset))
            }
        }
        return produced
    }
}

/// The warnings of both gzip inflaters (zlib's and ISA-L's), worded once.
enum GzipWarning {
    /// Damaged data: the lines before it were read, the rest of the file skipped.
    static func damaged(_ path: String, _ what: String = "corrupt gzip data", at offset: Int) -> String {
        "\(path): \(what) at compressed byte \(offset); lines before it were read (the last of them may be garbled: damage is often noticed only at the end of its member), the rest of the file was skipped"
    }

    /// Bytes after the last member that do not start another (a gzip member starts 1F 8B).
    static func trailing(_ path: String, at offset: Int) -> String {
        "\(path): data after the last gzip member (from compressed byte \(offset)) is not gzip; ignored"
    }

    /// Whether the `count` bytes at `p` can start a gzip member (its magic, as far as they go).
    static func startsMember(_ p: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        count >= 1 && p[0] == 0x1F && (count < 2 || p[1] == 0x8B)
    }

    /// The data ends inside a member.
    static func truncated(_ path: String, at offset: Int) -> String {
        "\(path): truncated gzip data at compressed byte \(offset); lines before it were read"
    }
}
