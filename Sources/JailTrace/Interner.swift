/// Shares one String per distinct short value (service names, jails): after the first time, an
/// event's service costs a hash and a compare, not an allocation. One per thread.
final class Interner {
    private var table: [UInt64: String] = [:]
    private var strings: Set<String> = []
    static let limit = 1 << 16

    /// The shared String for `bytes` (invalid UTF-8 shown as `\\xNN`).
    func text(_ bytes: UnsafeRawBufferPointer) -> String? {
        if bytes.isEmpty { return nil }
        if bytes.count > 64 { return Bytes.text(bytes) }
        let key = FileParser.lineHash(bytes)
        if let s = table[key], s.utf8.elementsEqual(bytes) { return s }
        let s = Bytes.text(bytes)
        if table.count < Interner.limit { table[key] = s }
        return s
    }

    /// The shared copy of `s` (so repeated details share one buffer).
    func intern(_ s: String) -> String {
        if s.utf8.count <= 15 { return s }   // small strings live inline anyway
        if let existing = strings.firstIndex(of: s) { return strings[existing] }
        if strings.count < Interner.limit { strings.insert(s) }
        return s
    }
}
