import Foundation
internal import CMalloc
public import LogInput

extension Pipeline {
    /// Total bytes on disk of what `paths` would read (for a progress display).
    public static func inputBytes(_ paths: [String]) -> Int {
        Discovery.discover(paths).files.reduce(0) { sum, f in
            var st = stat()
            return sum + (stat(f.path, &st) == 0 ? Int(st.st_size) : 0)
        }
    }
}

/// Options shared by every command: what to read and how to read time.
public struct RunOptions: Sendable {
    public var paths: [String]
    /// IANA zone for times written without an offset.
    public var zone: String?
    /// Year for year-less lines (the year of the newest line).
    public var year: Int?
    /// Event kinds to keep in memory (nil: all). Every event is still counted per file.
    public var keep: Set<EventKind>?
    /// Uncompressed files at least this big are parsed in parallel chunks.
    public var chunkBytes = FileParser.chunkThreshold
    /// Decompressed bytes per block of a compressed mail log (parsed in parallel while the
    /// file is decompressed).
    public var blockBytes = FileParser.blockBytes
    /// How many chunks at most (default: eight per core, so that the workers finish together
    /// even when a compressed or fail2ban file is read whole beside them).
    public var chunks = 8 * ProcessInfo.processInfo.activeProcessorCount
    /// Receives the bytes read from disk, for a progress display.
    public var progress: ReadProgress?
    /// Keep only events of these addresses/users in memory (`events --ip/--user` on huge logs);
    /// its time bounds are not applied here. Every event is still counted per file.
    public var identity: EventFilter?
    /// Drop Dovecot's own delivery events (lmtp/lda) when the inputs hold Postfix mailbox
    /// deliveries: correlation counts each message once, from Postfix's line then, so Dovecot's
    /// are not needed in memory (they still count as events of their file). Most are never
    /// kept: once any parser has met a Postfix mailbox delivery, the rest are counted only.
    public var onePerDelivery = false
    /// `explain`/`report` over the whole window: addresses that never authenticated keep only
    /// what the correlation reads of them (see `AttackerSieve`), except these (`--ip`). nil: keep all.
    public var sieveAttackers: [IPAddress]?
    /// Addresses asked about (`explain --ip`): their events of every kind are kept, also of the
    /// kinds `keep` leaves out (an address that never authenticated has its connections and
    /// rejects for a record).
    public var asked: Set<IPAddress> = []
    public init(paths: [String], zone: String? = nil, year: Int? = nil, keep: Set<EventKind>? = nil) {
        self.paths = paths
        self.zone = zone
        self.year = year
        self.keep = keep
    }

    /// How `explain` and `report` read: the kinds correlation needs, each delivery once and,
    /// over the whole window (no `--since`/`--until`), only what correlation reads of addresses
    /// that never authenticated, except the `asked` ones (`--ip`).
    public static func correlation(paths: [String], zone: String?, year: Int?, asked: [IPAddress], wholeWindow: Bool) -> RunOptions {
        var o = RunOptions(paths: paths, zone: zone, year: year, keep: correlationKinds)
        o.onePerDelivery = true
        o.asked = Set(asked)
        if wholeWindow { o.sieveAttackers = asked }
        return o
    }

    /// What `explain` and `report` need: everything but the routine connect/disconnect/reject
    /// traffic of every address (which only `events` shows).
    public static let correlationKinds: Set<EventKind> = Set(EventKind.allCases).subtracting([.connect, .disconnect, .reject, .abuse])
}

/// The outcome of reading every input: files with their counts, and all events in time order.
public final class Run: @unchecked Sendable {
    // SAFETY: built once by `Pipeline.run` and only read afterwards.
    /// Inputs in the order given/discovered.
    public let files: [FileResult]
    /// Every event, ordered by time (then file, then line).
    public let events: EventStore
    /// The zone used for times without an offset.
    public let zone: String
    /// Run-level problems (arguments that could not be used).
    public let warnings: [String]
    /// Auth failures not kept in `events`, counted by address id (`RunOptions.sieveAttackers`;
    /// empty when nothing was left out).
    let failuresLeftOut: [Int]
    /// Found lines not kept in `events` (of jails reading mail logs), counted by address id.
    let foundsLeftOut: [Int]
    /// The kinds kept for every address (nil: all); `RunOptions.asked` addresses have more.
    let keptKinds: Set<EventKind>?

    init(files: [FileResult], events: EventStore, zone: String, warnings: [String], failuresLeftOut: [Int] = [], foundsLeftOut: [Int] = [],
         keptKinds: Set<EventKind>? = nil) {
        self.keptKinds = keptKinds
        self.files = files
        self.events = events
        self.zone = zone
        self.warnings = warnings
        self.failuresLeftOut = failuresLeftOut
        self.foundsLeftOut = foundsLeftOut
    }

    /// Every warning: run-level first, then per file.
    public var allWarnings: [String] { warnings + files.flatMap(\.warnings) }
}

/// A usage problem: no readable input, an unknown zone.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads the inputs in parallel (one worker per file), resolves years and zones, removes seam
/// duplicates of overlapping rotations, and merges the events by time.
public enum Pipeline {
    public static func run(_ options: RunOptions) throws -> Run {
        Pipeline.applyAllocationPolicy()
        let zoneName = options.zone ?? Zone.current().identifier
        guard Zone(identifier: zoneName) != nil else {
            throw UsageError("unknown time zone '\(zoneName)' (use an IANA name such as Europe/Berlin or UTC; a fixed offset is Etc/GMT-5 for UTC+05:00)")
        }
        var (discovered, problems) = Discovery.discover(options.paths)
        if options.zone == nil, let problem = Zone.environmentProblem() { problems.append(problem) }
        if discovered.count > Event.maxFiles {
            problems.append("\(discovered.count) input files; only the first \(Event.maxFiles) are read")
            discovered = Array(discovered.prefix(Event.maxFiles))
        }
        if discovered.isEmpty {
            throw UsageError(problems.isEmpty ? "no input files given" : problems.joined(separator: "; ") + "; nothing to read")
        }
        let files = discovered.enumerated().map { FileResult(index: Int32($0.offset), input: $0.element) }
        let timing = PhaseTimer()
        FileParser.parseAll(files, keep: options.keep, identity: options.identity, asked: options.asked, onePerDelivery: options.onePerDelivery,
                            chunkBytes: options.chunkBytes, chunks: options.chunks, blockBytes: options.blockBytes, progress: options.progress)
        for file in files where file.kind == .fail2banDatabase {
            Fail2banDatabase.read(into: file, zone: Zone(identifier: zoneName)!)
        }
        timing.mark("parse")
        if options.onePerDelivery { dropDovecotDeliveries(files) }
        if files.allSatisfy({ $0.unreadable }) {
            throw UsageError(files.flatMap(\.warnings).joined(separator: "; ") + "; no readable input")
        }
        TimeResolver.resolve(files, zone: zoneName, year: options.year)
        timing.mark("time")
        SeamDeduplicator.apply(files)
        var sieve = options.sieveAttackers.map { AttackerSieve(files, keeping: $0) }
        let all = merge(files, sieve: &sieve)
        timing.mark("merge \(all.count) events of \(MemoryLayout<Event>.stride) bytes, \(Interned.texts.count) texts, \(Interned.addresses.count) addresses")
        return Run(files: files, events: all, zone: zoneName, warnings: problems, failuresLeftOut: sieve?.failuresLeftOut ?? [],
                   foundsLeftOut: sieve?.foundsLeftOut ?? [], keptKinds: options.keep)
    }

    /// See `RunOptions.onePerDelivery`. The parsers already left out the Dovecot deliveries
    /// they met after a Postfix mailbox delivery had been seen (`DeliverySieve`); this drops
    /// the ones met before.
    static func dropDovecotDeliveries(_ files: [FileResult]) {
        let families = Ruleset.shared.families   // read once, not per event
        let postfix = files.contains { f in f.parts.contains { $0.contains { $0.kind == .delivery && $0.intoMailbox && $0.isPostfix(families) } } }
        guard postfix else { return }
        for f in files {
            for p in f.parts.indices where f.parts[p].contains(where: { $0.kind == .delivery && !$0.isPostfix(families) }) {
                let before = f.parts[p].count
                f.parts[p].removeAll { $0.kind == .delivery && !$0.isPostfix(families) }
                f.eventsNotKept += before - f.parts[p].count
            }
        }
    }

    /// Orders events by (time, file, line). Each file's events are nearly always in time order
    /// already, so they are merged (k-way) rather than sorted as one big array; a file whose
    /// clock goes backwards is sorted on its own first. The files hand their events over.
    static func merge(_ files: [FileResult], sieve: inout AttackerSieve?) -> EventStore {
        let before = EventStore.before
        var runs: [[[Event]]] = []
        for f in files {
            // In order inside each part and from one part to the next? Else sort the file's events.
            var sorted = true
            var previous: Event? = nil
            outer: for part in f.parts {
                for e in part {
                    if let p = previous, before(e, p) { sorted = false; break outer }
                    previous = e
                }
            }
            if !sorted { f.parts = [f.parts.flatMap { $0 }.sorted(by: before)] }
            runs.append(f.parts)
            f.releaseEvents()   // the store holds them now: one copy in memory
        }
        var repeats: [UInt32: Int] = [:]
        let store = EventStore(taking: &runs, sieve: &sieve, repeats: &repeats)
        for (pair, n) in repeats.sorted(by: { $0.key < $1.key }) {
            let (copy, original) = (Int(pair >> 16), Int(pair & 0xFFFF))
            guard copy < files.count, original < files.count else { continue }
            files[copy].notes.append("\(files[copy].input.path): \(n) event\(n == 1 ? "" : "s") repeat\(n == 1 ? "s" : "") \(files[original].input.path) line for line at the same instant (the same log lines in two inputs, as syslog and mail.log both hold on Debian): counted once")
        }
        return store
    }

}

extension Pipeline {
    /// glibc raises its mmap threshold each time a big block is freed, after which event
    /// segments (1.5 MB) come from the heap and freed ones stay resident. A fixed threshold keeps
    /// every block of 1 MiB or more mmapped, so a segment freed during the merge goes back to
    /// the system at once (peak memory ≈ what the events need). Cheap; set on every run.
    static func applyAllocationPolicy() {
        jt_malloc_mmap_threshold(1 << 20)
    }
}

extension Pipeline {
    /// Returns freed heap pages to the system (glibc `malloc_trim`); a no-op elsewhere.
    static func releaseFreedMemory() {
        jt_malloc_trim()
    }
}
