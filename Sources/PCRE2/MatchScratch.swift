internal import CPCRE2

/// Per-thread match state: match data (ovector), a match context carrying the match and depth
/// limits, and a JIT stack. Create one per thread and reuse it for every line; never share one
/// between threads.
public final class MatchScratch {
    let matchData: OpaquePointer
    let context: OpaquePointer
    let jitStack: OpaquePointer?
    @usableFromInline let ovector: UnsafeMutablePointer<Int>
    @usableFromInline let pairs: Int

    /// Default limits: enough for any real log line against our anchored patterns, small enough
    /// that a hostile line fails in milliseconds (see the PCRE2 tests).
    public static let defaultMatchLimit: UInt32 = 200_000
    /// Backtracking depth limit (interpreter only; JIT is bounded by its stack).
    public static let defaultDepthLimit: UInt32 = 10_000

    /// Creates match data for patterns with up to `maxGroups` capturing groups
    /// (calls `pcre2_match_data_create_8`, `pcre2_match_context_create_8`, `pcre2_jit_stack_create_8`).
    public init(maxGroups: Int = 64,
                matchLimit: UInt32 = MatchScratch.defaultMatchLimit,
                depthLimit: UInt32 = MatchScratch.defaultDepthLimit) {
        pairs = maxGroups + 1
        matchData = pcre2_match_data_create_8(UInt32(pairs), nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
        ovector = pcre2_get_ovector_pointer_8(matchData)
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Matches `subject` from its start with `program`: the JIT code directly
    /// (`pcre2_jit_match_8`, which skips the interpreter's option checks; the match limit still
    /// applies), else `pcre2_match_8`. The ovector is left here for `range(_:)`.
    @inline(__always)
    public func match(_ program: Pattern.Program, _ subject: UnsafeRawBufferPointer) -> MatchResult {
        guard let base = subject.baseAddress else {
            var empty: UInt8 = 0
            return finish(pcre2_match_8(program.code, &empty, 0, 0, 0, matchData, context))
        }
        let start = base.assumingMemoryBound(to: UInt8.self)
        let rc = program.isJIT
            ? pcre2_jit_match_8(program.code, start, subject.count, 0, 0, matchData, context)
            : pcre2_match_8(program.code, start, subject.count, 0, 0, matchData, context)
        return finish(rc)
    }

    @inline(__always)
    func finish(_ rc: Int32) -> MatchResult {
        if rc >= 0 { return .match }
        switch rc {
        case PCRE2_ERROR_NOMATCH, PCRE2_ERROR_PARTIAL: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT,
             PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitExceeded(Pattern.errorMessage(rc))
        default: return .error(Pattern.errorMessage(rc))
        }
    }

    /// Byte range of capture group `group` in the last matched subject; nil when unset.
    @inlinable
    public func range(_ group: Int) -> Range<Int>? {
        guard group < pairs else { return nil }
        let start = ovector[2 * group]
        let end = ovector[2 * group + 1]
        // An unset group reads as PCRE2_UNSET (~0), which is -1 as Int.
        if start < 0 || end < start { return nil }
        return start..<end
    }

    /// The first set group among `groups` (a name used for several groups, PCRE2_DUPNAMES),
    /// read inline (no array, no call).
    @inlinable
    public func range(anyOf groups: Groups) -> Range<Int>? {
        if groups.count > 0, let r = range(Int(groups.g0)) { return r }
        if groups.count > 1, let r = range(Int(groups.g1)) { return r }
        if groups.count > 2, let r = range(Int(groups.g2)) { return r }
        if groups.count > 3, let r = range(Int(groups.g3)) { return r }
        return nil
    }
}

/// The numbers of the capture groups that share one name (PCRE2_DUPNAMES: a name used in
/// several alternatives), up to four, held inline: a plain value, free to copy.
public struct Groups: Sendable {
    public let count: Int
    @usableFromInline let g0: Int16, g1: Int16, g2: Int16, g3: Int16

    /// At most four group numbers (more is a pattern-table error).
    public init(_ numbers: [Int]) {
        precondition(numbers.count <= 4, "more than four groups share one name")
        count = numbers.count
        let n = numbers.map(Int16.init) + [Int16](repeating: -1, count: 4 - numbers.count)
        (g0, g1, g2, g3) = (n[0], n[1], n[2], n[3])
    }

    public var isEmpty: Bool { count == 0 }
}
