internal import CIsal
#if canImport(Glibc)
import Glibc
#endif

/// Which gzip inflater reads `.gz` inputs.
public enum GzipEngine: String, Sendable, CaseIterable {
    /// Intel ISA-L (`libisal.so.2`, loaded at run time): about three times zlib's speed here.
    case isal
    /// zlib: always there.
    case zlib

    /// ISA-L when the library loads, else zlib; `JAILTRACE_GZIP=zlib` forces zlib (to compare).
    public static let preferred: GzipEngine = {
        if let forced = getenv("JAILTRACE_GZIP").map({ String(cString: $0) }), forced == "zlib" { return .zlib }
        return isalAvailable ? .isal : .zlib
    }()

    /// Whether ISA-L could be loaded (header at build time, library at run time).
    public static let isalAvailable: Bool = {
        guard let h = jt_isal_open() else { return false }
        jt_isal_close(h)
        return true
    }()
}

/// Inflates gzip data with ISA-L, with `GzipSource`'s behaviour: member after member, zero
/// padding after the last accepted, a truncated or corrupt member yields the bytes before the
/// damage and one warning naming the file and the compressed byte offset.
public final class IsalGzipSource: ByteSource {
    // SAFETY: `handle` is ISA-L's state, owned here and closed in `deinit`; `next`/`available`
    // always describe unread bytes of `input` (set by `refill`, advanced by ISA-L), and output
    // goes only into the caller's buffer, `room` bytes at most.
    private let upstream: any ByteSource
    private let path: String
    private let handle: UnsafeMutableRawPointer
    private var input: UnsafeMutableRawBufferPointer
    private var next: UnsafePointer<UInt8>?
    private var available: UInt32 = 0
    private var inputEnd = false
    private var finished = false
    private var consumed = 0           // compressed bytes read from upstream
    private var inMember = false
    private var membersDone = 0
    public private(set) var warnings: [String] = []

    /// Nil when ISA-L is not available (use `GzipSource`).
    public init?(upstream: any ByteSource, path: String, bufferSize: Int = 256 * 1024) {
        guard let h = jt_isal_open() else { return nil }
        handle = h
        self.upstream = upstream
        self.path = path
        input = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
    }

    deinit {
        jt_isal_close(handle)
        input.deallocate()
    }

    private func refill() throws(InputError) {
        let n = try upstream.read(into: input)
        if n == 0 { inputEnd = true }
        next = UnsafePointer(input.baseAddress!.assumingMemoryBound(to: UInt8.self))
        available = UInt32(n)
        consumed += n
    }

    private var compressedOffset: Int { consumed - Int(available) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if finished || buffer.count == 0 { return 0 }
        var out: UnsafeMutablePointer<UInt8>? = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var room = UInt32(clamping: buffer.count)
        let total = Int(room)
        while room > 0 {
            if available == 0 {
                if inputEnd { break }
                try refill()
                if available == 0 { break }
            }
            if !inMember {
                // Between members: skip zero padding; anything else must start a new member.
                if next![0] == 0 {
                    next = next! + 1
                    available -= 1
                    continue
                }
                if membersDone > 0 && !GzipWarning.startsMember(next!, Int(available)) {
                    warnings.append(GzipWarning.trailing(path, at: compressedOffset))
                    finished = true
                    return total - Int(room)
                }
                inMember = true
            }
            let (inBefore, outBefore) = (available, room)
            var done: Int32 = 0
            let rc = jt_isal_inflate(handle, &next, &available, &out, &room, &done)
            if rc < 0 {
                warnings.append(GzipWarning.damaged(path, at: compressedOffset))
                finished = true
                return total - Int(room)
            }
            if done != 0 {
                inMember = false
                membersDone += 1
                jt_isal_reset(handle)
                continue
            }
            if available == inBefore && room == outBefore && available > 0 {
                // No progress with input and room left: not a stream ISA-L can go on with.
                warnings.append(GzipWarning.damaged(path, at: compressedOffset))
                finished = true
                return total - Int(room)
            }
        }
        let produced = total - Int(room)
        if produced == 0 && available == 0 && inputEnd {
            finished = true
            if inMember {
                warnings.append(GzipWarning.truncated(path, at: compressedOffset))
            }
        }
        return produced
    }
}
