public import LogInput
import Foundation

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
    /// Events in file order, as the parallel chunks made them (one part per chunk, in order;
    /// never copied into one array).
    var parts: [[Event]] = []

    /// Events in file order (a copy; for tests and small inputs).
    public var events: [Event] { parts.flatMap { $0 } }

    /// Calls `body` with every event in file order.
    func forEachEvent(_ body: (Event) -> Void) {
        for part in parts { for e in part { body(e) } }
    }

    /// Calls `body` on every event in file order, in place.
    func mutateEvents(_ body: (inout Event) -> Void) {
        for p in parts.indices { for i in parts[p].indices { body(&parts[p][i]) } }
    }

    /// The same, with the event after each one (nil for the last).
    func mutateEventsWithNext(_ body: (inout Event, Event?) -> Void) {
        for p in parts.indices {
            let count = parts[p].count
            for i in 0..<count {
                let next = i + 1 < count ? parts[p][i + 1] : parts[(p + 1)...].first { !$0.isEmpty }?.first
                body(&parts[p][i], next)
            }
        }
    }
    /// Lines read.
    public internal(set) var lines = 0
    /// Lines known but not needed.
    public internal(set) var ignored = 0
    /// Lines not understood.
    public internal(set) var unrecognized = 0
    /// Problems met, one line each, naming the file.
    public internal(set) var warnings: [String] = []
    /// Things handled that a reader may want to know (overlapping rotations read once); not
    /// problems: they go to the report, not to stderr, and `--strict` ignores them.
    public internal(set) var notes: [String] = []
    /// The first unrecognised lines (number, text), for `events --unrecognized`.
    public internal(set) var unrecognizedSamples: [(line: Int, text: String)] = []
    /// Whether the file could not be read at all.
    public internal(set) var unreadable = false
    /// Earliest and latest line stamps as written (with their year rollover count), resolved
    /// into `first`/`last` by the time resolver.
    var firstStamp: (RawStamp, Int8)?
    var maxStamp: (RawStamp, Int8)?
    /// The first and latest year-less stamps (nil: the file has none).
    var firstYearless: (RawStamp, Int8)?
    var maxYearless: (RawStamp, Int8)?
    /// First and last time written in the file (UTC µs) after resolution: every timestamped
    /// line counts, not only events.
    public internal(set) var first: Int64?
    public internal(set) var last: Int64?
    /// Hashes of the first lines and their outcomes, and of the last lines (seam detection).
    var headHashes: [UInt64] = []
    var headOutcomes: [LineOutcome] = []
    var tailHashes: [UInt64] = []
    /// What the last line became (nil: no line).
    var lastOutcome: LineOutcome?
    /// Whether the file's last line has no line end (cut while it was being written).
    var lastLineUnterminated = false
    /// A hash of every line in order: equal for two copies of one file.
    var contentHash: UInt64 = 0
    /// The line separator the file was read with (LF, or CR for a file written with CR alone).
    var separator: UInt8 = 0x0A
    /// Lines at the start of this file that repeat the end of the previous rotation.
    public internal(set) var seamDuplicates = 0
    /// Bytes of decompressed text.
    public internal(set) var bytes = 0

    init(index: Int32, input: DiscoveredFile) {
        self.index = index
        self.input = input
    }

    /// Events found (also those not kept in memory, and after `releaseEvents()`).
    public var eventCount: Int { eventsNotKept + (released ?? parts.reduce(0) { $0 + $1.count }) }
    var eventsNotKept = 0
    private var released: Int?

    /// Hands the events over to the run.
    func releaseEvents() {
        released = parts.reduce(0) { $0 + $1.count }
        parts = []
    }

    /// Events + ignored + unrecognised; equals `lines` for every file.
    public var accounted: Int { eventCount + ignored + unrecognized }
}

/// Reads one file through the classifier: in one pass, or, for a big uncompressed mail log, in
/// chunks split at line boundaries and parsed in parallel, then stitched (line numbers, year
/// rollovers, seam hashes).
enum FileParser {
    /// How many lines at each end of a file are hashed for the seam check (a power of two: the
    /// chunk loop's ring index is a mask).
    static let seamLines = 4096
    static let maxSamples = 50
    /// Files at least this big are split into chunks (one per core).
    public static let chunkThreshold = 32 << 20

    /// One unit of parallel work: a whole file, or one chunk of a big one.
    struct Task {
        let result: FileResult
        let chunk: ChunkParser
        let range: Range<Int>?      // nil: the whole file through `InputOpener`
        /// A compressed mail log decompressed on this task's thread and parsed in blocks by
        /// other threads; its chunks, in order (the first is `chunk`).
        var blocks: BlockChunks? = nil
    }

    /// Sniffs every file and cuts the work into tasks: whole files, and chunks of big
    /// uncompressed mail logs. One flat list, so one parallel loop keeps every core busy
    /// (a parallel loop nested in another one would run serially).
    static func plan(_ results: [FileResult], keep: Set<EventKind>?, chunkBytes: Int, chunks: Int) -> [Task] {
        var tasks: [Task] = []
        for result in results {
            let path = result.input.path
            let sniffed = InputKind.sniff(path: result.input.readPath, name: path)
            if let problem = sniffed.problem {
                result.warnings.append("\(problem); file skipped")
                result.unreadable = true
                continue
            }
            result.kind = sniffed.kind
            switch sniffed.kind {
            case .binary:
                result.warnings.append("\(path): binary data, not a log; file skipped")
                result.unreadable = true   // nothing usable in it: counts as unreadable input
                continue
            case .fail2banDatabase:
                continue   // read by the database reader
            default: break
            }
            let inFail2banLog = sniffed.kind == .fail2ban
            if sniffed.crOnly { result.notes.append("\(path): lines end in CR alone (no LF); read as CR-separated lines") }
            // A big plain log: chunks at line boundaries. (A fail2ban log carries context from
            // line to line: a continuation line is never an event, wherever a chunk starts, and
            // the jail being created is handed from chunk to chunk by `stitch`.) A compressed
            // mail log: one thread decompresses, the blocks it cuts are parsed by others.
            if !sniffed.crOnly, chunks > 1, sniffed.compression == .none,
               let ranges = FileRangeSource.split(path: result.input.readPath, parts: chunks, minimumBytes: chunkBytes), ranges.count > 1 {
                for r in ranges {
                    tasks.append(Task(result: result, chunk: ChunkParser(file: result.index, inFail2banLog: inFail2banLog, keep: keep), range: r))
                }
            } else {
                let chunk = ChunkParser(file: result.index, inFail2banLog: inFail2banLog, keep: keep)
                chunk.separator = sniffed.crOnly ? 0x0D : 0x0A
                result.separator = chunk.separator
                var task = Task(result: result, chunk: chunk, range: nil)
                // A compressed mail log: decompressed by one thread, its blocks parsed by others.
                if !inFail2banLog, !sniffed.crOnly, chunks > 1, sniffed.compression != .none { task.blocks = BlockChunks() }
                tasks.append(task)
            }
        }
        return tasks
    }

    /// Runs one task on the calling thread (with a classifier from the pool; a compressed mail
    /// log's blocks go to other threads).
    static func run(_ task: Task, blockBytes: Int = FileParser.blockBytes,
                    budget: BlockBudget = BlockBudget(), pool: ClassifierPool, progress: ReadProgress?) {
        let path = task.result.input.path
        do {
            if let blocks = task.blocks {
                try runBlocks(task, blocks, blockBytes: blockBytes, budget: budget, pool: pool, progress: progress)
            } else if let range = task.range {
                pool.run(task.chunk, try FileRangeSource(path: task.result.input.readPath, name: path, range: range, progress: progress))
            } else {
                let opened = try InputOpener.open(task.result.input.readPath, name: path, progress: progress)
                task.chunk.compression = opened.compression
                pool.run(task.chunk, opened.source)
            }
        } catch {
            task.chunk.openFailure = "\(error); file skipped"
        }
    }

    /// Parses `results` in parallel and stitches each file's chunks.
    static func parseAll(_ results: [FileResult], keep: Set<EventKind>?, identity: EventFilter? = nil, asked: Set<IPAddress> = [], onePerDelivery: Bool = false,
                         chunkBytes: Int, chunks: Int, blockBytes: Int = FileParser.blockBytes, progress: ReadProgress?) {
        let tasks = plan(results, keep: keep, chunkBytes: chunkBytes, chunks: chunks)
        let budget = BlockBudget()
        let pool = ClassifierPool(keep: keep, identity: identity, asked: asked, deliveries: onePerDelivery ? DeliverySieve() : nil)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { k in
            run(tasks[k], blockBytes: blockBytes, budget: budget, pool: pool, progress: progress)
        }
        for result in results {
            let mine = tasks.filter { $0.result === result }.flatMap { t in
                t.blocks.flatMap { $0.chunks.isEmpty ? nil : $0.chunks } ?? [t.chunk]
            }
            guard !mine.isEmpty else { continue }
            if let failure = mine.first?.openFailure {
                result.warnings.append(failure)
                result.unreadable = true
                continue
            }
            result.compression = mine.first?.compression ?? .none
            stitch(mine, into: result)
            // Damaged before its first line (a corrupt gzip header): nothing of it was readable.
            // (A decompressor's damage is a warning of the file, a read error the chunk's failure.)
            if result.lines == 0 && (mine.contains { $0.failure != nil } || result.compression != .none && !result.warnings.isEmpty) {
                result.unreadable = true
            }
        }
    }

    /// Joins chunk results in order: line numbers shifted, year rollovers carried across chunk
    /// boundaries, counts summed.
    static func stitch(_ chunks: [ChunkParser], into result: FileResult) {
        let path = result.input.path
        var lineOffset = 0
        var yearBase: Int8 = 0
        var prevLastMonth = 0, prevLastDay = 0
        var parts: [[Event]] = []
        var firstStamp: (RawStamp, Int8)? = nil
        var maxStamp: (RawStamp, Int8)? = nil
        var firstYearless: (RawStamp, Int8)? = nil
        var maxYearless: (RawStamp, Int8)? = nil
        var overlong = 0, limitHits = 0, holeBytes = 0
        var carriedJail: String? = nil
        for (k, c) in chunks.enumerated() {
            if let failure = c.failure { result.warnings.append("\(failure); lines before it were read") }
            if prevLastMonth != 0 && c.firstMonth != 0 && c.firstMonth + 6 <= prevLastMonth {
                yearBase &+= 1
            } else if ChunkParser.lateAtNewYear(c.firstMonth, c.firstDay, after: prevLastMonth, prevLastDay) {
                // The chunk starts with Dec 31 lines logged late, after the first Jan 1 lines:
                // they are the old year's, and the chunk's own rollover brings it back.
                yearBase &-= 1
            }
            // Adjusted in place (taken out of the chunk first, so each buffer has one owner and
            // is not copied) and kept as parts.
            var segments = c.segments
            c.segments = []
            // fail2ban 0.8/0.9 jail settings before the chunk's first "Creating new jail" get the
            // jail the chunks before ended with, as one pass over the file would have given them.
            let jailBefore = k > 0 && c.firstJailLine > 1 ? carriedJail.map { Interned.texts.id($0) } ?? 0 : 0
            // (A chunk that set or ended a jail block hands on its own state, nil included.)
            if c.firstJailLine != Int.max { carriedJail = c.jailAtEnd }
            if lineOffset != 0 || yearBase != 0 || jailBefore != 0 {
                for s in segments.indices {
                    for i in segments[s].indices {
                        if jailBefore != 0 && segments[s][i].kind == .jailSetting && segments[s][i].jailID == 0
                            && Int(segments[s][i].line) < c.firstJailLine {
                            segments[s][i].jailID = jailBefore
                        }
                        segments[s][i].line &+= Int32(clamping: lineOffset)
                        segments[s][i].yearDelta &+= yearBase
                    }
                }
            }
            parts.append(contentsOf: segments)
            for (n, text) in c.samples where result.unrecognizedSamples.count < maxSamples {
                result.unrecognizedSamples.append((n + lineOffset, text))
            }
            if let f = c.firstStamp, firstStamp == nil { firstStamp = (f.0, f.1 &+ yearBase) }
            if let f = c.firstYearless, firstYearless == nil { firstYearless = (f.0, f.1 &+ yearBase) }
            if let m = c.maxYearless {
                let shifted = (m.0, m.1 &+ yearBase)
                if let cur = maxYearless, (cur.1, cur.0.value) >= (shifted.1, shifted.0.value) {} else { maxYearless = shifted }
            }
            if let m = c.maxStamp {
                let shifted = (m.0, m.1 &+ yearBase)
                if let cur = maxStamp {
                    if cur.0.kind != m.0.kind || (shifted.1, m.0.value) > (cur.1, cur.0.value) { maxStamp = shifted }
                } else {
                    maxStamp = shifted
                }
            }
            // The head hashes: the first chunk's, topped up from the next when it is short.
            if k == 0 || (result.headHashes.count < seamLines && result.headHashes.count == lineOffset) {
                let room = seamLines - result.headHashes.count
                result.headHashes += c.head.prefix(room)
                result.headOutcomes += c.headOutcomes.prefix(room)
            }
            result.ignored += c.ignored
            result.unrecognized += c.unrecognized
            result.eventsNotKept += c.notKept
            result.contentHash &+= c.contentHash
            result.bytes += c.bytes
            overlong += c.overlong
            holeBytes += c.holeBytes
            limitHits += c.limitHits
            for w in c.sourceWarnings where !result.warnings.contains(w) { result.warnings.append(w) }
            lineOffset += c.lines
            yearBase &+= c.yearDelta
            if c.lastMonth != 0 { prevLastMonth = c.lastMonth; prevLastDay = c.lastDay }
        }
        // The tail hashes: the last chunk's, topped up from the one before when it is short.
        var tail: [UInt64] = []
        for c in chunks.reversed() {
            tail = c.tailHashes + tail
            if tail.count >= seamLines { break }
        }
        result.tailHashes = Array(tail.suffix(seamLines))
        result.lastOutcome = chunks.last { $0.lines > 0 }?.lastOutcome
        result.lastLineUnterminated = chunks.last { $0.lines > 0 }?.endsUnterminated ?? false
        if holeBytes > 0 {
            result.notes.append("\(path): \(holeBytes) NUL byte(s) before lines were skipped (a hole left where the file was truncated under its writer, as by copytruncate, or by a crash)")
        }
        if overlong > 0 {
            result.warnings.append("\(path): \(overlong) line(s) longer than \(LineReader.defaultMaxLineLength) bytes were cut and counted as unrecognised")
        }
        if limitHits > 0 {
            result.warnings.append("\(path): \(limitHits) line(s) hit the pattern match limit and were counted as unrecognised")
        }
        result.lines = lineOffset
        result.parts = parts
        result.firstStamp = firstStamp
        result.maxStamp = maxStamp
        result.firstYearless = firstYearless
        result.maxYearless = maxYearless
    }

    /// A line's share of a file's `contentHash` (a sum, so chunks add up in any order).
    @inline(__always)
    static func contentMix(_ h: UInt64) -> UInt64 { (h ^ (h >> 31)) &* 0x9E3779B97F4A7C15 }

    /// 64-bit hash of a line, for seam detection and the interners: 8-byte words folded in two
    /// independent multiply chains (16 bytes a step, so the multiplier's latency is paid half as
    /// often), then mixed together with the length.
    @inline(__always)
    static func lineHash(_ p: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15, m: UInt64 = 0x100000001b3
        var a: UInt64 = 0xcbf29ce484222325 ^ UInt64(p.count)
        var b: UInt64 = 0x84222325cbf29ce4
        var i = 0
        let n = p.count
        while i + 16 <= n {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            b = (b ^ p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            a ^= a >> 29
            b ^= b >> 31
            i += 16
        }
        if i + 8 <= n {
            a = (a ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            a ^= a >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        b = (b ^ tail) &* k
        var h = a ^ (b >> 7) ^ (b << 57)
        h = (h ^ (h >> 32)) &* k
        return h ^ (h >> 29)
    }
}
