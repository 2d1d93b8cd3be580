#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Something that fills a buffer with bytes: a file, a decompressor. Returns 0 at the end.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes; 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int
    /// Problems met while reading that did not stop it (a truncated gzip member, …), one line each.
    var warnings: [String] { get }
}

/// A problem with one input, always naming it.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned.
    public let path: String
    /// What went wrong, in a few words.
    public let problem: String
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

/// Reads a file with `read(2)` into the caller's buffer: no extra copy, no Foundation.
public final class FileSource: ByteSource {
    /// The path opened.
    public let path: String
    private var fd: Int32
    public private(set) var warnings: [String] = []

    /// Opens `path` read-only (calls `open(2)`).
    public init(path: String) throws(InputError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(path: path, problem: FileSource.errnoText(errno)) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            fd = -1
            throw InputError(path: path, problem: "is a directory")
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Calls `read(2)`, retrying on EINTR.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw InputError(path: path, problem: "read failed: \(FileSource.errnoText(errno))")
        }
    }

    static func errnoText(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        default: return String(cString: strerror(code))
        }
    }
}

/// Serves bytes from memory; for tests and for bytes already read (the sniffed head of a file).
public final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunk: Int
    public let warnings: [String] = []

    /// `chunk` caps each read, so tests can feed a reader 1 byte at a time.
    public init(_ bytes: [UInt8], chunk: Int = .max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        if n <= 0 { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}
