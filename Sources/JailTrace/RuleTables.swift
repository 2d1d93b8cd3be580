import PCRE2

/// A classifier's own flat copy of what the per-line rule loop reads: each family's rule keys,
/// and every gate literal and long literal tail in one byte block. Plain memory, so the loop
/// over a family's rules does no reference counting at all (the rule objects are touched only
/// for a rule whose literal is present). One per classifier, freed with it.
final class RuleTables {
    // SAFETY: every buffer is allocated and filled in `init`, never resized or written again,
    // and freed in `deinit`; ranges stored in the keys index only within their own buffers.
    // `programs` and `compiled` point into the Ruleset the owning classifier keeps alive.
    struct Gate {
        var offset: Int
        var length: Int
        /// Offset of the rarest byte (what memchr looks for).
        var anchor: Int
    }

    struct Family {
        var keys: UnsafeMutableBufferPointer<RuleKey>
        /// Per rule (same order as `keys`): its gates in `gates`, and its literal past 16 bytes.
        var gateRanges: UnsafeMutableBufferPointer<Range<Int>>
        var restRanges: UnsafeMutableBufferPointer<Range<Int>>
        var gates: UnsafeMutableBufferPointer<Gate>
        var bytes: UnsafeMutableRawBufferPointer
        /// For each first byte of a message, the rules (bit k: rule k) that can start with it;
        /// and all the family's rules (for an empty message).
        var startMasks: UnsafeMutableBufferPointer<UInt64>
        var all: UInt64
        /// The rules that need a login process's message (`imap-login: …`).
        var loginOnly: UInt64
        /// Per rule: its compiled code, and its object (unretained: the classifier holds the
        /// rules), touched only when its pattern matched.
        var programs: UnsafeMutableBufferPointer<Pattern.Program>
        var compiled: UnsafeMutableBufferPointer<Unmanaged<Ruleset.Compiled>>
    }

    /// Rules per family the masks can hold.
    static let maxRules = 64

    let families: UnsafeMutableBufferPointer<Family>

    init(_ rules: Ruleset) {
        families = .allocate(capacity: rules.byFamily.count)
        for (f, compiled) in rules.byFamily.enumerated() {
            var bytes: [UInt8] = []
            var gates: [Gate] = []
            var gateRanges: [Range<Int>] = []
            var restRanges: [Range<Int>] = []
            for c in compiled {
                let first = gates.count
                for (g, gate) in c.gates.enumerated() {
                    gates.append(Gate(offset: bytes.count, length: gate.count, anchor: c.gateAnchors[g]))
                    bytes += gate
                }
                gateRanges.append(first..<gates.count)
                let rest = RuleKey.rest(c)
                restRanges.append(bytes.count..<bytes.count + rest.count)
                bytes += rest
            }
            precondition(compiled.count <= RuleTables.maxRules, "more than 64 rules in one family")
            let keys = rules.keysByFamily[f]
            let masks = (0..<256).map { b -> UInt64 in
                var m: UInt64 = 0
                for (k, key) in keys.enumerated() where key.canStart(with: UInt8(b)) { m |= 1 << UInt64(k) }
                return m
            }
            let all: UInt64 = keys.count == 64 ? .max : (1 << UInt64(keys.count)) - 1
            families.baseAddress!.advanced(by: f).initialize(to: Family(
                keys: RuleTables.copy(rules.keysByFamily[f]), gateRanges: RuleTables.copy(gateRanges),
                restRanges: RuleTables.copy(restRanges), gates: RuleTables.copy(gates),
                bytes: UnsafeMutableRawBufferPointer(RuleTables.copy(bytes.isEmpty ? [0] : bytes)),
                startMasks: RuleTables.copy(masks), all: all,
                loginOnly: compiled.enumerated().reduce(0) { $1.element.loginProcessOnly ? $0 | (1 << UInt64($1.offset)) : $0 },
                programs: RuleTables.copy(compiled.map(\.pattern.program)),
                compiled: RuleTables.copy(compiled.map { Unmanaged.passUnretained($0) })))
        }
    }

    private static func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
        let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
        _ = p.initialize(from: a)
        return UnsafeMutableBufferPointer(rebasing: p[0..<a.count])
    }

    deinit {
        for f in families {
            f.keys.baseAddress.map { $0.deallocate() }
            f.gateRanges.baseAddress.map { $0.deallocate() }
            f.restRanges.baseAddress.map { $0.deallocate() }
            f.gates.baseAddress.map { $0.deallocate() }
            f.bytes.baseAddress.map { $0.deallocate() }
            f.startMasks.baseAddress.map { $0.deallocate() }
            f.programs.baseAddress.map { $0.deallocate() }
            f.compiled.baseAddress.map { $0.deallocate() }
        }
        families.deallocate()
    }
}
