import Foundation
internal import CSQLite

/// Reads a copied fail2ban database (`fail2ban.sqlite3`, schema v1/v2 of 0.9–0.10, v4 of 0.11+)
/// read-only: its `bans` rows become `ban` events, so bans whose log lines were rotated away
/// still count. `timeofban` is the time of the last counted failure, a few moments before the
/// Ban line; the correlator merges a database ban with the log's Ban of the same jail and address.
/// Each row's matched lines (`data.matches`, the log lines its failures came from) become `found`
/// events of the row's jail and address at the matched line's own time (its `line` the row's
/// rowid): a ban whose log lines were rotated away still lists its failures, and a mail-login
/// jail's matches after lastSeen count as failures as its Found lines would.
enum Fail2banDatabase {
    /// Marks events that came from a database row (rule id).
    static let ruleID = "fail2ban.database"

    static func read(into file: FileResult, zone: Zone) {
        let path = file.input.path
        var db: OpaquePointer? = nil
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        var readPath = file.input.readPath
        // A `-wal` file copied beside it holds the bans written since fail2ban's last
        // checkpoint. Read with it, from a private copy of both (reading a WAL database
        // writes a `-shm` file, never beside the evidence); else the copy is opened immutable:
        // nothing is written or created beside it.
        var walCopy: URL? = nil
        defer { if let walCopy { try? FileManager.default.removeItem(at: walCopy) } }
        var immutable = "&immutable=1"
        if let size = (try? FileManager.default.attributesOfItem(atPath: readPath + "-wal"))?[.size] as? Int, size > 0 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jailtrace-db-\(getpid())-\(file.index)")
            let copy = dir.appendingPathComponent("fail2ban.sqlite3")
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: readPath, toPath: copy.path)
                try FileManager.default.copyItem(atPath: readPath + "-wal", toPath: copy.path + "-wal")
                walCopy = dir
                readPath = copy.path
                immutable = ""
                file.notes.append("\(path): read with the -wal file beside it (bans not yet checkpointed)")
            } catch {
                file.warnings.append("\(path): its -wal file could not be read (\(error.localizedDescription)); bans written since fail2ban's last checkpoint are missing")
            }
        }
        let uri = "file:" + (readPath.addingPercentEncoding(withAllowedCharacters: allowed) ?? readPath) + "?mode=ro" + immutable
        guard sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK, let db else {
            file.warnings.append("\(path): cannot open as an SQLite database; file skipped")
            file.unreadable = true
            sqlite3_close(db)
            return
        }
        defer { sqlite3_close(db) }
        let (info, infoError) = rows(db, "PRAGMA table_info(bans)")
        if let infoError {
            file.warnings.append("\(path): cannot read the database (\(infoError)); file skipped")
            file.unreadable = true
            return
        }
        let columns = Set(info.compactMap { $0[1] })
        guard columns.contains("jail"), columns.contains("ip"), columns.contains("timeofban") else {
            file.warnings.append("\(path): no fail2ban `bans` table (not a fail2ban database?); file skipped")
            file.unreadable = true
            return
        }
        let version = rows(db, "SELECT version FROM fail2banDb").rows.first?.first.flatMap { $0 }.flatMap(Int.init)
        let hasBanTime = columns.contains("bantime")
        // In the table's own order (no sort, which reads every row before the first one comes
        // back): a damaged database still gives the rows before the damage. The merge puts the
        // events in time order.
        let sql = "SELECT jail, ip, timeofban, data\(hasBanTime ? ", bantime, bancount" : ", NULL, NULL"), rowid FROM bans ORDER BY rowid"
        var events: [Event] = []
        var rowNumber: Int32 = 0
        var skipped = 0
        var matchedCount = 0, timeless = 0
        let (banRows, banError) = rows(db, sql)
        if let banError {
            file.warnings.append("\(path): the database is damaged (\(banError)); \(banRows.count) ban row(s) before the damage were read")
        }
        for row in banRows {
            rowNumber += 1
            // Times from 1970 to about 2970: a row outside is damaged.
            guard let jail = row[0], let ipText = row[1], let ip = IPAddress(ipText),
                  let when = row[2].flatMap(Double.init), when.isFinite, when >= 0, when < 32_000_000_000 else { skipped += 1; continue }
            var matchedLines: [String] = []
            if let data = row[3], let json = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] {
                // Strings (0.9–1.1), or a line's parts as a list (some 0.10 tickets).
                matchedLines = (json["matches"] as? [Any])?.compactMap { m in
                    (m as? String) ?? (m as? [Any]).map { $0.compactMap { $0 as? String }.joined() }
                }.filter { !$0.isEmpty } ?? []
            }
            let matches = matchedLines.count
            var detail = "from fail2ban database (schema v\(version.map(String.init) ?? "?"))"
            if matches > 0 { detail += ", \(matches) matched line\(matches == 1 ? "" : "s")" }
            var extra: Int64? = nil
            // (-1: permanent; -2 and below: unknown, written by fail2ban's schema upgrade.)
            if let bt = row[4].flatMap(Double.init), bt.isFinite, abs(bt) < 3_155_760_000, bt >= -1 {
                extra = Int64(bt)
                detail += bt < 0 ? ", bantime permanent" : ", bantime \(Int64(bt)) s"
            }
            if let bc = row[5].flatMap(Int.init) { detail += ", ban count \(bc)" }
            let micros = Int64(when * 1_000_000)
            // Evidence points at the row: `line` is the bans table's rowid.
            let rowLine = row[6].flatMap { Int32($0) } ?? rowNumber
            for text in matchedLines {
                matchedCount += 1
                // (A matched line without a time that can be read tells no failure's time:
                // counted as known, not used.)
                guard let (stamp, service) = matchedLineTime(text, banAt: micros, zone: zone) else { timeless += 1; continue }
                // A Found line's `extra` is the matched line's wall time (µs, read in the zone
                // later, as `Found … - <date>` is).
                events.append(Event(kind: .found, ip: ip, user: nil, service: service, jail: jail,
                                    detail: "matched (fail2ban database): " + String(text.prefix(500)),
                                    file: file.index, line: rowLine, pid: nil, session: nil,
                                    extra: stamp.kind == .naive ? stamp.value : nil, ruleIndex: Event.databaseRule, stamp: stamp))
            }
            events.append(Event(kind: .ban, ip: ip, user: nil, service: nil, jail: jail, detail: detail,
                                file: file.index, line: rowLine, pid: nil, session: nil, extra: extra, ruleIndex: Event.databaseRule,
                                stamp: RawStamp(kind: .absolute, value: micros)))
        }
        file.parts = [events]
        // The records read: ban rows and the matched lines they carry.
        file.lines = Int(rowNumber) + matchedCount
        file.unrecognized = skipped
        file.ignored = timeless
        if skipped > 0 { file.warnings.append("\(path): \(skipped) ban row(s) without a valid jail, address or time were skipped") }
    }

    /// When a row's matched line was written (as a `naive` wall time, or `absolute` when it
    /// carries an offset), and its program: a year-less time takes the year that puts it at or
    /// before the ban (a day's slack); nil without a time.
    static func matchedLineTime(_ text: String, banAt: Int64, zone: Zone) -> (RawStamp, String?)? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { raw -> (RawStamp, String?)? in
            let p = UnsafeRawBufferPointer(raw)
            guard let h = LineHeader.parse(p) else { return nil }
            let program = h.programEnd > h.programStart ? Bytes.text(UnsafeRawBufferPointer(rebasing: p[h.programStart..<h.programEnd])) : nil
            switch h.stamp.kind {
            case .absolute, .naive:
                return (h.stamp, program)
            case .yearless:
                let dayMicros: Int64 = 86400 * 1_000_000
                let banSeconds = banAt / 1_000_000
                let banLocal = (banSeconds + Int64(zone.offset(atUTC: banSeconds))) * 1_000_000
                let parts = h.stamp.yearlessParts
                var year = CivilTime.civilFromDays(Int(banLocal / dayMicros)).year
                func local(_ y: Int) -> Int64 { Int64(CivilTime.daysFromCivil(y, parts.month, parts.day)) * dayMicros + parts.microsOfDay }
                if local(year) > banLocal + dayMicros { year -= 1 }
                return (RawStamp(kind: .naive, value: local(year)), program)
            case .none:
                return nil
            }
        }
    }

    /// All rows of a query as optional strings (calls sqlite3_prepare_v2 / sqlite3_step).
    /// The rows of `sql` as text, and SQLite's message when it failed part-way or at once
    /// (a malformed or truncated copy).
    private static func rows(_ db: OpaquePointer, _ sql: String) -> (rows: [[String?]], error: String?) {
        var stmt: OpaquePointer? = nil
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else { return ([], String(cString: sqlite3_errmsg(db))) }
        defer { sqlite3_finalize(stmt) }
        var out: [[String?]] = []
        let n = sqlite3_column_count(stmt)
        var rc = sqlite3_step(stmt)
        while rc == SQLITE_ROW {
            var row: [String?] = []
            for i in 0..<n {
                if sqlite3_column_type(stmt, i) == SQLITE_NULL { row.append(nil); continue }
                row.append(sqlite3_column_text(stmt, i).map { String(cString: $0) })
            }
            out.append(row)
            rc = sqlite3_step(stmt)
        }
        return (out, rc == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db)))
    }
}
