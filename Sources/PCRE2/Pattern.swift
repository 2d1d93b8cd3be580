internal import CPCRE2

/// A compiled, JIT-compiled PCRE2 pattern. Immutable after `init`, so one instance is shared by
/// every thread; each thread brings its own `MatchScratch`.
///
/// Patterns are compiled without `PCRE2_UTF`: log lines may hold invalid UTF-8, and in UTF mode
/// one bad byte in a username would make the whole line fail to match.
public final class Pattern: @unchecked Sendable {
    // SAFETY: `code` is written once in `init` and only read afterwards; pcre2_match_8 and
    // pcre2_jit_match_8 treat compiled code as read-only, so sharing it across threads is sound.
    let code: OpaquePointer
    /// The source text, for messages.
    public let source: String
    /// Named groups → group numbers (several numbers when `(?J)` duplicates a name).
    public let groupNumbers: [String: [Int]]
    /// Number of capturing groups.
    public let captureCount: Int
    /// Whether JIT compilation succeeded (it can be unavailable on some CPUs; matching then falls
    /// back to the interpreter, slower but correct).
    public let isJIT: Bool
    /// For a thread's alias: the pattern that owns `code` (kept alive; frees it).
    private let owner: Pattern?

    /// Compiles `source` (calls `pcre2_compile_8`, then `pcre2_jit_compile_8`).
    public init(_ source: String, caseless: Bool = false) throws(PatternError) {
        self.source = source
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        var options: UInt32 = PCRE2_DUPNAMES
        if caseless { options |= PCRE2_CASELESS }
        let compiled: OpaquePointer? = source.utf8CString.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: buf.count) { ptr in
                pcre2_compile_8(ptr, buf.count - 1, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PatternError(message: Pattern.errorMessage(errorCode), offset: errorOffset, pattern: source)
        }
        code = compiled
        owner = nil
        isJIT = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        var nameCount: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMETABLE), &table)
        var names: [String: [Int]] = [:]
        if let table, nameCount > 0 {
            for i in 0..<Int(nameCount) {
                let entry = table + i * Int(entrySize)
                let number = Int(entry[0]) << 8 | Int(entry[1])
                let name = String(cString: entry + 2)
                names[name, default: []].append(number)
            }
        }
        groupNumbers = names
    }

    /// A second handle on the same compiled code, for one thread: sharing one object between
    /// threads makes every use an atomic reference-count update on one shared cache line.
    public func threadCopy() -> Pattern { Pattern(aliasing: self) }

    private init(aliasing other: Pattern) {
        code = other.code
        source = other.source
        groupNumbers = other.groupNumbers.mapValues { $0.map { $0 } }
        captureCount = other.captureCount
        isJIT = other.isJIT
        owner = other
    }

    deinit { if owner == nil { pcre2_code_free_8(code) } }

    /// The bytes an anchored pattern (`^…`) can start its match with, as a 256-bit set (four
    /// words, bit `b` of word `b >> 6`), from PCRE2's own analysis of the pattern without its
    /// `^`; nil when PCRE2 cannot narrow it (a pattern that can match empty, a leading `.`).
    public static func startBytes(ofAnchored source: String) -> [UInt64]? {
        guard source.hasPrefix("^") else { return nil }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let body = Array(source.utf8.dropFirst())
        guard let code = pcre2_compile_8(body, body.count, PCRE2_DUPNAMES, &errorCode, &errorOffset, nil) else { return nil }
        defer { pcre2_code_free_8(code) }
        var type: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type)
        if type == 1 {
            var unit: UInt32 = 0
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit)
            var set = [UInt64](repeating: 0, count: 4)
            set[Int(unit >> 6)] |= 1 << UInt64(unit & 63)
            return set
        }
        var bitmap: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap)
        guard let bitmap else { return nil }
        var set = [UInt64](repeating: 0, count: 4)
        for b in 0..<256 where bitmap[b >> 3] & (1 << UInt8(b & 7)) != 0 { set[b >> 6] |= 1 << UInt64(b & 63) }
        return set
    }

    /// The group number(s) of a named group; empty when the pattern has no such name.
    public func numbers(of name: String) -> [Int] { groupNumbers[name] ?? [] }

    /// Matches `subject` from its start: the JIT code directly (`pcre2_jit_match_8`, which skips
    /// the interpreter's option checks; the match limit still applies), else `pcre2_match_8`.
    /// The ovector is left in `scratch` for `scratch.range(_:)`.
    @inline(__always)
    public func match(_ subject: UnsafeRawBufferPointer, scratch: MatchScratch) -> MatchResult {
        scratch.match(program, subject)
    }

    /// The compiled code as a plain value, for loops that must not touch reference counts:
    /// valid while this pattern lives.
    public var program: Program { Program(code: code, isJIT: isJIT) }

    /// A pattern's compiled code without the object around it (see `program`).
    public struct Program: @unchecked Sendable {
        // SAFETY: read-only compiled code (see `Pattern`); whoever holds a Program keeps its
        // Pattern alive.
        let code: OpaquePointer
        let isJIT: Bool
    }

    /// Convenience for tests and cold paths: matches a Swift string's UTF-8 bytes.
    public func matches(_ text: String, scratch: MatchScratch) -> MatchResult {
        var text = text
        return text.withUTF8 { match(UnsafeRawBufferPointer($0), scratch: scratch) }
    }

    static func errorMessage(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        if n < 0 { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }
}

/// The outcome of one match attempt.
public enum MatchResult: Equatable, Sendable {
    case match
    case noMatch
    /// The match or depth limit (or the JIT stack) ran out: the line is pathological for this
    /// pattern. Callers count it; it is never a hang.
    case limitExceeded(String)
    /// Any other PCRE2 error, with its message.
    case error(String)
}

/// A pattern that failed to compile: PCRE2's message and the offset in the pattern.
public struct PatternError: Error, CustomStringConvertible, Sendable {
    /// PCRE2's own message.
    public let message: String
    /// Offset in the pattern where compilation failed.
    public let offset: Int
    /// The pattern source.
    public let pattern: String
    public var description: String { "pattern error at offset \(offset): \(message) in /\(pattern)/" }
}
