/// The report model every renderer reads (SPEC §5). `Codable`, so JSON output is nearly free and
/// golden tests compare plain values.
public struct ExplainReport: Codable, Sendable {
    public var tool = "jailtrace"
    public var schema = 1
    public var timezone: String
    public var window: Window
    public var inputs: [InputSummary]
    public var devices: [DeviceReport]
    /// What `--ip`/`--user` asked for (empty: every device).
    public var selection = Selection()
    /// Problems not tied to one input (an argument that could not be used, `--jail-config`);
    /// each input's own are under it.
    public var warnings: [String] = []
}

/// The addresses and users a report was asked about.
public struct Selection: Codable, Sendable {
    public var ips: [String] = []
    public var users: [String] = []
    public init(ips: [String] = [], users: [String] = []) {
        self.ips = ips
        self.users = users
    }
    public var isEmpty: Bool { ips.isEmpty && users.isEmpty }
}

/// Start and end of the analysed window (RFC 3339 UTC).
public struct Window: Codable, Sendable {
    public var start: String?
    public var end: String?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)   // null when no input has a time (SPEC §5 lists the keys)
        try c.encode(end, forKey: .end)
    }
}

/// One input file as the report shows it.
public struct InputSummary: Codable, Sendable {
    public var path: String
    public var kind: String
    public var compression: String
    public var lines: Int
    public var events: Int
    public var ignored: Int
    public var unrecognized: Int
    public var first: String?
    public var last: String?
    public var warnings: [String]
    /// Things handled that are worth knowing (an overlapping rotation read once).
    public var notes: [String] = []

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(kind, forKey: .kind)
        try c.encode(compression, forKey: .compression)
        try c.encode(lines, forKey: .lines)
        try c.encode(events, forKey: .events)
        try c.encode(ignored, forKey: .ignored)
        try c.encode(unrecognized, forKey: .unrecognized)
        try c.encode(first, forKey: .first)   // null for a file without a time
        try c.encode(last, forKey: .last)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(notes, forKey: .notes)
    }
}

/// A device (or an address asked about with `--ip`) with its verdict and evidence.
public struct DeviceReport: Codable, Sendable {
    public var ip: String
    public var users: [String]
    public var verdict: String
    public var summary: String
    public var lastSeen: String?
    public var deliveredWhileSilent: Int
    public var bans: [BanReport]
    public var timeline: [TimelineEntry]
    /// Auth failures from the address after lastSeen.
    public var authFailuresSinceLastSeen: Int
    /// Logins whose session process then died.
    public var failedSessions: Int
    /// Where one of the users went (verdict `moved`).
    public var movedTo: String?
    /// Timeline entries left out (the timeline keeps what explains the verdict).
    public var timelineOmitted: Int
    /// Oldest evidence of this address not kept in memory (a very noisy address: counts stay
    /// exact, but the timeline and the failures listed for its oldest bans are incomplete).
    public var evidenceCapped: Int = 0
    /// The deliveries `deliveredWhileSilent` counts, earliest first: at most
    /// `DeviceReport.deliveriesShown`; `deliveriesOmitted` counts the rest.
    public var deliveries: [DeliveryRef] = []
    public var deliveriesOmitted: Int = 0
    public static let deliveriesShown = 20

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ip, forKey: .ip)
        try c.encode(users, forKey: .users)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(summary, forKey: .summary)
        try c.encode(lastSeen, forKey: .lastSeen)
        try c.encode(deliveredWhileSilent, forKey: .deliveredWhileSilent)
        try c.encode(bans, forKey: .bans)
        try c.encode(timeline, forKey: .timeline)
        try c.encode(authFailuresSinceLastSeen, forKey: .authFailuresSinceLastSeen)
        try c.encode(failedSessions, forKey: .failedSessions)
        try c.encode(movedTo, forKey: .movedTo)
        try c.encode(timelineOmitted, forKey: .timelineOmitted)
        if evidenceCapped > 0 { try c.encode(evidenceCapped, forKey: .evidenceCapped) }
        try c.encode(deliveries, forKey: .deliveries)
        if deliveriesOmitted > 0 { try c.encode(deliveriesOmitted, forKey: .deliveriesOmitted) }
    }
}

/// A mailbox delivery counted in `deliveredWhileSilent`: its time, recipient and line.
public struct DeliveryRef: Codable, Sendable {
    public var time: String
    public var recipient: String?
    public var file: String
    public var line: Int
}

/// One ban: jail, start, end (`null` while in force), how it ended, and the failures behind it.
public struct BanReport: Codable, Sendable {
    public var jail: String
    public var start: String
    public var end: String?
    public var endReason: String?
    public var failures: [FailureRef]
    /// Whether the ban went on across a fail2ban restart.
    public var restored: Bool
    /// The ban's evidence line.
    public var file: String
    public var line: Int

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jail, forKey: .jail)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(endReason, forKey: .endReason)
        try c.encode(failures, forKey: .failures)
        try c.encode(restored, forKey: .restored)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
    }
}

/// A failure counted towards a ban, pointing at the mail-log line where one matched.
public struct FailureRef: Codable, Sendable {
    public var file: String
    public var line: Int
    public var time: String
    /// The service of the mail-log line; null when the failure is a fail2ban line (a Found line
    /// not linked to the mail log, a recidive jail's ban).
    public var service: String?
    /// The user name the mail-log line gave (absent when it gave none): which of the users
    /// behind a shared address failed.
    public var user: String? = nil
    /// The line is the server's failure (its SASL back end out of reach, Cyrus's `generic
    /// failure`), which fail2ban's filter counts all the same: not a wrong password.
    public var serverFault = false
    /// That line's detail (for the summary; not in the JSON).
    var faultDetail: String? = nil

    enum CodingKeys: String, CodingKey { case file, line, time, service, user, serverFault }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(time, forKey: .time)
        try c.encode(service, forKey: .service)   // null when absent (SPEC §5 lists the key)
        try c.encodeIfPresent(user, forKey: .user)
        if serverFault { try c.encode(true, forKey: .serverFault) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        file = try c.decode(String.self, forKey: .file)
        line = try c.decode(Int.self, forKey: .line)
        time = try c.decode(String.self, forKey: .time)
        service = try c.decodeIfPresent(String.self, forKey: .service)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        serverFault = try c.decodeIfPresent(Bool.self, forKey: .serverFault) ?? false
    }

    public init(file: String, line: Int, time: String, service: String?, user: String? = nil, serverFault: Bool = false, faultDetail: String? = nil) {
        self.file = file
        self.line = line
        self.time = time
        self.service = service
        self.user = user
        self.serverFault = serverFault
        self.faultDetail = faultDetail
    }
}

/// One timeline row with its evidence.
public struct TimelineEntry: Codable, Sendable {
    public var time: String
    public var event: String
    public var detail: String?
    public var file: String
    public var line: Int
}

/// `report`: the batch view (SPEC §4): inputs, all devices, self-bans, per-jail statistics, top
/// offending addresses.
public struct BatchReport: Codable, Sendable {
    public var tool = "jailtrace"
    public var schema = 1
    public var timezone: String
    public var window: Window
    public var inputs: [InputSummary]
    public var devices: [DeviceReport]
    /// Banned addresses that had successful logins before the ban: real users locked out,
    /// longest lock-out first.
    public var selfBans: [SelfBan]
    public var jails: [JailStats]
    /// Addresses with the most bans, then the most auth failures.
    public var topOffenders: [Offender]
    /// Every warning of the run, one line each.
    public var warnings: [String]
}

/// A device locked out by a ban.
public struct SelfBan: Codable, Sendable {
    public var ip: String
    public var users: [String]
    public var jail: String
    public var start: String
    /// `null` while in force.
    public var end: String?
    public var endReason: String?
    /// Seconds locked out within the window (to the ban's end, or to the window end).
    public var lockedOutSeconds: Int64
    public var verdict: String

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ip, forKey: .ip)
        try c.encode(users, forKey: .users)
        try c.encode(jail, forKey: .jail)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(endReason, forKey: .endReason)
        try c.encode(lockedOutSeconds, forKey: .lockedOutSeconds)
        try c.encode(verdict, forKey: .verdict)
    }
}

/// Ban statistics of one jail.
public struct JailStats: Codable, Sendable {
    public var jail: String
    public var bans: Int
    public var uniqueAddresses: Int
    public var currentlyBanned: Int
    /// Median length of the bans that ended, in seconds (`null` when none ended).
    public var medianBanSeconds: Int64?
    public var maxRetry: Int?
    public var findTimeSeconds: Int64?
    public var banTimeSeconds: Int64?
    public var topOffenders: [Offender]

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jail, forKey: .jail)
        try c.encode(bans, forKey: .bans)
        try c.encode(uniqueAddresses, forKey: .uniqueAddresses)
        try c.encode(currentlyBanned, forKey: .currentlyBanned)
        try c.encode(medianBanSeconds, forKey: .medianBanSeconds)
        try c.encode(maxRetry, forKey: .maxRetry)
        try c.encode(findTimeSeconds, forKey: .findTimeSeconds)
        try c.encode(banTimeSeconds, forKey: .banTimeSeconds)
        try c.encode(topOffenders, forKey: .topOffenders)
    }
}

/// An address and how much trouble it made.
public struct Offender: Codable, Sendable {
    public var ip: String
    public var bans: Int
    public var authFailures: Int
}
