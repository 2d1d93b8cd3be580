/// Every event of a run in time order, in fixed-size segments: index `i` is segment
/// `i >> segmentBits`, offset `i & segmentMask`. Built by merging the files' event runs, each
/// source segment freed as soon as it is consumed, so the merge never holds two copies of the
/// events (and no per-event order array is needed).
public struct EventStore: RandomAccessCollection, Sendable {
    static let segmentBits = 15
    static let segmentSize = 1 << segmentBits
    static let segmentMask = segmentSize - 1
    let segments: [[Event]]
    public let endIndex: Int

    public var startIndex: Int { 0 }

    @inline(__always)
    public subscript(i: Int) -> Event {
        segments[i >> EventStore.segmentBits][i & EventStore.segmentMask]
    }

    /// The event at a 32-bit index (the correlator's compact references).
    @inline(__always)
    public subscript(i: UInt32) -> Event { self[Int(i)] }

    /// Calls `body` with each event of `range` and its index, in order, segment by segment
    /// (one bounds check and no reference counting per event).
    @inline(__always)
    func forEach(in range: Range<Int>, _ body: (Int, Event) -> Void) {
        var index = range.lowerBound
        while index < range.upperBound {
            let s = index >> EventStore.segmentBits
            let start = index & EventStore.segmentMask
            let count = Swift.min(segments[s].count - start, range.upperBound - index)
            segments[s].withUnsafeBufferPointer { buf in
                for k in start..<(start + count) { body(index + k - start, buf[k]) }
            }
            index += count
        }
    }

    /// The run's event order: time, then input file, then line.
    static func before(_ a: Event, _ b: Event) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.file != b.file { return a.file < b.file }
        return a.line < b.line
    }

    /// Merges runs (one per file: its events in order, as a list of parts) by (time, file, line).
    /// Takes the runs over (`runs` is left empty): each part is freed once copied.
    init(taking runs: inout [[[Event]]]) {
        var none: AttackerSieve? = nil
        var repeats: [UInt32: Int] = [:]
        self.init(taking: &runs, sieve: &none, repeats: &repeats)
    }

    /// The same, leaving out the events `sieve` does not keep (it sees every event in order),
    /// and an event that repeats one of another input at the same instant — the same line read
    /// twice, as syslog and mail.log both hold it (Debian's rsyslog writes mail to both) —
    /// counted in `repeats` by `file << 16 | file it repeats`.
    init(taking runs: inout [[[Event]]], sieve: inout AttackerSieve?, repeats: inout [UInt32: Int]) {
        var own = runs.map { $0.filter { !$0.isEmpty } }.filter { !$0.isEmpty }
        runs = []   // `own` is now the only owner of every part
        var segments: [[Event]] = []
        var current: [Event] = []
        // The events emitted at an instant that another file also has (the merge puts one
        // file's events of an instant before the next file's): kept only then (`tie`: another
        // run's next event is at the same instant), so a run without such instants pays one
        // comparison an event; found again by their content's hash.
        var sameTime: [Event] = []
        var sameTimeIndex: [UInt64: [Int]] = [:]
        var sameTimeValue = Int64.min
        func emit(_ e: Event, tie: Bool) {
            if !sameTime.isEmpty {
                if e.time != sameTimeValue {
                    sameTime.removeAll(keepingCapacity: true)
                    sameTimeIndex.removeAll(keepingCapacity: true)
                } else if let k = sameTimeIndex[e.contentKey]?.first(where: { sameTime[$0].file != e.file && sameTime[$0].repeats(e) }) {
                    repeats[UInt32(e.file) << 16 | UInt32(sameTime[k].file), default: 0] += 1
                    // The line is this file's copy now too: a third input's copy matches it, and
                    // a second copy in this file does not (a line twice in both stays twice).
                    sameTime[k].file = e.file
                    return
                }
            }
            if tie {
                sameTimeIndex[e.contentKey, default: []].append(sameTime.count)
                sameTime.append(e)
                sameTimeValue = e.time
            }
            if AttackerSieve.looksAt(e.kind) && sieve != nil && !sieve!.keeps(e) { return }
            if current.count == EventStore.segmentSize {
                segments.append(current)
                current = []
                current.reserveCapacity(EventStore.segmentSize)
            }
            current.append(e)
        }
        var part = [Int](repeating: 0, count: own.count)     // current part of each run
        var offset = [Int](repeating: 0, count: own.count)   // index within that part
        var live = Array(own.indices)
        var freed = 0
        let before = EventStore.before
        while !live.isEmpty {
            var best = live[0]
            if live.count == 1 {
                // One run left: the rest of its current part in one go.
                let p = part[best]
                for e in own[best][p][offset[best]...] { emit(e, tie: false) }
                offset[best] = own[best][p].count
            } else {
                for k in live.dropFirst() where before(own[k][part[k]][offset[k]], own[best][part[best]][offset[best]]) { best = k }
                let e = own[best][part[best]][offset[best]]
                var tie = false
                for k in live where k != best && own[k][part[k]][offset[k]].time == e.time { tie = true }
                emit(e, tie: tie)
                offset[best] += 1
            }
            if offset[best] == own[best][part[best]].count {
                freed += own[best][part[best]].count * MemoryLayout<Event>.stride
                own[best][part[best]] = []   // consumed: free it now
                if freed >= 16 << 20 {
                    // Small parts live on the malloc heap, which keeps freed pages resident:
                    // hand them back as the merge goes, so the old and new copies never add up.
                    Pipeline.releaseFreedMemory()
                    freed = 0
                }
                offset[best] = 0
                part[best] += 1
                if part[best] == own[best].count { live.removeAll { $0 == best } }
            }
        }
        if !current.isEmpty { segments.append(current) }
        self.segments = segments
        endIndex = segments.reduce(0) { $0 + $1.count }
    }
}
