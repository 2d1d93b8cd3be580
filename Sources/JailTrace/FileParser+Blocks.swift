import Foundation
import LogInput

/// Compressed mail logs: one thread decompresses and cuts blocks of whole lines, other threads
/// parse them as they come; and the pool of classifiers every task takes one from.
extension FileParser {
    /// The chunks of a file parsed block by block while it is decompressed. Appended to only
    /// by the decompressing thread; read after every block's parse has finished.
    final class BlockChunks: @unchecked Sendable {
        // SAFETY: see above (one writer; readers after `DispatchGroup.wait`).
        var chunks: [ChunkParser] = []
    }

    /// Decompressed bytes per block, and blocks decompressed ahead of the parsers (for all
    /// compressed files of a run together, so memory does not grow with their number).
    static let blockBytes = 2 << 20
    static var blocksAhead: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    /// Decompresses the task's file on this thread, cutting it into blocks of whole lines that
    /// other threads parse as they come (at most `blocksAhead` waiting; when that many are and
    /// other files decompress too, this thread parses the next block itself). The first block
    /// goes to the task's own chunk; read problems are reported on the last one.
    static func runBlocks(_ task: Task, _ blocks: BlockChunks, blockBytes: Int, budget: BlockBudget,
                          pool: ClassifierPool, progress: ReadProgress?) throws(InputError) {
        let slots = budget.slots
        budget.started()
        defer { budget.ended() }
        let opened = try InputOpener.open(task.result.input.readPath, name: task.result.input.path, progress: progress)
        task.chunk.compression = opened.compression
        let splitter = LineBlocks(source: opened.source, blockSize: blockBytes)
        let group = DispatchGroup()
        let spares = SpareBlocks()
        var failure: String? = nil
        do {
            var spare: [UInt8]? = nil
            while true {
                spare = spares.take()
                guard let block = try splitter.next(reusing: &spare) else { break }
                let chunk = blocks.chunks.isEmpty ? task.chunk : ChunkParser(file: task.chunk.file, inFail2banLog: false, keep: task.chunk.keep)
                blocks.chunks.append(chunk)
                if slots.wait(timeout: .now()) == .timedOut {
                    if budget.several {
                        // Every slot is taken while other files decompress too: parse this block
                        // here rather than wait (each decompressing file holds one of the pool's
                        // few threads; waiting would leave fewer to parse). Memory stays bounded.
                        let source = MemorySource(block)
                        pool.run(chunk, source)
                        spares.give(source.takeBytes())
                        continue
                    }
                    slots.wait()   // alone: keep decompressing ahead of the parsers
                }
                let held = HeldBlock(block)
                group.enter()
                DispatchQueue.global().async {
                    let source = MemorySource(held.take())
                    pool.run(chunk, source)
                    // Parsed: the bytes go back to be filled again (only the spare list refers
                    // to them now, so the refill reuses their pages).
                    spares.give(source.takeBytes())
                    slots.signal()
                    group.leave()
                }
            }
        } catch {
            failure = error.description
        }
        group.wait()
        if blocks.chunks.isEmpty { blocks.chunks = [task.chunk] }
        let last = blocks.chunks[blocks.chunks.count - 1]
        last.sourceWarnings += opened.source.warnings
        last.holeBytes += splitter.holeBytes
        if let failure { last.failure = failure }
    }

    /// The blocks decompressed ahead of the parsers, for all compressed files of a run together
    /// (so memory does not grow with their number), and how many files are decompressing.
    final class BlockBudget: @unchecked Sendable {
        // SAFETY: `active` is only touched under `lock`.
        let slots = DispatchSemaphore(value: FileParser.blocksAhead)
        private let lock = NSLock()
        private var active = 0

        func started() { lock.lock(); active += 1; lock.unlock() }
        func ended() { lock.lock(); active -= 1; lock.unlock() }
        /// Whether more than one file is decompressing now.
        var several: Bool {
            lock.lock()
            defer { lock.unlock() }
            return active > 1
        }
    }

    /// A block on its way to the thread that parses it (taken from here, so nothing else keeps
    /// its storage).
    final class HeldBlock: @unchecked Sendable {
        // SAFETY: set on the decompressing thread before the parse task is queued, taken once by
        // that task.
        private var bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        func take() -> [UInt8] {
            let taken = bytes
            bytes = []
            return taken
        }
    }

    /// Parsed blocks of one file, handed back to its decompressing thread to be filled again
    /// (at most as many as are in flight).
    final class SpareBlocks: @unchecked Sendable {
        // SAFETY: `free` is only touched under `lock`.
        private let lock = NSLock()
        private var free: [[UInt8]] = []

        func take() -> [UInt8]? {
            lock.lock()
            defer { lock.unlock() }
            return free.popLast()
        }

        func give(_ block: [UInt8]) {
            lock.lock()
            free.append(block)
            lock.unlock()
        }
    }

    /// Classifiers handed from one task to the next (a classifier costs its rule copies and
    /// caches to build; the parallel loop never runs more of them than it has threads). All of
    /// one parse have the same keep set.
    final class ClassifierPool: @unchecked Sendable {
        // SAFETY: `free` is only touched under `lock`.
        private let lock = NSLock()
        private var free: [LineClassifier] = []
        let keep: Set<EventKind>?
        let identity: EventFilter?
        let asked: Set<IPAddress>
        /// Shared by every chunk of the run (see `RunOptions.onePerDelivery`); nil: keep all.
        let deliveries: DeliverySieve?
        init(keep: Set<EventKind>?, identity: EventFilter?, asked: Set<IPAddress> = [], deliveries: DeliverySieve? = nil) {
            self.keep = keep
            self.identity = identity
            self.asked = asked
            self.deliveries = deliveries
        }

        /// A classifier with no state from an earlier file.
        func take() -> LineClassifier {
            lock.lock()
            let c = free.popLast()
            lock.unlock()
            guard let c else { return LineClassifier(keep: keep, identity: identity, asked: asked) }
            c.startFile()
            return c
        }

        func give(_ c: LineClassifier) {
            lock.lock()
            free.append(c)
            lock.unlock()
        }

        /// Runs `chunk` over `source` with a pooled classifier.
        func run(_ chunk: ChunkParser, _ source: any ByteSource) {
            let c = take()
            chunk.run(source, classifier: c, deliveries: deliveries)
            give(c)
        }
    }
}
