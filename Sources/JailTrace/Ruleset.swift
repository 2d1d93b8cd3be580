import PCRE2
#if canImport(Glibc)
import Glibc
#endif

/// The rule tables of every family, compiled once (with JIT) and shared by all threads.
public final class Ruleset: Sendable {
    /// A rule with its compiled pattern and the group numbers the classifier reads.
    final class Compiled: Sendable {
        let rule: Rule
        let index: UInt16
        let pattern: Pattern
        let gates: [[UInt8]]
        /// Per gate, the offset of its rarest byte in log text: the byte memchr looks for.
        let gateAnchors: [Int]
        let ip: Groups, user: Groups, service: Groups, jail: Groups, pid: Groups, session: Groups
        let date: Groups, relay: Groups, status: Groups, value: Groups, name: Groups, free: Groups
        let detail: [DetailPart]
        /// The literal the pattern starts with (after `^`), when it has one of 2+ bytes: checked
        /// with one memcmp at the message start instead of scanning for the gates.
        let prefix: [UInt8]
        /// For Postfix rules anchored on a queue id: the literal right after `QID: `.
        let qidPrefix: [UInt8]
        let allowsNoqueue: Bool
        /// For fail2ban rules anchored on a jail (`^[jail] literal…`): the literal after `] `.
        let jailPrefix: [UInt8]
        /// A Dovecot rule for a login process's lines only (`^imap-login: …`): skipped at once
        /// for a message whose process name does not end in `-login`.
        let loginProcessOnly: Bool
        /// The pattern ends (`$`) in text a client chose and the address is not taken from the
        /// line's end: a line cut by syslog may have been cut inside that text.
        let endsInClientText: Bool
        /// A fail2ban record after which settings lines no longer belong to the jail being
        /// created or reloaded (its start or stop, `Jail '…' reloaded`): a later `banTime: 300`
        /// is a runtime `fail2ban-client set`, whose line names no jail.
        let endsJailBlock: Bool

        init(rule: Rule, index: UInt16, pattern: Pattern, detail: [DetailPart]) {
            self.rule = rule
            self.index = index
            self.pattern = pattern
            gates = rule.gates.map { Array($0.utf8) }
            gateAnchors = gates.map(Bytes.rarestByteOffset)
            let g = { (name: String) in Groups(pattern.numbers(of: name)) }
            ip = g("ip"); user = g("user"); service = g("service"); jail = g("jail"); pid = g("pid")
            session = g("session"); date = g("date"); relay = g("relay"); status = g("status")
            value = g("value"); name = g("name"); free = g("free")
            self.detail = detail
            prefix = Compiled.literalPrefix(rule.pattern)
            // Postfix `^QID: literal…` and `^(?:NOQUEUE|QID): literal…`: the literal after the queue id.
            var afterQ: [UInt8] = []
            var noqueue = false
            for (head, nq) in [("^" + Piece.qid + ": ", false), ("^(?:NOQUEUE|" + Piece.qid + "): ", true)] where rule.pattern.hasPrefix(head) {
                afterQ = Compiled.literalPrefix("^" + rule.pattern.dropFirst(head.count))
                noqueue = nq
            }
            qidPrefix = afterQ
            allowsNoqueue = noqueue
            let jailHead = "^" + Piece.jail + " "
            jailPrefix = rule.pattern.hasPrefix(jailHead) ? Compiled.literalPrefix("^" + rule.pattern.dropFirst(jailHead.count)) : []
            loginProcessOnly = rule.family == .dovecot && rule.pattern.hasPrefix("^" + Piece.login + ": ")
            endsInClientText = !user.isEmpty && rule.lastAddressWins == false && rule.pattern.hasSuffix("$")
            endsJailBlock = rule.family == .fail2ban && (rule.event == .jailStart || rule.event == .jailStop || rule.id == "fail2ban.jail-reloaded")
        }

        /// Leading literal bytes of an anchored pattern (stops at the first metacharacter; an
        /// optional or repeated last literal is dropped).
        static func literalPrefix(_ pattern: String) -> [UInt8] {
            guard pattern.hasPrefix("^") else { return [] }
            var out: [UInt8] = []
            var it = Array(pattern.utf8.dropFirst())[...]
            while let c = it.first {
                if c == 0x5C, it.count >= 2 {   // escaped literal: \( \[ \. etc.
                    let n = it[it.startIndex + 1]
                    if "()[]{}.*+?^$|\\/-: ".utf8.contains(n) { out.append(n); it = it.dropFirst(2); continue }
                    break
                }
                if "()[]{}.*+?^$|".utf8.contains(c) {
                    if "*?{".utf8.contains(c) && !out.isEmpty { out.removeLast() }
                    break
                }
                out.append(c)
                it = it.dropFirst()
            }
            return out.count >= 2 ? out : []
        }
    }

    enum DetailPart: Sendable {
        case literal(String)
        case group(Groups)
    }

    /// Every rule, in table order.
    public let rules: [Rule]
    /// Each rule's family, by rule index (read per event: no copy of a whole `Rule`).
    let families: [Family]
    let byFamily: [[Compiled]]
    /// Per family, in the same order: each rule's anchored literal as plain values, so the
    /// classifier skips a rule with two masked compares, without touching the rule object.
    let keysByFamily: [[RuleKey]]

    /// The built-in rules of all families.
    public static let shared: Ruleset = {
        do { return try Ruleset(rules: PostfixRules.all + DovecotRules.all + Fail2banRules.all) } catch {
            fatalError("built-in rule does not compile: \(error)")
        }
    }()

    /// Compiles `rules`; throws the first pattern error, naming the rule.
    public init(rules: [Rule]) throws {
        self.rules = rules
        families = rules.map(\.family)
        var families = [[Compiled]](repeating: [], count: Family.allCases.count)
        for (index, rule) in rules.enumerated() {
            let pattern: Pattern
            do { pattern = try Pattern(rule.pattern) } catch {
                throw RuleError(rule: rule.id, message: error.description)
            }
            families[Int(rule.family.rawValue)].append(Compiled(
                rule: rule, index: UInt16(index), pattern: pattern, detail: Ruleset.parseDetail(rule.detail, pattern)))
        }
        byFamily = families
        keysByFamily = families.map { $0.map(RuleKey.init) }
    }

    /// The index in `rules` of the built-in rule `id` (the `Event.ruleIndex` its events carry).
    /// An id no rule has is a programming error.
    func index(of id: String) -> UInt16 {
        guard let k = rules.firstIndex(where: { $0.id == id }) else { preconditionFailure("no rule \(id)") }
        return UInt16(k)
    }

    /// A copy for one thread: the same compiled code, with every object and array its own, so
    /// the hot loop's reference counting never touches memory another thread uses.
    func threadCopy() -> Ruleset { Ruleset(copying: self) }

    private init(copying other: Ruleset) {
        rules = other.rules
        families = other.families
        byFamily = other.byFamily.map { family in
            family.map { c in
                Compiled(rule: c.rule, index: c.index, pattern: c.pattern.threadCopy(), detail: c.detail.map { part in
                    switch part {
                    case .literal(let s): return .literal(String(decoding: Array(s.utf8), as: UTF8.self))
                    case .group(let g): return .group(g)
                    }
                })
            }
        }
        keysByFamily = other.keysByFamily
    }

    static func parseDetail(_ template: String?, _ pattern: Pattern) -> [DetailPart] {
        guard let template else { return [] }
        var parts: [DetailPart] = []
        var literal = ""
        var i = template.startIndex
        while i < template.endIndex {
            if template[i] == "{", let close = template[i...].firstIndex(of: "}") {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.group(Groups(pattern.numbers(of: String(template[template.index(after: i)..<close])))))
                i = template.index(after: close)
            } else {
                literal.append(template[i])
                i = template.index(after: i)
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// Checks that every rule's samples match that rule and no other rule of its family, and
    /// that none of its counter-samples matches it.
    /// Returns one message per problem (empty when all is well).
    public func validate() -> [String] {
        var problems: [String] = []
        let scratch = MatchScratch()
        for family in byFamily {
            for compiled in family {
                if compiled.rule.samples.isEmpty { problems.append("\(compiled.rule.id): no sample") }
                if compiled.rule.fallback && compiled.rule.id != family.last?.rule.id { problems.append("\(compiled.rule.id): a fallback rule must be last in its table") }
                for sample in compiled.rule.samples {
                    if compiled.pattern.matches(sample, scratch: scratch) != .match {
                        problems.append("\(compiled.rule.id): sample does not match: \(sample)")
                    }
                    for other in family where other.rule.id != compiled.rule.id && !other.rule.fallback {
                        if other.pattern.matches(sample, scratch: scratch) == .match {
                            problems.append("\(compiled.rule.id): sample also matches \(other.rule.id): \(sample)")
                        }
                    }
                    var gateHit = false
                    for gate in compiled.rule.gates where sample.contains(gate) { gateHit = true }
                    if !gateHit { problems.append("\(compiled.rule.id): no gate literal occurs in sample: \(sample)") }
                }
                for counter in compiled.rule.counterSamples where compiled.pattern.matches(counter, scratch: scratch) == .match {
                    problems.append("\(compiled.rule.id): counter-sample matches: \(counter)")
                }
            }
        }
        return problems
    }
}

/// A rule whose pattern does not compile.
public struct RuleError: Error, CustomStringConvertible {
    public let rule: String
    public let message: String
    public var description: String { "rule \(rule): \(message)" }
}

/// Where a rule's literal must sit in the message, and the literal's first 16 bytes as two
/// masked words (a rule without an anchored literal is decided by its gates).
struct RuleKey {
    enum Anchor: UInt8 { case gates, start, afterQueueID, afterJail }
    let anchor: Anchor
    let allowsNoqueue: Bool
    let length: Int
    let w0: UInt64, m0: UInt64, w1: UInt64, m1: UInt64
    /// The bytes the message can start with (PCRE2's start-of-match analysis; all when unknown).
    /// Plain values only: reading a key costs no reference counting (the literal past 16 bytes
    /// is in the classifier's `RuleTables`).
    let s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(_ c: Ruleset.Compiled) {
        let (anchor, literal) = RuleKey.anchoredLiteral(c)
        self.anchor = anchor
        allowsNoqueue = c.allowsNoqueue
        length = literal.count
        let (a, b) = RuleKey.words(literal)
        w0 = a; w1 = b
        (m0, m1) = RuleKey.words([UInt8](repeating: 0xFF, count: min(16, literal.count)))
        let start = Pattern.startBytes(ofAnchored: c.rule.pattern) ?? [.max, .max, .max, .max]
        (s0, s1, s2, s3) = (start[0], start[1], start[2], start[3])
    }

    /// Whether a message starting with `byte` can match.
    @inline(__always)
    func canStart(with byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = s0
        case 1: word = s1
        case 2: word = s2
        default: word = s3
        }
        return word & (1 << UInt64(byte & 63)) != 0
    }

    /// Where `c`'s literal is anchored and the literal (after the queue id, after the jail, at
    /// the message start; none: the rule is decided by its gates).
    static func anchoredLiteral(_ c: Ruleset.Compiled) -> (Anchor, [UInt8]) {
        if !c.qidPrefix.isEmpty { return (.afterQueueID, c.qidPrefix) }
        if !c.jailPrefix.isEmpty { return (.afterJail, c.jailPrefix) }
        if !c.prefix.isEmpty { return (.start, c.prefix) }
        return (.gates, [])
    }

    /// The anchored literal of `c` past its first 16 bytes.
    static func rest(_ c: Ruleset.Compiled) -> [UInt8] {
        Array(anchoredLiteral(c).1.dropFirst(16))
    }

    /// Up to 16 bytes as two little-endian words, zero-padded.
    static func words(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var a: UInt64 = 0, b: UInt64 = 0
        for (i, byte) in bytes.prefix(16).enumerated() {
            if i < 8 { a |= UInt64(byte) << (8 * UInt64(i)) } else { b |= UInt64(byte) << (8 * UInt64(i - 8)) }
        }
        return (a, b)
    }

    /// The 16 bytes of `p` from `offset` as two words (zero past the end).
    @inline(__always)
    static func load(_ p: UnsafeRawBufferPointer, _ offset: Int) -> (UInt64, UInt64) {
        let n = p.count - offset
        if n >= 16 {
            return (p.loadUnaligned(fromByteOffset: offset, as: UInt64.self), p.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        }
        var buf: (UInt64, UInt64) = (0, 0)
        if n > 0 { withUnsafeMutableBytes(of: &buf) { $0.baseAddress!.copyMemory(from: p.baseAddress! + offset, byteCount: n) } }
        return buf
    }

    /// Whether the literal sits at `offset` of `p`, whose 16 bytes there are `words` (`rest`:
    /// the literal's bytes past 16, looked at only when the words match).
    @inline(__always)
    func matches(_ words: (UInt64, UInt64), _ p: UnsafeRawBufferPointer, _ offset: Int, rest: UnsafeRawBufferPointer) -> Bool {
        guard (words.0 & m0) == w0, (words.1 & m1) == w1, p.count - offset >= length else { return false }
        if length <= 16 { return true }
        return memcmp(rest.baseAddress!, p.baseAddress! + offset + 16, rest.count) == 0
    }
}
