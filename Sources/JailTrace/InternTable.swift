import Synchronization

/// Values events carry (user names, services, jails, details, client addresses), stored once per
/// process: an event holds a 4-byte id per value instead of a 16-byte String or address, which
/// keeps an event at 48 bytes (millions are kept). Append-only, so an id stays valid for the life
/// of the process; memory grows with the number of *distinct* values, not with events.
///
/// Writes take a lock; reads do not: a value is stored before its id is handed out under the
/// lock, and ids reach other threads only through that lock or a thread join.
public final class InternTable<Value: Hashable & Sendable>: @unchecked Sendable {
    // SAFETY: `pages` and the page slots are written only under `state`'s lock, each slot once,
    // before its id is published (see above); they are never moved or freed.
    static var pageBits: Int { 16 }
    static var pageSize: Int { 1 << pageBits }
    static var maxPages: Int { 1 << 14 }   // 2^30 values

    private let pages: UnsafeMutablePointer<UnsafeMutablePointer<Value>?>
    private let state = Mutex<State>(State())

    private struct State {
        var count = 1                  // id 0 means "no text"
        var ids: [Value: UInt32] = [:]
    }

    init() {
        pages = .allocate(capacity: InternTable.maxPages)
        pages.initialize(repeating: nil, count: InternTable.maxPages)
    }

    deinit {
        let count = state.withLock { $0.count }
        for id in 1..<max(1, count) {
            (pages[id >> InternTable.pageBits]! + (id & (InternTable.pageSize - 1))).deinitialize(count: 1)
        }
        for p in 0..<InternTable.maxPages { pages[p]?.deallocate() }
        pages.deallocate()
    }

    /// The id of `value` (stored on first use). Never 0.
    public func id(_ value: Value) -> UInt32 {
        state.withLock { s in
            if let id = s.ids[value] { return id }
            let id = s.count
            let page = id >> InternTable.pageBits
            precondition(page < InternTable.maxPages, "more than 2^30 distinct values")
            if pages[page] == nil {
                let p = UnsafeMutablePointer<Value>.allocate(capacity: InternTable.pageSize)
                pages[page] = p
            }
            (pages[page]! + (id & (InternTable.pageSize - 1))).initialize(to: value)
            s.count += 1
            s.ids[value] = UInt32(id)
            return UInt32(id)
        }
    }

    /// The id of `value` if it is stored.
    public func existingID(_ value: Value) -> UInt32? {
        state.withLock { $0.ids[value] }
    }

    /// The value of `id` (nil for 0).
    @inline(__always)
    public subscript(id: UInt32) -> Value? {
        if id == 0 { return nil }
        let i = Int(id)
        return pages[i >> InternTable.pageBits]![i & (InternTable.pageSize - 1)]
    }

    /// Distinct values stored.
    public var count: Int { state.withLock { $0.count - 1 } }
}

/// The process-wide tables of event values.
public enum Interned {
    /// User names, services, jails, details.
    public static let texts = InternTable<String>()
    /// Client addresses.
    public static let addresses = InternTable<IPAddress>()
}
