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
    private let progress: ReadProgress?
    public private(set) var warnings: [String] = []
    /// A regular file's size when opened, and the bytes read since (a file that ends sooner was
    /// truncated under the reader).
    private var sizeAtOpen: Int?
    private var bytesRead = 0

    /// The warning of a file that got shorter while it was read (worded once: every reader of
    /// the file that meets it says the same, and the file keeps one).
    public static func shrank(_ path: String) -> String {
        "\(path): the file got shorter while it was read (truncated under the reader?); the lines past that point were not read"
    }

    /// Opens `path` read-only (calls `open(2)`); bytes read are added to `progress`. Problems
    /// name the file `name` (default: `path`).
    public init(path: String, name: String? = nil, progress: ReadProgress? = nil) throws(InputError) {
        self.path = name ?? path
        self.progress = progress
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(path: self.path, problem: FileSource.errnoText(errno)) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            fd = -1
            throw InputError(path: self.path, problem: "is a directory")
        }
        if (st.st_mode & S_IFMT) == S_IFREG { sizeAtOpen = Int(st.st_size) }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Calls `read(2)`, retrying on EINTR.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                progress?.add(n)
                bytesRead += n
                if n == 0 && buffer.count > 0, let size = sizeAtOpen, bytesRead < size {
                    warnings.append(FileSource.shrank(path))
                    sizeAtOpen = nil
                }
                return n
            }
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
    private var bytes: [UInt8]
    private var offset = 0
    private let chunk: Int
    public let warnings: [String] = []

    /// `chunk` caps each read, so tests can feed a reader 1 byte at a time.
    public init(_ bytes: [UInt8], chunk: Int = .max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    /// Hands the bytes back (to be filled again) and reads nothing more: the caller then holds
    /// the only reference to their storage.
    public func takeBytes() -> [UInt8] {
        let taken = bytes
        bytes = []
        offset = 0
        return taken
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

/// Reads a byte range of a file with `pread(2)`, so several threads can parse one big file.
public final class FileRangeSource: ByteSource {
    private let path: String
    private let fd: Int32
    private var offset: Int
    private let end: Int
    private let progress: ReadProgress?
    public private(set) var warnings: [String] = []

    /// Opens `path` for `range` (byte offsets); bytes read are added to `progress`. Problems
    /// name the file `name` (default: `path`).
    public init(path: String, name: String? = nil, range: Range<Int>, progress: ReadProgress? = nil) throws(InputError) {
        self.path = name ?? path
        self.progress = progress
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(path: self.path, problem: FileSource.errnoText(errno)) }
        offset = range.lowerBound
        end = range.upperBound
    }

    deinit { if fd >= 0 { close(fd) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        let want = min(buffer.count, end - offset)
        if want <= 0 { return 0 }
        while true {
            let n = pread(fd, buffer.baseAddress, want, off_t(offset))
            if n == 0 {
                // The range was cut from the file's size when the run began.
                if warnings.isEmpty { warnings.append(FileSource.shrank(path)) }
                return 0
            }
            if n > 0 {
                offset += n
                progress?.add(n)
                return n
            }
            if errno == EINTR { continue }
            throw InputError(path: path, problem: "read failed at byte \(offset): \(FileSource.errnoText(errno))")
        }
    }

    /// Splits a regular file into up to `parts` ranges that start at line starts; nil when the
    /// file is smaller than `minimumBytes` (one pass is then cheaper).
    public static func split(path: String, parts: Int, minimumBytes: Int) -> [Range<Int>]? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        guard size >= minimumBytes, parts > 1 else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var cuts = [0]
        var probe = [UInt8](repeating: 0, count: 64 * 1024)
        for k in 1..<parts {
            var at = size * k / parts
            if at <= cuts.last! { continue }
            // Move to just after the next newline.
            var found = false
            while at < size && !found {
                let n = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(at)) }
                if n <= 0 { break }
                if let i = probe[0..<n].firstIndex(of: 0x0A) {
                    at += i + 1
                    found = true
                } else {
                    at += n
                }
            }
            if found && at < size && at > cuts.last! { cuts.append(at) }
        }
        cuts.append(size)
        return (0..<(cuts.count - 1)).map { cuts[$0]..<cuts[$0 + 1] }
    }
}
