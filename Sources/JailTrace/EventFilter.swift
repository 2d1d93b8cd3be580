/// Which events a command shows: by address, user and time window.
public struct EventFilter: Sendable {
    public var ips: Set<IPAddress> = []
    public var users: Set<String> = []
    /// UTC µs bounds (inclusive).
    public var since: Int64?
    public var until: Int64?

    public init() {}

    /// Parses the command-line forms; throws a usage error naming the bad value.
    public init(ips: [String], users: [String], since: String?, until: String?, zone: String) throws {
        for text in ips {
            guard let ip = IPAddress(text) else { throw UsageError("--ip \(text): not an IPv4 or IPv6 address") }
            self.ips.insert(ip)
        }
        if users.contains(where: { $0.allSatisfy(\.isWhitespace) }) { throw UsageError("--user: an empty name matches no one") }
        self.users = Set(users)
        self.since = try since.map { try EventFilter.parseTime($0, zone: zone, option: "--since") }
        self.until = try until.map { try EventFilter.parseTime($0, zone: zone, option: "--until") }
        if let a = self.since, let b = self.until, a > b {
            throw UsageError("--since \(since!) is after --until \(until!): the window would be empty")
        }
    }

    /// `2026-06-05`, `2026-06-05T14:00`, `2026-06-05 14:00:00`, with or without an offset;
    /// times without an offset are in `zone`.
    public static func parseTime(_ text: String, zone: String, option: String) throws -> Int64 {
        guard let t = CivilTime.parseDateTime(text) else {
            throw UsageError("\(option) \(text): not a date or time (use 2026-06-05, 2026-06-05T14:00 or 2026-06-05T14:00:00+02:00)")
        }
        if t.hasOffset { return t.micros }
        let z = Zone(identifier: zone)!
        return z.utc(fromLocal: t.naive / 1_000_000) * 1_000_000 + t.naive % 1_000_000
    }

    /// Whether an event passes.
    public func accepts(_ e: Event) -> Bool {
        if let since, e.time < since { return false }
        if let until, e.time > until { return false }
        return acceptsIdentity(e)
    }

    /// Whether an event passes the address and user conditions (usable before times are
    /// resolved).
    /// Whether `e` is of an address or a user asked for (any of them: `--ip X --user bob` is X's
    /// events and bob's, as `explain` explains both); true when none was asked for.
    public func acceptsIdentity(_ e: Event) -> Bool {
        if ips.isEmpty && users.isEmpty { return true }
        if let ip = e.ip, ips.contains(ip) { return true }
        if let u = e.user, users.contains(where: { UserMatch.matches(u, asked: $0) }) { return true }
        return false
    }
}

/// User name matching: `local@domain` matches `local@domain` and `local`.
public enum UserMatch {
    /// Whether the user name `name` (as a log wrote it) is the user `asked` for (`--user`):
    /// equal, or one is the other's local part (`bob`, `bob@example.org`), ignoring case (servers
    /// treat account names so: Dovecot lower-cases them by default, clients type them as they like).
    public static func matches(_ name: String, asked: String) -> Bool {
        let n = name.lowercased(), a = asked.lowercased()
        return n == a || localPart(n) == a || localPart(a) == n
    }

    public static func localPart(_ address: String) -> String {
        if let at = address.lastIndex(of: "@") { return String(address[..<at]) }
        return address
    }

    /// A recipient without its address extension (`bob+lists@example.org` → `bob@example.org`):
    /// with Postfix's usual `recipient_delimiter = +` such mail goes to bob's mailbox. Only `+`
    /// (a `-` delimiter would cut real names such as `jean-luc`); nil when there is none.
    public static func withoutExtension(_ recipient: String) -> String? {
        let local = localPart(recipient)
        guard let plus = local.firstIndex(of: "+"), plus != local.startIndex else { return nil }
        return String(local[..<plus]) + recipient[local.endIndex...]
    }

    /// Whether a recipient address belongs to a user name.
    public static func recipient(_ recipient: String, isUser user: String) -> Bool {
        let r = recipient.lowercased(), u = user.lowercased()
        return r == u || localPart(r) == u || localPart(u) == r
    }
}
