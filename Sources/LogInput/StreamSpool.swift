#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A stream named as an input (a pipe, `<(zcat …)`, `/dev/stdin` fed by a pipe) can be read
/// only once, but a file is read more than once (sniffed, then parsed; a copied rotation is
/// checked again). It is copied once, as it comes, into an unlinked temporary file (in
/// `$TMPDIR`, else `/tmp`) that stays open for the life of the process; every reader opens that
/// copy through `/proc/self/fd`. Memory stays flat whatever the stream's size; the disk holds it
/// (compressed if it came compressed).
enum StreamSpool {
    /// The path to read the copy of the stream at `path` through, or a problem naming it.
    static func copy(_ path: String) -> Result<String, SpoolError> {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return .failure(SpoolError(message: "\(path): \(FileSource.errnoText(errno)); skipped")) }
        defer { close(input) }
        var directory = "/tmp"
        if let t = getenv("TMPDIR"), t.pointee != 0 { directory = String(cString: t) }
        var template = Array((directory + "/jailtrace-stream-XXXXXX").utf8CString)
        let spool = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard spool >= 0 else {
            return .failure(SpoolError(message: "\(path): a stream, and no temporary file in \(directory) to copy it to (\(FileSource.errnoText(errno))); skipped"))
        }
        // Unlinked at once: the copy lives as long as the descriptor, never beyond the process.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let got = read(input, buffer, size)
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(spool)
                return .failure(SpoolError(message: "\(path): read failed while copying the stream (\(FileSource.errnoText(code))); skipped"))
            }
            var done = 0
            while done < got {
                let wrote = write(spool, buffer + done, got - done)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    let code = errno
                    close(spool)
                    return .failure(SpoolError(message: "\(path): could not copy the stream to \(directory) (\(FileSource.errnoText(code))); skipped"))
                }
                done += wrote
            }
        }
        return .success("/proc/self/fd/\(spool)")
    }
}

struct SpoolError: Error {
    let message: String
}
