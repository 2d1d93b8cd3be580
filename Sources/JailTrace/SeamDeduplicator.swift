import LogInput

/// Drops lines that two overlapping files of one kind both hold, so that each is counted once,
/// in the older file (SPEC §1: `copytruncate`, `delaycompress`, a copy taken twice):
/// - the start of a file repeats the end of the file before it in time order (a seam of up to
///   `FileParser.seamLines` lines, found from the hashes every parse keeps);
/// - a file begins with every line of the one before it: a copy taken earlier of a log that
///   then grew (or was rotated later). Longer than a seam, this is checked by reading the newer
///   file's first lines again, only when the two files' first `seamLines` lines are equal;
/// - the same file given twice.
enum SeamDeduplicator {
    static func apply(_ files: [FileResult]) {
        let groups = Dictionary(grouping: files.filter { !$0.headHashes.isEmpty && $0.kind != .fail2banDatabase }, by: { $0.kind })
        // Line outcomes as parsed, before any file gives lines away below (a file that is
        // the newer of one pair is the older of the next).
        var parsed: [ObjectIdentifier: (events: Int, unrecognized: Int)] = [:]
        for f in files { parsed[ObjectIdentifier(f)] = (f.eventCount, f.unrecognized) }
        for (_, group) in groups where group.count > 1 {
            // Time order; of two that start together, the one that ends first is the older
            // (a copy taken earlier stops sooner).
            let ordered = group.sorted {
                ($0.first ?? .max, $0.last ?? .max, $0.input.path) < ($1.first ?? .max, $1.last ?? .max, $1.input.path)
            }
            for k in 1..<ordered.count {
                let older = ordered[k - 1], newer = ordered[k]
                let sameFile = older.lines == newer.lines && older.contentHash == newer.contentHash && older.lines > 0
                var n = sameFile ? newer.lines : overlap(older.tailHashes, newer.headHashes)
                var wholeOlder = false, olderLastCut = false
                if !sameFile && n < older.lines - 1 && newer.lines > older.lines - 1 {
                    let whole = repeatedWhole(older, in: newer)
                    if whole > 0 {
                        n = whole
                        wholeOlder = true
                        olderLastCut = whole < older.lines
                    }
                }
                // The seam is all of the older file: a copy taken earlier (its note says so).
                if !sameFile && !wholeOlder && n == older.lines && newer.lines > n { wholeOlder = true }
                guard n > 0 else { continue }
                // Whole file repeated (the same rotation given twice): drop all of it.
                let whole = newer.lines == n && older.lines >= n
                // Events of the repeated lines (kept ones counted; those not kept are estimated
                // from the line outcomes: within a seam, the newer file's own; for a whole
                // older file, the older file's, line for line the same).
                var dropEvents = 0
                let eventsBefore = newer.eventCount   // kept and not kept, before any is dropped
                for p in newer.parts.indices {
                    let k = newer.parts[p].prefix { Int($0.line) <= n }.count
                    newer.parts[p].removeFirst(k)
                    dropEvents += k
                    if !newer.parts[p].isEmpty { break }
                }
                // Outcomes of the repeated lines as parsed in `older` (its cut last line not among them).
                var olderParsed = parsed[ObjectIdentifier(older)]!
                if olderLastCut, let last = older.lastOutcome {
                    if last == .event { olderParsed.events -= 1 }
                    if last == .unrecognized { olderParsed.unrecognized -= 1 }
                }
                let droppedAll = sameFile ? eventsBefore
                    : wholeOlder ? olderParsed.events : newer.headOutcomes.prefix(n).filter { $0 == .event }.count
                newer.eventsNotKept -= max(0, droppedAll - dropEvents)
                let droppedUnrecognized = sameFile ? newer.unrecognized
                    : wholeOlder ? min(olderParsed.unrecognized, newer.unrecognized) : newer.headOutcomes.prefix(n).filter { $0 == .unrecognized }.count
                newer.ignored += max(droppedAll, dropEvents) + droppedUnrecognized
                newer.unrecognized -= droppedUnrecognized
                // Its repeated lines are the older file's: not listed again by `--unrecognized`.
                newer.unrecognizedSamples.removeAll { $0.line <= n }
                newer.seamDuplicates = n
                newer.notes.append(whole || sameFile
                    ? "\(newer.input.path): same lines as \(older.input.path); counted once"
                    : wholeOlder
                    ? "\(newer.input.path): first \(n) line(s) are all of \(older.input.path)\(olderLastCut ? " but its cut last line" : "") (a copy taken earlier); counted once"
                    : "\(newer.input.path): first \(n) line(s) repeat the end of \(older.input.path) (overlapping rotation); counted once")
                // Its first time after the repeated lines: its earliest event left (none kept, as
                // when explain keeps no connects: the first time it had, a repeated line's).
                newer.first = newer.parts.compactMap { $0.lazy.map(\.time).min() }.min() ?? newer.first
            }
        }
    }

    /// Longest n such that the last n hashes of `tail` equal the first n of `head`.
    static func overlap(_ tail: [UInt64], _ head: [UInt64]) -> Int {
        guard let first = head.first else { return 0 }
        let maxN = min(tail.count, head.count)
        // Longest first: each place in the tail where the head's first line is, from the earliest.
        for start in (tail.count - maxN)..<tail.count where tail[start] == first {
            let n = tail.count - start
            if tail[start...].elementsEqual(head[..<n]) { return n }
        }
        return 0
    }

    /// How many of `newer`'s first lines are all the lines of `older` (longer than a seam) —
    /// all of them, or all but `older`'s last line when that one was cut short (a copy taken
    /// while the line was being written, a damaged `.gz`) — or 0. Needs their first `seamLines`
    /// line hashes equal; then `newer`'s first lines, read again, must add up to `older`'s
    /// content hash and end with its last lines.
    static func repeatedWhole(_ older: FileResult, in newer: FileResult) -> Int {
        let seam = FileParser.seamLines
        let n = older.lines
        guard n >= 2, n <= newer.lines, !older.unreadable, !newer.unreadable, let olderLast = older.tailHashes.last else { return 0 }
        if n <= seam {
            // `older`'s hashes are all there: no need to read `newer` again.
            guard older.tailHashes.count == n, newer.headHashes.count >= n else { return 0 }
            if older.tailHashes == Array(newer.headHashes.prefix(n)) { return n }
            return older.lastLineUnterminated && older.tailHashes.dropLast() == newer.headHashes.prefix(n - 1) ? n - 1 : 0
        }
        guard older.headHashes.count == seam, older.headHashes == Array(newer.headHashes.prefix(seam)) else { return 0 }
        var sum: UInt64 = 0, sumBeforeLast: UInt64 = 0
        var ring = [UInt64](repeating: 0, count: seam)
        var read = 0
        do {
            let source = try InputOpener.open(newer.input.readPath, name: newer.input.path).source
            try LineReader(source: source, separator: newer.separator).forEachLine { line in
                let h = FileParser.lineHash(line.bytes)
                if line.number == n { sumBeforeLast = sum }
                sum &+= FileParser.contentMix(h)
                ring[(line.number - 1) % seam] = h
                read = line.number
                return line.number < n
            }
        } catch {
            return 0   // not readable a second time: both kept (the parse reported the file)
        }
        guard read == n else { return 0 }
        let start = n % seam
        let lastLines = Array(ring[start...] + ring[..<start])   // newer's lines n-seam+1 ... n
        if sum == older.contentHash && lastLines == older.tailHashes { return n }
        // older's last line differs from newer's line n: it must be one cut while written (no
        // line end), and the lines before it must all match.
        if older.lastLineUnterminated, sumBeforeLast == older.contentHash &- FileParser.contentMix(olderLast),
           Array(lastLines.dropLast()) == Array(older.tailHashes.dropLast()) {
            return n - 1
        }
        return 0
    }
}
