#if canImport(Glibc)
import Glibc
#endif

/// Writes a report file atomically: a temporary file beside it, then `rename(2)`, so a failed run
/// never leaves half a report. `/dev/stdout`, `/dev/fd/N` are the descriptors themselves. A
/// symbolic link is followed (the file it names is replaced, the link stays), and a target that
/// is not a regular file — `/dev/null`, a named pipe — is written through in place: renaming over
/// it would put a regular file where the device or pipe was.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        if let fd = descriptor(named: path) {
            // The descriptor as the shell opened it (`>> file` appends; reopening the file
            // through its /proc link, or renaming over it, would write over what it holds).
            guard writeAll(bytes, fd) else { throw AtomicFileError(message: "\(path): cannot write: \(String(cString: strerror(errno)))") }
            return
        }
        var target = path
        var st = stat()
        if lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                // A dangling link: opening it creates the file it names.
                return try writeThrough(bytes, to: path, create: true)
            }
            target = String(cString: resolved)
            free(resolved)
        }
        if stat(target, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw AtomicFileError(message: "\(path): is a directory")
            default: return try writeThrough(bytes, to: target, create: false)
            }
        }
        let tmp = target + ".jailtrace-tmp-\(getpid())"
        // A file replaced keeps its permissions (a report of user names and addresses written
        // over a 0600 file stays 0600); a new one gets 0644 less the umask.
        var old = stat()
        let exists = stat(target, &old) == 0
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? old.st_mode & 0o7777 : 0o644)
        guard fd >= 0 else { throw AtomicFileError(message: "\(path): cannot create: \(String(cString: strerror(errno)))") }
        if exists { _ = fchmod(fd, old.st_mode & 0o7777) }   // exactly, whatever the umask
        let ok = writeAll(bytes, fd)
        if ok { _ = fsync(fd) }
        close(fd)
        guard ok, rename(tmp, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw AtomicFileError(message: "\(path): cannot write: \(reason)")
        }
    }

    /// The open descriptor a path names: `/dev/stdout` (1), `/dev/stderr` (2), `/dev/fd/1`,
    /// `/proc/self/fd/2`…; nil for any other path (another `/dev/fd/N` is opened as a path).
    static func descriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            // Standard output and error only: by the time a report is written, jailtrace holds
            // descriptors of its own (a higher number may be one of them, not the shell's).
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count)).flatMap { ($0 == 1 || $0 == 2) && fcntl($0, F_GETFD) != -1 ? $0 : nil }
            }
            return nil
        }
    }

    private static func writeThrough(_ bytes: [UInt8], to path: String, create: Bool) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw AtomicFileError(message: "\(path): cannot open: \(String(cString: strerror(errno)))") }
        let ok = writeAll(bytes, fd)
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok else { throw AtomicFileError(message: "\(path): cannot write: \(reason)") }
    }

    private static func writeAll(_ bytes: [UInt8], _ fd: Int32) -> Bool {
        bytes.withUnsafeBytes { raw -> Bool in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return true
        }
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
