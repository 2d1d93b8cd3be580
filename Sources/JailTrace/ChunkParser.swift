import LogInput
import Synchronization

/// Whether any parser of the run has met a Postfix delivery into a mailbox (then Dovecot's own
/// deliveries need not be kept: `RunOptions.onePerDelivery`). Shared by all parsers.
/// A parser sifts each segment of events as it completes (not per line: the line loop stays
/// free of it), so at most one segment of them is held.
final class DeliverySieve: Sendable {
    private let seen = Atomic<Bool>(false)
    private let families = Ruleset.shared.families
    var postfixSeen: Bool { seen.load(ordering: .relaxed) }

    /// Removes from `events[start...]` the Dovecot deliveries that come after a Postfix mailbox
    /// delivery (met here or by another parser), keeping the order; returns how many.
    func sift(_ events: inout [Event], from start: Int) -> Int {
        var seen = postfixSeen
        var kept = start
        for i in start..<events.count {
            let e = events[i]
            if e.kind == .delivery {
                if e.isPostfix(families) {
                    if e.intoMailbox && !seen {
                        seen = true
                        self.seen.store(true, ordering: .relaxed)
                    }
                } else if seen {
                    continue
                }
            }
            if kept != i { events[kept] = e }
            kept += 1
        }
        let removed = events.count - kept
        events.removeLast(removed)
        return removed
    }
}

/// Everything one pass over a run of lines learns: events (line numbers local to the chunk),
/// counts, stamps, seam hashes, year rollovers. `FileParser.stitch` joins chunks in order.
final class ChunkParser: @unchecked Sendable {
    // SAFETY: each chunk is written by exactly one worker of `concurrentPerform`, and read only
    // after all workers have joined.
    let file: Int32
    let inFail2banLog: Bool
    let keep: Set<EventKind>?
    /// Events in segments of at most `segmentSize` (no big array is ever reallocated and
    /// copied: peak memory stays near what the events need), then the segment being filled.
    var segments: [[Event]] = []
    var events: [Event] = []
    static let segmentSize = 1 << 15

    /// Whether a line of `month`/`day` after one of `lastMonth`/`lastDay` is a Dec 31 line logged
    /// after the first Jan 1 lines (not a real jump of eleven months).
    @inline(__always)
    static func lateAtNewYear(_ month: Int, _ day: Int, after lastMonth: Int, _ lastDay: Int) -> Bool {
        month == 12 && day == 31 && lastMonth == 1 && lastDay == 1
    }
    var ignored = 0, unrecognized = 0, notKept = 0, lines = 0, bytes = 0, overlong = 0, limitHits = 0, holeBytes = 0
    var samples: [(Int, String)] = []
    var head: [UInt64] = []
    var headOutcomes: [LineOutcome] = []
    var tailHashes: [UInt64] = []
    /// What the chunk's last line became (nil: no line).
    var lastOutcome: LineOutcome?
    /// Whether the chunk's last line had no line end (the file's, when it is the last chunk).
    var endsUnterminated = false
    /// Order-independent sum of line hashes (equal for two copies of one file).
    var contentHash: UInt64 = 0
    /// Year rollovers seen inside the chunk, and the first/last month of its year-less stamps.
    var yearDelta: Int8 = 0
    var firstMonth = 0
    var lastMonth = 0
    /// The days of the first and latest year-less lines (with `firstMonth`, `lastMonth`).
    var firstDay = 0
    var lastDay = 0
    var firstStamp: (RawStamp, Int8)?
    var maxStamp: (RawStamp, Int8)?
    /// The first and the latest year-less stamp (with its rollover count): the year chain reads
    /// these, whatever other forms a file mixes in and whichever events are kept.
    var firstYearless: (RawStamp, Int8)?
    var maxYearless: (RawStamp, Int8)?
    var sourceWarnings: [String] = []
    /// A read error part-way (lines before it were read).
    var failure: String?
    /// The file could not be opened at all.
    var openFailure: String?
    var compression: Compression = .none
    /// Line separator: LF, or CR for files written with CR alone.
    var separator: UInt8 = 0x0A
    /// A chunk of a fail2ban log: the jail being created at its end, and the line (in the chunk)
    /// where the chunk first named one. Jail settings lines before that line name no jail of
    /// their own: `FileParser.stitch` gives them the jail the chunks before ended with.
    var jailAtEnd: String?
    var firstJailLine = Int.max

    init(file: Int32, inFail2banLog: Bool, keep: Set<EventKind>?) {
        self.file = file
        self.inFail2banLog = inFail2banLog
        self.keep = keep
    }

    func run(_ source: any ByteSource, classifier: LineClassifier, deliveries: DeliverySieve? = nil) {
        let seam = FileParser.seamLines
        let reader = LineReader(source: source, separator: separator)
        var tail = [UInt64](repeating: 0, count: seam)
        head.reserveCapacity(seam)
        var lastStamp = RawStamp.none
        var lastStampDelta: Int8 = 0   // the year count of `lastStamp`'s line
        let limitsBefore = classifier.limitHits
        // The per-line state lives in locals while the lines run (a class property touched per
        // line costs a dynamic exclusivity check each time); written back at the end.
        var events = self.events, segments = self.segments
        var contentHash = self.contentHash, yearDelta = self.yearDelta
        var firstMonth = self.firstMonth, lastMonth = self.lastMonth
        var firstDay = self.firstDay, lastDay = self.lastDay
        var firstStamp = self.firstStamp, maxStamp = self.maxStamp
        var firstYearless = self.firstYearless, maxYearless = self.maxYearless
        var notKept = self.notKept, ignored = self.ignored, unrecognized = self.unrecognized
        var samples = self.samples, head = self.head, headOutcomes = self.headOutcomes
        var sifted = 0   // events[..<sifted] have been through `deliveries`
        var lastOutcome = self.lastOutcome
        self.events = []
        self.segments = []
        do {
            try reader.forEachLine { line in
                let bytes = line.bytes
                let h = FileParser.lineHash(bytes)
                tail[(line.number - 1) % seam] = h
                contentHash &+= FileParser.contentMix(h)
                if events.count >= ChunkParser.segmentSize, deliveries != nil {
                    // Sifted first, so that the segment fills up with events that stay.
                    notKept += deliveries!.sift(&events, from: sifted)
                    sifted = events.count
                }
                if events.count >= ChunkParser.segmentSize {
                    sifted = 0
                    segments.append(events)
                    events = []
                    events.reserveCapacity(ChunkParser.segmentSize)
                }
                let before = events.count
                var outcome: LineOutcome
                var stamp = RawStamp.none
                if line.truncated {
                    outcome = .unrecognized
                } else {
                    outcome = classifier.classify(bytes, number: line.number, file: file,
                                                  inFail2banLog: inFail2banLog, into: &events, stamp: &stamp)
                }
                // The year count of this line: a Dec 31 line right after Jan 1 lines is one
                // logged late at New Year (syslog interleaves its sources a little out of
                // order), in the year before them, not a rollover of its own.
                var lineDelta = yearDelta
                if stamp.kind == .yearless {
                    let parts = stamp.yearlessParts
                    let month = parts.month
                    if ChunkParser.lateAtNewYear(month, parts.day, after: lastMonth, lastDay) {
                        lineDelta = yearDelta &- 1
                    } else {
                        if lastMonth != 0 && month + 6 <= lastMonth { yearDelta &+= 1 }
                        if firstMonth == 0 { firstMonth = month; firstDay = parts.day }
                        lastMonth = month
                        lastDay = parts.day
                        lineDelta = yearDelta
                    }
                    if firstYearless == nil { firstYearless = (stamp, lineDelta) }
                    if let m = maxYearless, (m.1, m.0.value) >= (lineDelta, stamp.value) {} else { maxYearless = (stamp, lineDelta) }
                }
                if stamp.kind != .none {
                    if firstStamp == nil { firstStamp = (stamp, lineDelta) }
                    if let m = maxStamp {
                        if m.0.kind != stamp.kind || (lineDelta, stamp.value) > (m.1, m.0.value) { maxStamp = (stamp, lineDelta) }
                    } else {
                        maxStamp = (stamp, lineDelta)
                    }
                }
                if outcome == .event && events.count == before {
                    if stamp.kind == .none && lastStamp.kind == .none {
                        // Timeless with no line before to date it: as when it is built (below).
                        outcome = .unrecognized
                    } else {
                        notKept += 1   // recognised, counted, not built (the classifier's keep mask)
                        // Still the time a following timeless line inherits, as if it were built.
                        if stamp.kind != .none { lastStamp = stamp; lastStampDelta = lineDelta }
                    }
                } else if outcome == .event {
                    // The new event, updated in place.
                    switch events[before].stamp.kind {
                    case .yearless:
                        events[before].yearDelta = lineDelta
                    case .none:
                        // A journal line without a time: it happened when the line before did.
                        if lastStamp.kind == .none {
                            events.removeLast()
                            outcome = .unrecognized
                        } else {
                            events[before].stamp = lastStamp
                            events[before].yearDelta = lastStampDelta
                        }
                    default: break
                    }
                    if outcome == .event {
                        if events[before].stamp.kind != lastStamp.kind || events[before].stamp.value != lastStamp.value { lastStampDelta = lineDelta }
                        lastStamp = events[before].stamp
                        // Correlation needs deliveries into a mailbox only.
                        // (Kinds outside `keep` were never built: the classifier has the same mask.)
                        // (Events failing `RunOptions.identity` were never built either.)
                        if keep != nil && events[before].kind == .delivery && !events[before].intoMailbox {
                            events.removeLast()
                            notKept += 1
                        }
                    }
                }
                switch outcome {
                case .event: break
                case .ignored: ignored += 1
                case .unrecognized:
                    unrecognized += 1
                    if samples.count < FileParser.maxSamples {
                        let cut = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 2000)])
                        samples.append((line.number, Bytes.text(cut)))
                    }
                }
                if head.count < seam {
                    head.append(h)
                    headOutcomes.append(outcome)
                }
                lastOutcome = outcome
                return true
            }
        } catch {
            failure = error.description
        }
        if let deliveries { notKept += deliveries.sift(&events, from: sifted) }
        if !events.isEmpty {
            // The last segment grew by doubling: keep an exact-size copy when much is unused
            // (many small chunks, as from compressed blocks, would otherwise carry that slack).
            if events.capacity - events.count > 2048 { events = events.withUnsafeBufferPointer { Array($0) } }
            segments.append(events)
        }
        self.segments = segments
        self.contentHash = contentHash
        self.yearDelta = yearDelta
        self.firstMonth = firstMonth
        self.lastMonth = lastMonth
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.firstStamp = firstStamp
        self.maxStamp = maxStamp
        self.firstYearless = firstYearless
        self.maxYearless = maxYearless
        self.notKept = notKept
        self.ignored = ignored
        self.unrecognized = unrecognized
        self.samples = samples
        self.head = head
        self.headOutcomes = headOutcomes
        self.lastOutcome = lastOutcome
        sourceWarnings = source.warnings
        lines = reader.lineCount
        bytes = reader.bytesRead
        overlong = reader.overlongLines
        endsUnterminated = reader.lastLineUnterminated
        holeBytes = reader.holeBytes
        limitHits = classifier.limitHits - limitsBefore
        jailAtEnd = classifier.currentJail
        firstJailLine = classifier.jailFirstSetAt ?? Int.max
        if lines <= seam {
            tailHashes = Array(tail[0..<lines])
        } else {
            let start = lines % seam
            tailHashes = Array(tail[start...] + tail[..<start])
        }
    }
}
