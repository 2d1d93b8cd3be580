/// What `explain` and `report` need of an address that never authenticated (an attacker, an MTA)
/// is little: how many auth failures it had (top offenders), its bans, and no Found line but
/// those the ban tracker reads. Left out in the merge, most of a big log's events never reach
/// the store (on the generated 1 GiB set 1.4 M of 3.0 M).
///
/// Kept: every event of a device (a login or an authenticated submission anywhere in the run)
/// and of the `--ip` addresses; every event other than auth failures and Found lines; the first
/// Found line of each jail after each fail2ban or jail start (the tracker's restore rule asks
/// whether one came after the restart; later ones cannot change its answer). Left out: the
/// other auth failures (counted per address) and Found lines of non-devices.
struct AttackerSieve {
    /// By address id: a device or asked for.
    private var kept: [Bool]
    /// By jail id: a Found line of the jail since the last start; `marked` lists the set ones
    /// (so a start clears them without a pass over every text id).
    private var foundSinceStart: [Bool]
    private var marked: [UInt32] = []
    /// Auth failures left out, by address id (Dovecot 2.4's auth-worker and auth-process lines
    /// apart: they write one wrong password twice).
    private var othersLeftOut: [Int]
    private var workerLeftOut: [Int]
    private var auth24LeftOut: [Int]
    /// Auth failures left out, by address id: a 2.4 wrong password once (the larger of its two
    /// counts: where the auth process writes them too, the worker's lines are the same attempts).
    var failuresLeftOut: [Int] {
        othersLeftOut.indices.map { othersLeftOut[$0] + max(workerLeftOut[$0], auth24LeftOut[$0]) }
    }
    private let auth24 = Auth24Lines()
    /// Found lines left out (of jails watching mail logins), by address id.
    private(set) var foundsLeftOut: [Int]
    private var jails = JailKinds()

    init(_ files: [FileResult], keeping asked: [IPAddress]) {
        kept = [Bool](repeating: false, count: Interned.addresses.count + 1)
        othersLeftOut = [Int](repeating: 0, count: kept.count)
        workerLeftOut = othersLeftOut
        auth24LeftOut = othersLeftOut
        foundsLeftOut = othersLeftOut
        foundSinceStart = [Bool](repeating: false, count: Interned.texts.count + 1)
        for f in files {
            for part in f.parts {
                for e in part where e.isSuccessfulAuthentication {
                    kept[Int(e.ipID)] = true
                }
            }
        }
        for ip in asked { if let id = Interned.addresses.existingID(ip), Int(id) < kept.count { kept[Int(id)] = true } }
    }

    /// Whether the sieve has a say on events of `kind` (every other event stays).
    @inline(__always)
    static func looksAt(_ kind: EventKind) -> Bool {
        kind == .found || kind == .authFailure || kind == .fail2banStart || kind == .jailStart
    }

    /// Whether `e` (met in time order) stays.
    mutating func keeps(_ e: Event) -> Bool {
        switch e.kind {
        case .fail2banStart:
            for j in marked { foundSinceStart[Int(j)] = false }
            marked.removeAll()
        case .jailStart:
            if Int(e.jailID) < foundSinceStart.count { foundSinceStart[Int(e.jailID)] = false }
        case .found:
            // A database row's matched lines are few (a ban's failures): kept, counted apart.
            if e.ruleIndex == Event.databaseRule { return true }
            let j = Int(e.jailID)
            let first = j >= foundSinceStart.count || !foundSinceStart[j]
            if first && j < foundSinceStart.count {
                foundSinceStart[j] = true
                marked.append(e.jailID)
            }
            if first || e.ipID == 0 || Int(e.ipID) >= kept.count || kept[Int(e.ipID)] { return true }
            if jails.watchesMailLogins(e.jailID) { foundsLeftOut[Int(e.ipID)] += 1 }
            return false
        case .authFailure:
            if e.ipID == 0 || Int(e.ipID) >= kept.count || kept[Int(e.ipID)] { return true }
            switch auth24.side(e) {
            case .neither: othersLeftOut[Int(e.ipID)] += 1
            case .worker: workerLeftOut[Int(e.ipID)] += 1
            case .authProcess: auth24LeftOut[Int(e.ipID)] += 1
            }
            return false
        default:
            break
        }
        return true
    }
}
