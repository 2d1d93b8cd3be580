import Foundation
internal import CSQLite

/// Reads a copied fail2ban database (`fail2ban.sqlite3`, schema v1/v2 of 0.9–0.10, v4 of 0.11+)
/// read-only: its `bans` rows become `ban` events, so bans whose log lines were rotated away
/// still count. `timeofban` is the time of the last counted failure, a few moments before the
/// Ban line; the correlator merges a database ban with the log's Ban of the same jail and address.
enum Fail2banDatabase {
    /// Marks events that came from a database row (rule id).
    static let ruleID = "fail2ban.database"

    static func read(into file: FileResult) {
        let path = file.input.path
        var db: OpaquePointer? = nil
        // immutable=1: never write, never create -journal/-wal files beside a copied database.
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let readPath = file.input.readPath
        let uri = "file:" + (readPath.addingPercentEncoding(withAllowedCharacters: allowed) ?? readPath) + "?mode=ro&immutable=1"
        guard sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK, let db else {
            file.warnings.append("\(path): cannot open as an SQLite database; file skipped")
            file.unreadable = true
            sqlite3_close(db)
            return
        }
        defer { sqlite3_close(db) }
        let columns = Set(rows(db, "PRAGMA table_info(bans)").compactMap { $0[1] })
        guard columns.contains("jail"), columns.contains("ip"), columns.contains("timeofban") else {
            file.warnings.append("\(path): no fail2ban `bans` table (not a fail2ban database?); file skipped")
            return
        }
        let version = rows(db, "SELECT version FROM fail2banDb").first?.first.flatMap { $0 }.flatMap(Int.init)
        let hasBanTime = columns.contains("bantime")
        let sql = "SELECT jail, ip, timeofban, data\(hasBanTime ? ", bantime, bancount" : ", NULL, NULL"), rowid FROM bans ORDER BY timeofban"
        var events: [Event] = []
        var rowNumber: Int32 = 0
        var skipped = 0
        for row in rows(db, sql) {
            rowNumber += 1
            // Times from 1970 to about 2970: a row outside is damaged.
            guard let jail = row[0], let ipText = row[1], let ip = IPAddress(ipText),
                  let when = row[2].flatMap(Double.init), when.isFinite, when >= 0, when < 32_000_000_000 else { skipped += 1; continue }
            var matches = 0
            if let data = row[3], let json = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] {
                matches = (json["matches"] as? [Any])?.count ?? 0
            }
            var detail = "from fail2ban database (schema v\(version.map(String.init) ?? "?"))"
            if matches > 0 { detail += ", \(matches) matched line\(matches == 1 ? "" : "s")" }
            var extra: Int64? = nil
            if let bt = row[4].flatMap(Double.init), bt.isFinite, abs(bt) < 3_155_760_000 { extra = Int64(bt); detail += ", bantime \(Int64(bt)) s" }
            if let bc = row[5].flatMap(Int.init) { detail += ", ban count \(bc)" }
            let micros = Int64(when * 1_000_000)
            // Evidence points at the row: `line` is the bans table's rowid.
            events.append(Event(kind: .ban, ip: ip, user: nil, service: nil, jail: jail, detail: detail,
                                file: file.index, line: row[6].flatMap { Int32($0) } ?? rowNumber, pid: nil, session: nil, extra: extra, ruleIndex: Event.databaseRule,
                                stamp: RawStamp(kind: .absolute, value: micros)))
        }
        file.parts = [events]
        file.lines = Int(rowNumber)
        file.unrecognized = skipped
        if skipped > 0 { file.warnings.append("\(path): \(skipped) ban row(s) without a valid jail, address or time were skipped") }
    }

    /// All rows of a query as optional strings (calls sqlite3_prepare_v2 / sqlite3_step).
    private static func rows(_ db: OpaquePointer, _ sql: String) -> [[String?]] {
        var stmt: OpaquePointer? = nil
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else { return [] }
        defer { sqlite3_finalize(stmt) }
        var out: [[String?]] = []
        let n = sqlite3_column_count(stmt)
        while sqlite3_step(stmt) == SQLITE_ROW {
            var row: [String?] = []
            for i in 0..<n {
                if sqlite3_column_type(stmt, i) == SQLITE_NULL { row.append(nil); continue }
                row.append(sqlite3_column_text(stmt, i).map { String(cString: $0) })
            }
            out.append(row)
        }
        return out
    }
}
