#if canImport(Glibc)
import Glibc
#endif

/// A thread's cache in front of the `Interned` tables: after the first time, a repeated text (a
/// service name, a jail, a user, a detail) or address costs a hash and a compare, not an
/// allocation, a lock or a SipHash. Direct-mapped: a slot holds the last value that hashed to
/// it; a miss asks the shared table. One per thread.
final class Interner {
    // SAFETY: the caches are fixed-size buffers allocated and initialised in `init`, freed in
    // `deinit`; slots are indexed by a hash masked to their size; the memcmp compares two
    // ranges of the same, checked length. One thread uses an Interner at a time.
    private struct TextSlot {
        var hash: UInt64 = 0
        var bytes: [UInt8] = []
        var id: UInt32 = 0
    }
    /// A text of at most 16 bytes, held as two words: compared without a hash loop or memcmp.
    private struct ShortSlot {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var length = 0
        var id: UInt32 = 0
    }
    private struct AddressSlot {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var id: UInt32 = 0
    }
    static let slots = 1 << 12
    static let addressSlots = 1 << 14   // attackers bring many distinct addresses
    // Plain memory, allocated once: a class's array property read per lookup would cost a
    // dynamic exclusivity check and a reference count each time.
    private let texts = UnsafeMutableBufferPointer<TextSlot>.allocate(capacity: Interner.slots)
    private let shorts = UnsafeMutableBufferPointer<ShortSlot>.allocate(capacity: Interner.slots)
    private let addresses = UnsafeMutableBufferPointer<AddressSlot>.allocate(capacity: Interner.addressSlots)

    init() {
        texts.initialize(repeating: TextSlot())
        shorts.initialize(repeating: ShortSlot())
        addresses.initialize(repeating: AddressSlot())
    }

    deinit {
        texts.deinitialize().deallocate()
        shorts.deallocate()
        addresses.deallocate()
    }

    /// The id of `bytes` as text (invalid UTF-8 shown as `\\xNN`); 0 for empty.
    func id(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        if bytes.isEmpty { return 0 }
        if bytes.count <= 16 {
            let (w0, w1) = RuleKey.load(bytes, 0)   // zero past the end: the length tells apart
            let mixed = (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(bytes.count)
            let slot = Int(truncatingIfNeeded: mixed >> 40) & (Interner.slots - 1)
            let cached = shorts[slot]
            if cached.id != 0 && cached.w0 == w0 && cached.w1 == w1 && cached.length == bytes.count { return cached.id }
            let id = Interned.texts.id(Bytes.text(bytes))
            shorts[slot] = ShortSlot(w0: w0, w1: w1, length: bytes.count, id: id)
            return id
        }
        let hash = FileParser.lineHash(bytes)
        let slot = Int(truncatingIfNeeded: hash) & (Interner.slots - 1)
        let s = texts.baseAddress! + slot
        if s.pointee.id != 0, s.pointee.hash == hash, s.pointee.bytes.count == bytes.count,
           s.pointee.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
            return s.pointee.id
        }
        let id = Interned.texts.id(Bytes.text(bytes))
        texts[slot] = TextSlot(hash: hash, bytes: Array(bytes), id: id)
        return id
    }

    /// The id of `s`; 0 for empty.
    func id(_ s: String) -> UInt32 {
        var s = s
        return s.withUTF8 { id(UnsafeRawBufferPointer($0)) }
    }

    /// The id of `ip`.
    func id(_ ip: IPAddress) -> UInt32 {
        let mixed = (ip.high ^ ip.low &* 0x9E37_79B9_7F4A_7C15)
        let slot = Int(truncatingIfNeeded: mixed >> 40) & (Interner.addressSlots - 1)
        let cached = addresses[slot]
        if cached.id != 0 && cached.high == ip.high && cached.low == ip.low { return cached.id }
        let id = Interned.addresses.id(ip)
        addresses[slot] = AddressSlot(high: ip.high, low: ip.low, id: id)
        return id
    }
}
