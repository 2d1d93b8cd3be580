import Testing
@testable import JailTrace

/// Rule hygiene, as fail2ban's own suite enforces it.
struct RuleTests {
    @Test func everySampleMatchesItsRuleAndNoOther() {
        #expect(Ruleset.shared.validate() == [])
    }

    @Test func ruleIdsAreUnique() {
        let ids = Ruleset.shared.rules.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    /// Anchored at the start; no greedy `.*`/`.+` before the address group, except where the
    /// rule says the address is pinned to a server-written tail (and then the pattern ends in `$`).
    @Test func patternsAreAnchoredAndNotGreedyBeforeTheAddress() {
        for rule in Ruleset.shared.rules {
            #expect(rule.pattern.hasPrefix("^"), "\(rule.id): unanchored start")
            guard let ipAt = rule.pattern.range(of: "(?<ip>") else { continue }
            let before = rule.pattern[..<ipAt.lowerBound]
            let greedy = ["(?<user>.*),", ".*)", ".+)"].contains { before.contains($0) }
                || before.replacingOccurrences(of: ".*?", with: "").contains(".*")
                || before.replacingOccurrences(of: ".+?", with: "").contains(".+")
            if greedy {
                #expect(rule.lastAddressWins, "\(rule.id): greedy run before the address")
                #expect(rule.pattern.hasSuffix("$"), "\(rule.id): greedy run before the address without an end anchor")
            }
        }
    }

    @Test func everyRuleHasGatesAndSamples() {
        for rule in Ruleset.shared.rules {
            #expect(!rule.gates.isEmpty && !rule.samples.isEmpty, "\(rule.id)")
        }
    }
}
