#if canImport(Glibc)
import Glibc
#endif

/// Writes a file atomically: a temporary file beside it, then `rename(2)`, so a failed run never
/// leaves half a report.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".jailtrace-tmp-\(getpid())"
        // A file replaced keeps its permissions (a report of user names and addresses written
        // over a 0600 file stays 0600); a new one gets 0644 less the umask.
        var old = stat()
        let mode: mode_t = stat(path, &old) == 0 ? old.st_mode & 0o7777 : 0o644
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw AtomicFileError(message: "\(path): cannot create: \(String(cString: strerror(errno)))") }
        if stat(path, &old) == 0 { _ = fchmod(fd, old.st_mode & 0o7777) }   // exactly, whatever the umask
        var off = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; return false }
                off += n
            }
            return fsync(fd) == 0 || true
        }
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw AtomicFileError(message: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
    }
}

public struct AtomicFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
