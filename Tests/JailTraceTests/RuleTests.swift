import PCRE2
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

    /// The classifier skips the login-process rules for a message `isLoginProcess` rejects: that
    /// must never skip a rule that would match. Every Dovecot sample, and names near the edge.
    @Test func loginProcessCheckNeverSkipsAMatchingRule() {
        let login = Ruleset.shared.byFamily[Int(Family.dovecot.rawValue)].filter(\.loginProcessOnly)
        #expect(login.count >= 5)   // the login, auth-failed, no-auth, internal-failure, ID rules
        let tail = "Login: user=<bob>, method=PLAIN, rip=192.0.2.7, lip=192.0.2.1, TLS"
        var messages = Ruleset.shared.rules.filter { $0.family == .dovecot }.flatMap(\.samples)
        messages += ["imap-login", "pop3-login", "x-login", "a-login", "-login", "1-login", "imap4rev1-login",
                     "submission-login", "managesieve-login", "foo-bar-login", "Imap-login", "imap-logins", "imap_login",
                     String(repeating: "a", count: 300) + "-login", "imap", "auth", "lmtp(bob)"]
            .flatMap { ["\($0): \(tail)", "\($0): Info: \(tail)", "\($0):\(tail)", "\($0) \(tail)"] }
        let scratch = MatchScratch()
        var matched = 0
        for m in messages {
            var bytes = Array(m.utf8)
            let says = bytes.withUnsafeMutableBytes { LineClassifier.isLoginProcess(UnsafeRawBufferPointer($0)) }
            for c in login where c.pattern.matches(m, scratch: scratch) == .match {
                matched += 1
                #expect(says, "\(c.rule.id) matches \(m) but the login check skips it")
            }
            if m.hasPrefix("imap: ") || m.hasPrefix("lmtp(") { #expect(!says, "\(m)") }
        }
        #expect(matched > 20)
    }

    @Test func everyRuleHasGatesAndSamples() {
        for rule in Ruleset.shared.rules {
            #expect(!rule.gates.isEmpty && !rule.samples.isEmpty, "\(rule.id)")
        }
    }
}

extension RuleTests {
    /// Every sample of a rule that makes events, behind a real line header of its family, gives
    /// an event of that rule, and the event's detail reads cleanly: no separator left dangling
    /// by an optional group the line does not have (`": Password mismatch"`, `"flush tickets "`).
    @Test func everyEventSampleGivesItsRulesEventWithACleanDetail() throws {
        let classifier = LineClassifier()
        var checked = 0
        for (index, rule) in Ruleset.shared.rules.enumerated() where rule.event != nil {
            for sample in rule.samples {
                let header: String
                switch rule.family {
                case .postfix: header = "Jun  5 10:00:00 mx postfix/smtpd[123]: "
                case .dovecot: header = "Jun  5 10:00:00 mx dovecot[99]: "
                case .fail2ban: header = "2026-06-05 10:00:00,000 fail2ban.actions        [812]: NOTICE  "
                case .other: continue
                }
                var events: [Event] = []
                let line = Array((header + sample).utf8)
                let outcome = line.withUnsafeBytes {
                    classifier.classify($0, number: 1, file: 0, inFail2banLog: rule.family == .fail2ban, into: &events)
                }
                #expect(outcome == .event && events.count == 1, "\(rule.id): \(sample) gave \(outcome)")
                guard let e = events.first else { continue }
                #expect(Int(e.ruleIndex) == index, "\(rule.id): \(sample) matched \(e.rule)")
                #expect(e.kind == rule.event)
                if let d = e.detail {
                    let dangling = [": ", ", ", " ", ":", ","].contains { d.hasPrefix($0) || d.hasSuffix($0) }
                    #expect(!dangling && !d.isEmpty, "\(rule.id): detail \"\(d)\" from \(sample)")
                }
                checked += 1
            }
        }
        #expect(checked > 80)
    }
}
