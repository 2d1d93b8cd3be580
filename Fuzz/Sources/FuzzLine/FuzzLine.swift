// Fuzzes LineClassifier.classify on one hostile line.
// Input: byte 0 selects `inFail2banLog` (low bit); the rest is the line.
// Invariants (fatalError when broken):
//  - at most one event is appended, and exactly one iff the outcome is `.event`;
//  - an event's ip, when present, comes from the line: its RFC 5952/dotted text appears in the
//    line (case-insensitively), or "::ffff:" + it does, or some substring of the line parses
//    (IPAddress.parse, exact) to the same address (covers non-canonical IPv6 spellings).
import JailTrace

nonisolated(unsafe) let classifier = LineClassifier()
nonisolated(unsafe) var events: [Event] = []

@inline(never)
func lowerASCII(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    bytes.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    if needle.count > haystack.count { return false }
    var i = 0
    while i + needle.count <= haystack.count {
        if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
        i += 1
    }
    return false
}

/// True when some substring of `line` is exactly an address equal to `ip`.
func someSubstringParses(_ line: UnsafeRawBufferPointer, to ip: IPAddress) -> Bool {
    func isAddressByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) || b == 0x3A || b == 0x2E
    }
    let n = line.count
    var i = 0
    while i < n {
        guard isAddressByte(line[i]) else { i += 1; continue }
        var j = i
        while j < n && isAddressByte(line[j]) { j += 1 }
        // every substring of the run [i, j) up to 45 bytes
        for s in i..<j {
            var e = s + 1
            while e <= j && e - s <= 45 {
                if let p = IPAddress.parse(UnsafeRawBufferPointer(rebasing: line[s..<e])), p == ip { return true }
                e += 1
            }
        }
        i = j
    }
    return false
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count >= 1 else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    let inFail2banLog = data[0] & 1 == 1
    let line = UnsafeRawBufferPointer(rebasing: data[1...])
    events.removeAll(keepingCapacity: true)
    let outcome = classifier.classify(line, number: 1, file: 0, inFail2banLog: inFail2banLog, into: &events)
    if events.count > 1 {
        fatalError("classify appended \(events.count) events for one line")
    }
    if (outcome == .event) != (events.count == 1) {
        fatalError("outcome \(outcome) but \(events.count) events appended")
    }
    if let event = events.first, let ip = event.ip {
        let text = Array(ip.description.utf8)   // RFC 5952, lower case; IPv4 dotted
        let lower = lowerASCII(line)
        if !contains(lower, text) && !contains(lower, Array("::ffff:".utf8) + text)
            && !someSubstringParses(line, to: ip) {
            fatalError("event \(event.kind.name) has ip \(ip) that appears nowhere in the line")
        }
    }
    return 0
}
