/// A thread's cache in front of the `Interned` tables: after the first time, a repeated text (a
/// service name, a jail, a user) or address costs a hash and a compare, not an allocation or a
/// lock. One per thread.
final class Interner {
    private var byBytes: [UInt64: (String, UInt32)] = [:]
    private var byString: [String: UInt32] = [:]
    private var byAddress: [IPAddress: UInt32] = [:]
    static let limit = 1 << 16
    let table = Interned.texts

    /// The id of `bytes` as text (invalid UTF-8 shown as `\\xNN`); 0 for empty.
    func id(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        if bytes.isEmpty { return 0 }
        if bytes.count > 64 { return table.id(Bytes.text(bytes)) }
        let key = FileParser.lineHash(bytes)
        if let (s, id) = byBytes[key], s.utf8.elementsEqual(bytes) { return id }
        let s = Bytes.text(bytes)
        let id = table.id(s)
        if byBytes.count < Interner.limit { byBytes[key] = (s, id) }
        return id
    }

    /// The id of `s`; 0 for empty.
    func id(_ s: String) -> UInt32 {
        if s.isEmpty { return 0 }
        if let id = byString[s] { return id }
        let id = table.id(s)
        if byString.count < Interner.limit { byString[s] = id }
        return id
    }

    /// The id of `ip`.
    func id(_ ip: IPAddress) -> UInt32 {
        if let id = byAddress[ip] { return id }
        let id = Interned.addresses.id(ip)
        if byAddress.count < Interner.limit { byAddress[ip] = id }
        return id
    }
}
