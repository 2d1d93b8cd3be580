#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Cuts a byte stream (a decompressor, typically) into blocks that end at a line end, so that
/// one thread can decompress while others parse the blocks. A line longer than a block is cut
/// like `LineReader` cuts it: its first `blockSize` bytes end a block, and the rest of it is
/// skipped up to its end, so every line still counts once.
public final class LineBlocks {
    // SAFETY: reads go into `block[filled...]` of an array sized before the loop; the memchr
    // and the move of a skipped line's tail stay within the `n` bytes just read.
    private let source: any ByteSource
    private let blockSize: Int
    private let separator: UInt8
    /// Bytes read after the last line end of the previous block.
    private var carry: [UInt8] = []
    /// Inside the tail of a line that was too long: drop bytes up to its end.
    private var skipping = false
    private var ended = false
    /// NUL bytes dropped where a block held nothing else before its line: a hole (see
    /// `LineReader.holeBytes`, which counts those it meets itself).
    public private(set) var holeBytes = 0

    /// Extra capacity of a fresh block, for the carried line start of a later refill.
    static let slack = 64 << 10

    /// Blocks of about `blockSize` bytes (at least the line-length limit of `LineReader`).
    public init(source: any ByteSource, blockSize: Int = 4 << 20, separator: UInt8 = 0x0A) {
        self.source = source
        self.blockSize = max(blockSize, LineReader.defaultMaxLineLength + 1)
        self.separator = separator
    }

    /// The next block of whole lines (the last one may lack its final line end); nil at the
    /// end. A read error ends the blocks: those handed out before it stand.
    public func next() throws(InputError) -> [UInt8]? {
        var none: [UInt8]? = nil
        return try next(reusing: &none)
    }

    /// `next()`, filling `spare` again when it is big enough: a block handed out earlier and no
    /// longer used (a fresh block of megabytes costs the kernel a page fault per 4 KiB, a
    /// reused one nothing). `spare` is taken (left nil); its storage is reused only when
    /// nothing else refers to it.
    public func next(reusing spare: inout [UInt8]?) throws(InputError) -> [UInt8]? {
        // Again while a block holds nothing but the NUL hole before a line (see `holeBytes`).
        while true {
            if let block = try fill(reusing: &spare) { return block }
            if ended && carry.isEmpty { return nil }
        }
    }

    /// One block, or nil when it held only a NUL hole (then dropped, and the line after the
    /// hole carried on) or when the input has ended.
    private func fill(reusing spare: inout [UInt8]?) throws(InputError) -> [UInt8]? {
        if ended && carry.isEmpty { return nil }
        // Room for the carried start of a line plus one block, filled by reads in place (fresh
        // blocks get some slack, so a later carry still fits when they come back).
        let size = carry.count + blockSize
        var block: [UInt8] = []
        if let capacity = spare?.capacity, capacity >= size {
            block = spare!
            spare = nil   // `block` is now the only reference: emptied in place, not copied
            block.removeAll(keepingCapacity: true)
        } else {
            spare = nil
            block.reserveCapacity(size + LineBlocks.slack)
        }
        block.append(contentsOf: repeatElement(0, count: size))
        var filled = carry.count
        carry.withUnsafeBytes { c in block.withUnsafeMutableBytes { $0.copyMemory(from: c) } }
        carry = []
        let source = self.source, separator = self.separator
        while !ended && filled < block.count {
            let start = filled
            let n = try block.withUnsafeMutableBytes { buf in
                Result { () throws(InputError) -> Int in try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buf[start...])) }
            }.get()
            if n == 0 { ended = true; break }
            if skipping {
                // Still inside an over-long line: drop up to its end (and keep what follows it).
                let end = block.withUnsafeBytes { memchr($0.baseAddress! + start, Int32(separator), n) }
                guard let end else { continue }
                let after = block.withUnsafeBytes { UnsafeRawPointer(end) - $0.baseAddress! } + 1
                let keep = start + n - after
                block.withUnsafeMutableBytes { buf in
                    (buf.baseAddress! + start).copyMemory(from: buf.baseAddress! + after, byteCount: keep)
                }
                skipping = false
                filled = start + keep
                continue
            }
            filled += n
        }
        block.removeLast(block.count - filled)
        if ended {
            return block.isEmpty ? nil : block
        }
        if let last = block.lastIndex(of: separator) {
            carry = Array(block[(last + 1)...])
            block.removeSubrange((last + 1)...)
            return block
        }
        // No line end in a whole block. NUL bytes at its start are a hole, not a line (as
        // `LineReader` reads them): dropped, and what follows them is carried to the next block.
        let text = block.firstIndex { $0 != 0 } ?? block.count
        if text > 0 {
            holeBytes += text
            carry = Array(block[text...])
            spare = block
            return nil
        }
        // One line longer than any line kept whole. Hand over its start (the parser cuts it and
        // counts it once) and skip the rest.
        skipping = true
        return block
    }
}
