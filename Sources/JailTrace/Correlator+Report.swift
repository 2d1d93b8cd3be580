/// The batch report: every device, self-bans, per-jail statistics, top offenders.
extension Correlator {
    static let topCount = 10

    public func batchReport(warnings: [String]) -> BatchReport {
        let explain = report()
        let end = windowEnd ?? 0
        // Self-bans: a ban of a device that started after the device's first successful
        // authentication (a login, even one whose session then died, or a submission).
        var selfBans: [SelfBan] = []
        // By address value: no address text formatted per ban (tens of thousands of bans).
        let byIP = Dictionary(explain.devices.compactMap { d in IPAddress(d.ip).map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        for ban in tracker.bans {
            guard let device = byIP[ban.ip], let s = states[ban.ip] else { continue }
            let firstSuccess = [s.firstLogin, s.firstSubmission].compactMap { $0 }.min()
            guard let firstSuccess, firstSuccess < ban.start else { continue }
            let until = min(ban.end ?? end, end)
            selfBans.append(SelfBan(ip: ban.ip.description, users: s.users, jail: ban.jail,
                                    start: CivilTime.rfc3339(micros: ban.start), end: ban.end.map(CivilTime.rfc3339),
                                    endReason: ban.endReason, lockedOutSeconds: max(0, (until - ban.start + 500_000) / 1_000_000),
                                    verdict: device.verdict))
        }
        selfBans.sort { ($0.lockedOutSeconds, $1.ip) > ($1.lockedOutSeconds, $0.ip) }
        // Per jail.
        var jails: [JailStats] = []
        // Grouped by jail id (one name lookup per jail, not per ban), listed by name.
        // Indices, not copies of the bans (a copy of every ban would be the report's biggest allocation).
        let byJail = Dictionary(grouping: tracker.bans.indices, by: { tracker.bans[$0].jailID }).map { (jail: Interned.texts[$0.key] ?? "", bans: $0.value) }
        for (jail, indices) in byJail.sorted(by: { $0.jail < $1.jail }) {
            let bans = indices.lazy.map { tracker.bans[$0] }
            // (To the nearest second: a 24 h ban logged at .108 and ended at .107 is 24 h.)
            let lengths = bans.compactMap { b in b.end.map { ($0 - b.start + 500_000) / 1_000_000 } }.sorted()
            let median: Int64? = lengths.isEmpty ? nil : (lengths.count % 2 == 1 ? lengths[lengths.count / 2] : (lengths[lengths.count / 2 - 1] + lengths[lengths.count / 2]) / 2)
            var counts: [IPAddress: Int] = [:]
            for b in bans { counts[b.ip, default: 0] += 1 }
            let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Correlator.topCount).map {
                Offender(ip: $0.key.description, bans: $0.value, authFailures: states[$0.key]?.shownFailureCount ?? 0)
            }
            let settings = tracker.settings[jail]
            jails.append(JailStats(jail: jail, bans: bans.count, uniqueAddresses: counts.count,
                                   currentlyBanned: bans.count { $0.end == nil }, medianBanSeconds: median,
                                   maxRetry: settings?.maxRetry ?? options.jailConfig[jail]?.maxRetry,
                                   findTimeSeconds: settings?.findTime ?? options.jailConfig[jail]?.findTime,
                                   banTimeSeconds: settings?.banTime ?? options.jailConfig[jail]?.banTime,
                                   topOffenders: Array(top)))
        }
        // Jails the log set up (their settings) that banned no one in the window: listed too,
        // with their settings (a jail that never fires is worth seeing).
        let banning = Set(jails.map(\.jail))
        for (jail, settings) in tracker.settings where !jail.isEmpty && !banning.contains(jail) {
            jails.append(JailStats(jail: jail, bans: 0, uniqueAddresses: 0, currentlyBanned: 0, medianBanSeconds: nil,
                                   maxRetry: settings.maxRetry ?? options.jailConfig[jail]?.maxRetry,
                                   findTimeSeconds: settings.findTime ?? options.jailConfig[jail]?.findTime,
                                   banTimeSeconds: settings.banTime ?? options.jailConfig[jail]?.banTime,
                                   topOffenders: []))
        }
        jails.sort { $0.jail < $1.jail }
        // Overall offenders: bans, then auth failures.
        var scored: [(IPAddress, Int, Int)] = []
        for (ip, s) in states where !(bansOf[ip]?.isEmpty ?? true) || s.shownFailureCount > 0 {
            scored.append((ip, bansOf[ip]?.count ?? 0, s.shownFailureCount))
        }
        scored.sort { ($0.1, $0.2, $1.0) > ($1.1, $1.2, $0.0) }
        let top = scored.prefix(Correlator.topCount).map { Offender(ip: $0.0.description, bans: $0.1, authFailures: $0.2) }
        return BatchReport(timezone: explain.timezone, window: explain.window, inputs: explain.inputs,
                           devices: explain.devices, selfBans: selfBans, jails: jails, topOffenders: top, warnings: warnings)
    }
}
