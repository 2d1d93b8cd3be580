/// A log family: which program wrote the line.
public enum Family: UInt8, Sendable, CaseIterable {
    case postfix, dovecot, fail2ban, other
}

/// One line form, as data: an id, the family it belongs to, literal gates (at least one must occur
/// in the message before the regex runs), a PCRE2 pattern with named groups, the event it yields
/// (nil: a known line with no use for jailtrace), a detail template (`{group}` placeholders), and
/// sample messages that must match (checked by the tests and by `Ruleset.validate()`).
///
/// Group names: `ip`, `user`, `service`, `jail`, `pid`, `session`, `date` (a fail2ban
/// `Found … - date`), `relay`, `status`, `value`, and any others used only in `detail`.
public struct Rule: Sendable {
    public let id: String
    public let family: Family
    public let gates: [String]
    public let event: EventKind?
    public let pattern: String
    public let detail: String?
    public let samples: [String]
    /// Messages that look like this rule's but must not match it (a client's text imitating
    /// the server's, a failure worded like a success): checked with the samples.
    public let counterSamples: [String]
    /// Set on the few rules that take a greedy run before the address on purpose, because the
    /// server writes the address in a fixed tail after client text (Dovecot's `user,ip` pairs);
    /// such a pattern must end in `$` so the address is pinned to that tail.
    public let lastAddressWins: Bool
    /// A catch-all for the family's remaining lines of one sort (a program's diagnostics), last
    /// in its table: the samples of the rules before it may match it too.
    public let fallback: Bool

    public init(_ id: String, _ family: Family, gates: [String], event: EventKind?, pattern: String,
                detail: String? = nil, lastAddressWins: Bool = false, fallback: Bool = false, samples: [String], counterSamples: [String] = []) {
        self.fallback = fallback
        self.id = id
        self.family = family
        self.gates = gates
        self.event = event
        self.pattern = pattern
        self.detail = detail
        self.lastAddressWins = lastAddressWins
        self.samples = samples
        self.counterSamples = counterSamples
    }
}

/// Named pieces the patterns are built from (fail2ban's `<HOST>`-style building blocks).
enum Piece {
    /// Address characters; the address parser validates the capture.
    static let addr = "[0-9A-Fa-f:.]{2,45}"
    /// Postfix client `name[address]` with an optional `:port`.
    static let client = "(?<host>[^\\s\\[\\]]*)\\[(?<ip>\(addr))\\](?::\\d{1,5})?"
    /// Postfix queue id (short hex or long form).
    static let qid = "(?<qid>[0-9A-Za-z]{5,20})"
    /// Dovecot log level after the process prefix (own log files; syslog has none).
    static let level = "(?:(?:Info|Warning|Error|Fatal|Panic|Debug): )?"
    /// Dovecot login process.
    static let login = "(?<service>[a-z0-9]+-login)"
    /// The fields Dovecot's login processes append (login_log_format_elements), anchored at the
    /// end of the line so that text a client chose (the user name) cannot supply them.
    static let loginFields =
        "(?:user=<(?<user>.*?)>, )?(?:method=(?<mech>[^,]*), )?rip=(?<ip>\(addr))(?:, rport=\\d+)?(?:, lip=[0-9A-Fa-f:.]+)?(?:, rport=\\d+)?(?:, lport=\\d+)?"
        + "(?:, mpid=(?<pid>\\d+))?"
        + "(?:, (?:TLS|secured)(?: handshaking)?(?:: [^,]*)?(?:, TLSv[\\d.]+ with cipher [^,]*)?)?"
        + "(?:, session=<(?<session>[^>]*)>)?$"
    /// A fail2ban jail tag.
    static let jail = "\\[(?<jail>[^\\]\\s]{1,64})\\]"
    /// Dovecot passdb/userdb drivers that name `(user,ip…)`.
    static let passdb = "(?:pam|passwd-file|passwd|shadow|sql|ldap|checkpassword|bsdauth|lua|oauth2|static|vpopmail|imap)"
}
