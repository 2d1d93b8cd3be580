public import LogInput

/// Everything learned from one input file.
public final class FileResult: @unchecked Sendable {
    // SAFETY: each FileResult is written by the one worker that parses its file, then read only
    // after the parallel phase has joined.
    /// Position in the run (evidence `file` index).
    public let index: Int32
    /// The file.
    public let input: DiscoveredFile
    /// Detected content kind.
    public internal(set) var kind: InputKind = .unknown
    /// Detected compression.
    public internal(set) var compression: Compression = .none
    /// Events in file order.
    public internal(set) var events: [Event] = []
    /// Lines read.
    public internal(set) var lines = 0
    /// Lines known but not needed.
    public internal(set) var ignored = 0
    /// Lines not understood.
    public internal(set) var unrecognized = 0
    /// Problems met, one line each, naming the file.
    public internal(set) var warnings: [String] = []
    /// The first unrecognised lines (number, text), for `events --unrecognized`.
    public internal(set) var unrecognizedSamples: [(line: Int, text: String)] = []
    /// Whether the file could not be read at all.
    public internal(set) var unreadable = false
    /// Earliest and latest line stamps as written (with their year rollover count), resolved
    /// into `first`/`last` by the time resolver.
    var firstStamp: (RawStamp, Int8)?
    var maxStamp: (RawStamp, Int8)?
    /// First and last time written in the file (UTC µs) after resolution: every timestamped
    /// line counts, not only events.
    public internal(set) var first: Int64?
    public internal(set) var last: Int64?
    /// Hashes of the first lines and their outcomes, and of the last lines (seam detection).
    var headHashes: [UInt64] = []
    var headOutcomes: [LineOutcome] = []
    var tailHashes: [UInt64] = []
    /// A hash of every line in order: equal for two copies of one file.
    var contentHash: UInt64 = 0
    /// Lines at the start of this file that repeat the end of the previous rotation.
    public internal(set) var seamDuplicates = 0
    /// Bytes of decompressed text.
    public internal(set) var bytes = 0

    init(index: Int32, input: DiscoveredFile) {
        self.index = index
        self.input = input
    }

    /// Events found (also those not kept in memory, and after `releaseEvents()`).
    public var eventCount: Int { eventsNotKept + (released ?? events.count) }
    var eventsNotKept = 0
    private var released: Int?

    /// Hands the events over to the run.
    func releaseEvents() {
        released = events.count
        events = []
    }

    /// Events + ignored + unrecognised; equals `lines` for every file.
    public var accounted: Int { eventCount + ignored + unrecognized }
}

/// Reads one file start to end through the classifier.
enum FileParser {
    static let seamLines = 256
    static let maxSamples = 50

    static func parse(_ result: FileResult, classifier: LineClassifier, keep: Set<EventKind>? = nil) {
        let path = result.input.path
        let sniffed = InputKind.sniff(path: path)
        if let problem = sniffed.problem {
            result.warnings.append("\(problem); file skipped")
            result.unreadable = true
            return
        }
        result.kind = sniffed.kind
        switch sniffed.kind {
        case .binary:
            result.warnings.append("\(path): binary data, not a log; file skipped")
            return
        case .fail2banDatabase:
            return   // read by the database reader
        default: break
        }
        let opened: (source: any ByteSource, compression: Compression)
        do { opened = try InputOpener.open(path) } catch {
            result.warnings.append("\(error.description); file skipped")
            result.unreadable = true
            return
        }
        result.compression = opened.compression
        let inFail2banLog = sniffed.kind == .fail2ban
        let reader = LineReader(source: opened.source)
        var events: [Event] = []
        var ignored = 0, unrecognized = 0, notKept = 0
        var tail = [UInt64](repeating: 0, count: seamLines)
        var head: [UInt64] = []
        var contentHash: UInt64 = 0
        var headOutcomes: [LineOutcome] = []
        head.reserveCapacity(seamLines)
        var samples: [(Int, String)] = []
        // Year rollover inside the file for year-less stamps.
        var yearDelta: Int8 = 0
        var lastMonth = 0
        var lastStampKind = RawStamp.Kind.none
        var lastStamp = RawStamp.none
        var firstStamp: (RawStamp, Int8)? = nil
        var maxStamp: (RawStamp, Int8)? = nil
        do {
            try reader.forEachLine { line in
                let bytes = line.bytes
                let h = lineHash(bytes)
                tail[(line.number - 1) % seamLines] = h
                contentHash = (contentHash ^ h) &* 0x9E3779B97F4A7C15
                let before = events.count
                var outcome: LineOutcome
                if line.truncated {
                    outcome = .unrecognized
                } else {
                    outcome = classifier.classify(bytes, number: line.number, file: result.index,
                                                  inFail2banLog: inFail2banLog, into: &events)
                }
                let stamp = classifier.lastStamp
                if stamp.kind == .yearless {
                    let month = stamp.yearlessParts.month
                    if lastMonth != 0 && month + 6 <= lastMonth { yearDelta &+= 1 }
                    lastMonth = month
                }
                if stamp.kind != .none {
                    if firstStamp == nil { firstStamp = (stamp, yearDelta) }
                    if let m = maxStamp {
                        if m.0.kind != stamp.kind || (yearDelta, stamp.value) > (m.1, m.0.value) { maxStamp = (stamp, yearDelta) }
                    } else {
                        maxStamp = (stamp, yearDelta)
                    }
                }
                if outcome == .event {
                    // Updated in place: an Event holds strings, copying it costs retains.
                    switch events[before].stamp.kind {
                    case .yearless:
                        events[before].yearDelta = yearDelta
                    case .none:
                        // A journal line without a time: it happened when the line before did.
                        if lastStampKind == .none {
                            events.removeLast()
                            outcome = .unrecognized
                        } else {
                            events[before].stamp = lastStamp
                            events[before].yearDelta = yearDelta
                        }
                    default: break
                    }
                    if outcome == .event {
                        lastStamp = events[before].stamp
                        lastStampKind = lastStamp.kind
                        if let keep, !keep.contains(events[before].kind) {
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
                    if samples.count < maxSamples {
                        let cut = UnsafeRawBufferPointer(rebasing: bytes[0..<min(bytes.count, 2000)])
                        samples.append((line.number, Bytes.text(cut)))
                    }
                }
                if head.count < seamLines {
                    head.append(h)
                    headOutcomes.append(outcome)
                }
                return true
            }
        } catch {
            result.warnings.append("\(error.description); lines before it were read")
        }
        result.warnings.append(contentsOf: opened.source.warnings)
        if reader.overlongLines > 0 {
            result.warnings.append("\(path): \(reader.overlongLines) line(s) longer than \(LineReader.defaultMaxLineLength) bytes were cut and counted as unrecognised")
        }
        if classifier.limitHits > 0 {
            result.warnings.append("\(path): \(classifier.limitHits) line(s) hit the pattern match limit and were counted as unrecognised")
        }
        result.contentHash = contentHash
        result.firstStamp = firstStamp
        result.maxStamp = maxStamp
        result.lines = reader.lineCount
        result.bytes = reader.bytesRead
        result.events = events
        result.eventsNotKept = notKept
        result.ignored = ignored
        result.unrecognized = unrecognized
        result.unrecognizedSamples = samples
        result.headHashes = head
        result.headOutcomes = headOutcomes
        let n = reader.lineCount
        if n <= seamLines {
            result.tailHashes = Array(tail[0..<n])
        } else {
            let start = n % seamLines
            result.tailHashes = Array(tail[start...] + tail[..<start])
        }
    }

    /// 64-bit hash of a line (FNV-1a over 8-byte words), for seam detection.
    @inline(__always)
    static func lineHash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325 ^ UInt64(p.count)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100000001b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(p[i])) &* 0x100000001b3
            i += 1
        }
        return h
    }
}
