/// Every event of a run in time order, without a merged copy: the per-file arrays (each already
/// in time order) plus, when several files have events, the merge order as one 8-byte code per
/// event (file part in the high bits, index in the low 40).
public struct EventStore: RandomAccessCollection, Sendable {
    let parts: [[Event]]
    let order: [UInt64]?
    static let indexBits: UInt64 = 40
    static let indexMask: UInt64 = (1 << 40) - 1

    public var startIndex: Int { 0 }
    public var endIndex: Int { order?.count ?? parts.first?.count ?? 0 }

    @inline(__always)
    public subscript(i: Int) -> Event {
        guard let order else { return parts[0][i] }
        let code = order[i]
        return parts[Int(code >> EventStore.indexBits)][Int(code & EventStore.indexMask)]
    }

    /// The run's event order: time, then input file, then line.
    static func before(_ a: Event, _ b: Event) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.file != b.file { return a.file < b.file }
        return a.line < b.line
    }

    /// Merges time-ordered parts by (time, file, line).
    init(parts unsorted: [[Event]]) {
        let parts = unsorted.filter { !$0.isEmpty }
        self.parts = parts
        guard parts.count > 1 else { order = nil; return }
        let before = EventStore.before
        var order: [UInt64] = []
        order.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        var heads = [Int](repeating: 0, count: parts.count)
        while true {
            var best = -1
            for k in parts.indices where heads[k] < parts[k].count {
                if best < 0 || before(parts[k][heads[k]], parts[best][heads[best]]) { best = k }
            }
            if best < 0 { break }
            order.append(UInt64(best) << EventStore.indexBits | UInt64(heads[best]))
            heads[best] += 1
        }
        self.order = order
    }
}
