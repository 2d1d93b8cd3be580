#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One file chosen for reading.
public struct DiscoveredFile: Sendable, Equatable {
    /// The path as it will be shown in evidence (relative paths stay relative).
    public let path: String
    /// Where the bytes are read: `path`, or for a stream (a pipe) the copy `StreamSpool` made.
    public let readPath: String
    /// Named on the command line (always read) rather than found in a directory.
    public let explicit: Bool
    /// Modification time, seconds since the epoch (for year inference when nothing better exists).
    public let mtime: Int64

    public init(path: String, readPath: String? = nil, explicit: Bool, mtime: Int64) {
        self.path = path
        self.readPath = readPath ?? path
        self.explicit = explicit
        self.mtime = mtime
    }
}

/// Turns command-line paths into the files to read (SPEC §1).
///
/// In a directory (searched recursively, hidden entries skipped) it picks up `fail2ban.log*`,
/// `maillog*`, `mail.log*`, `dovecot*.log*` and `fail2ban.sqlite3`, with their rotations
/// (`.1`, `.2.gz`, `-20260605`, `-20260605.gz`, `.gz`, `.bz2`, `.xz`, `.zst`). It skips
/// `mail.err*`, `mail.warn*`, `mail.info*` (subsets of `mail.log`) and every other name.
/// A file named explicitly is always read.
public enum Discovery {
    /// The files to read and one message per path that could not be used.
    public static func discover(_ arguments: [String]) -> (files: [DiscoveredFile], problems: [String]) {
        var files: [DiscoveredFile] = []
        var problems: [String] = []
        var seen = Set<String>()
        var walk = Walk()
        for argument in arguments {
            // `-` is standard input (as `--output -` is standard output).
            let source = argument == "-" ? "/dev/stdin" : argument
            var st = stat()
            if stat(source, &st) != 0 {
                problems.append("\(argument): \(FileSource.errnoText(errno)); skipped")
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                // A directory already searched (given twice, or inside another one given) adds
                // nothing and is no problem.
                guard !walk.visited.contains(DirectoryID(st)) else { continue }
                walk.logsMet = 0
                walk.tooDeep = false
                let listed = walk.walk(argument, into: &files, seen: &seen, problems: &problems, depth: 0)
                if walk.tooDeep {
                    problems.append("\(argument): directories more than \(Walk.maxDepth) levels below it were not searched")
                }
                if listed && walk.logsMet == 0 {
                    problems.append("\(argument): directory holds no fail2ban or mail log (looked for fail2ban.log*, maillog*, mail.log*, dovecot*.log*, fail2ban.sqlite3)")
                }
            } else if (st.st_mode & S_IFMT) == S_IFCHR && !isTerminal(source) {
                // A device (`/dev/zero`, `/dev/urandom`) is not a log and may never end.
                problems.append("\(argument): a device, not a log file; skipped")
            } else if (st.st_mode & S_IFMT) == S_IFIFO || (st.st_mode & S_IFMT) == S_IFSOCK || (st.st_mode & S_IFMT) == S_IFCHR {
                // A stream can be read only once: read from a copy (its time is now).
                switch StreamSpool.copy(source) {
                case .success(let copy):
                    files.append(DiscoveredFile(path: argument, readPath: copy, explicit: true, mtime: Int64(time(nil))))
                case .failure(let problem):
                    problems.append(problem.message)
                }
            } else if seen.insert(canonical(source)).inserted {
                files.append(DiscoveredFile(path: argument, readPath: source, explicit: true, mtime: Int64(st.st_mtim.tv_sec)))
            }
        }
        return (files, problems)
    }

    /// Whether a file name found in a directory is one of ours.
    public static func isLogName(_ name: String) -> Bool {
        for skipped in ["mail.err", "mail.warn", "mail.info"] where name.hasPrefix(skipped) { return false }
        if name == "fail2ban.sqlite3" { return true }
        for base in ["fail2ban.log", "maillog", "mail.log"] where name.hasPrefix(base) {
            return isRotationSuffix(Substring(name.utf8.dropFirst(base.utf8.count)))
        }
        if name.hasPrefix("dovecot") {
            // dovecot*.log + rotation suffix: find the first ".log" after the prefix.
            var rest = Substring(name)
            while let dot = rest.firstIndex(of: ".") {
                let after = rest[dot...]
                if after.hasPrefix(".log") { return isRotationSuffix(after.dropFirst(4)) }
                rest = rest[rest.index(after: dot)...]
            }
        }
        return false
    }

    /// "", ".1", ".2.gz", "-20260605", "-20260605.gz", ".gz", "-2026060512.xz", and logrotate's
    /// other date forms: "-2026-06-05", ".20260605", "-20260605-1780000000" (`dateformat -%Y%m%d-%s`),
    /// "-2026-06-05.1", …
    static func isRotationSuffix(_ suffix: Substring) -> Bool {
        var s = suffix
        for ext in [".gz", ".bz2", ".xz", ".zst", ".zstd"] where s.hasSuffix(ext) {
            s = s.dropLast(ext.count)
            break
        }
        if s.isEmpty { return true }
        let first = s.first!
        guard first == "." || first == "-" else { return false }
        let body = Array(s.dropFirst().utf8)
        func digits(_ r: ArraySlice<UInt8>) -> Bool { !r.isEmpty && r.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        // A rotation number.
        if first == "." && digits(body[...]) && body.count <= 4 { return true }
        // A date: YYYYMMDD, YYYYMMDDHH or YYYY-MM-DD, then perhaps a separator and a number.
        var date = 0
        if body.count >= 10 && digits(body[0..<4]) && body[4] == 0x2D && digits(body[5..<7]) && body[7] == 0x2D && digits(body[8..<10]) {
            date = 10
        } else if body.count >= 10 && digits(body[0..<10]) && (body.count == 10 || !digits(body[10...10])) {
            date = 10
        } else if body.count >= 8 && digits(body[0..<8]) && (body.count == 8 || !digits(body[8...8])) {
            date = 8
        }
        guard date > 0 else { return false }
        let rest = body[date...]
        if rest.isEmpty { return true }
        return (rest.first == 0x2D || rest.first == 0x2E || rest.first == 0x5F) && digits(rest.dropFirst())
    }

    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is a terminal (a stream typed or pasted in: read like a pipe).
    private static func isTerminal(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return isatty(fd) == 1
    }
}

/// A directory by device and inode: the same directory however it is reached (a symlink, `.`).
struct DirectoryID: Hashable {
    let device: UInt64
    let inode: UInt64
    init(_ st: stat) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// One search of the directories given: each directory is listed once however many ways lead
/// to it (symlink loops, a directory given twice), down to `maxDepth` levels.
struct Walk {
    static let maxDepth = 16
    var visited = Set<DirectoryID>()
    /// Set when a directory deeper than `maxDepth` was left out (one warning per argument).
    var tooDeep = false
    /// Log files met, counting those already read through another path (a link to a file
    /// given too is a log the directory holds, not a reason to warn that it holds none).
    var logsMet = 0
    /// The log files met in and below each directory listed (a directory given after one
    /// inside it still holds that one's logs).
    var logsIn: [DirectoryID: Int] = [:]

    /// Lists `directory` and those below it into `files`; false when it could not be listed.
    @discardableResult
    mutating func walk(_ directory: String, into files: inout [DiscoveredFile], seen: inout Set<String>,
                       problems: inout [String], depth: Int) -> Bool {
        var own = stat()
        guard stat(directory, &own) == 0 else { return true }
        let id = DirectoryID(own)
        guard visited.insert(id).inserted else {
            logsMet += logsIn[id] ?? 0
            return true
        }
        let metBefore = logsMet
        defer { logsIn[id] = logsMet - metBefore }
        guard depth <= Walk.maxDepth else {
            tooDeep = true
            return true
        }
        guard let dir = opendir(directory) else {
            problems.append("\(directory): cannot list directory: \(FileSource.errnoText(errno))")
            return false
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name.hasPrefix(".") { continue }
            names.append(name)
        }
        closedir(dir)
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var st = stat()
            guard stat(path, &st) == 0 else {
                // A log's name that cannot be followed (a dangling link, a file gone while
                // listing): the set the user gave is incomplete, so say so.
                if Discovery.isLogName(name) { problems.append("\(path): \(FileSource.errnoText(errno)); skipped") }
                continue
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &files, seen: &seen, problems: &problems, depth: depth + 1)
            } else if (st.st_mode & S_IFMT) == S_IFREG, Discovery.isLogName(name) {
                logsMet += 1
                if seen.insert(Discovery.canonical(path)).inserted {
                    files.append(DiscoveredFile(path: path, explicit: false, mtime: Int64(st.st_mtim.tv_sec)))
                }
            }
        }
        return true
    }
}
