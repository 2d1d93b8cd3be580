import Testing
import PCRE2

/// The PCRE2 wrapper: errors with offset, groups, JIT, limits.
struct PCRE2Tests {
    @Test func compileErrorCarriesMessageAndOffset() {
        do {
            _ = try Pattern("ab(c")
            Issue.record("should not compile")
        } catch {
            #expect(error.offset == 4)
            #expect(error.message.contains("missing closing parenthesis"))
        }
    }

    @Test func namedGroupsUnsetGroupsAndJIT() throws {
        let p = try Pattern("^(?<a>x)?(?<b>y)(?<a>z)?$")
        #expect(p.isJIT)
        let s = MatchScratch()
        #expect(p.matches("y", scratch: s) == .match)
        #expect(s.range(anyOf: Groups(p.numbers(of: "a"))) == nil)    // unset reads as nil, not garbage
        #expect(s.range(anyOf: Groups(p.numbers(of: "b"))) == 0..<1)
        #expect(p.matches("yz", scratch: s) == .match)
        #expect(s.range(anyOf: Groups(p.numbers(of: "a"))) == 1..<2)
        #expect(p.matches("q", scratch: s) == .noMatch)
        #expect(p.numbers(of: "nope").isEmpty)
    }

    @Test func invalidUTF8StillMatches() throws {
        let p = try Pattern("user=<(?<u>[^>]*)>")
        let s = MatchScratch()
        let bytes: [UInt8] = Array("user=<".utf8) + [0xFF, 0xC3, 0x28] + Array(">".utf8)
        let r = bytes.withUnsafeBytes { p.match($0, scratch: s) }
        #expect(r == .match)
        #expect(s.range(p.numbers(of: "u")[0]) == 6..<9)
    }

    @Test func pathologicalInputHitsTheLimitQuickly() throws {
        let p = try Pattern("^(a+)+$")
        let s = MatchScratch()
        let line = String(repeating: "a", count: 5000) + "b"
        let clock = ContinuousClock()
        let start = clock.now
        let r = p.matches(line, scratch: s)
        let elapsed = clock.now - start
        if case .limitExceeded = r {} else { Issue.record("expected the match limit, got \(r)") }
        #expect(elapsed < .seconds(2))
    }

    /// The start-byte sets the classifier uses to skip rules: exactly the bytes a match can
    /// start with, or nil when PCRE2 cannot narrow them.
    @Test func startBytesOfAnchoredPatterns() {
        func bytes(_ p: String) -> Set<Character>? {
            guard let set = Pattern.startBytes(ofAnchored: p) else { return nil }
            return Set((0..<256).filter { set[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }.map { Character(Unicode.Scalar(UInt8($0))) })
        }
        #expect(bytes("^connect from x") == ["c"])
        #expect(bytes("^(?:NOQUEUE|abc): x") == ["N", "a"])
        #expect(bytes("^(?:warning: )?lost") == ["w", "l"])
        #expect(bytes("^[0-9]{2}x") == Set("0123456789"))
        #expect(bytes("^.*x") == nil)
        #expect(bytes("^x?") == nil)
        #expect(bytes("no anchor") == nil)
        // Anything that matches starts with a byte of the set.
        let scratch = MatchScratch()
        for (p, subject) in [("^(?:a|b)c", "bc"), ("^(?<s>imap|pop3)-login: ", "pop3-login: ")] {
            let set = Pattern.startBytes(ofAnchored: p)!
            let b = subject.utf8.first!
            #expect(set[Int(b >> 6)] & (1 << UInt64(b & 63)) != 0)
            #expect(try! Pattern(p).matches(subject, scratch: scratch) == .match)
        }
    }
}
