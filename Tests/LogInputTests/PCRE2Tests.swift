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
        #expect(s.range(anyOf: p.numbers(of: "a")) == nil)    // unset reads as nil, not garbage
        #expect(s.range(anyOf: p.numbers(of: "b")) == 0..<1)
        #expect(p.matches("yz", scratch: s) == .match)
        #expect(s.range(anyOf: p.numbers(of: "a")) == 1..<2)
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
}
