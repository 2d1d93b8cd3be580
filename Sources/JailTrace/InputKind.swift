import LogInput

/// What an input file holds, detected from its content.
public enum InputKind: String, Sendable, Codable {
    case fail2ban             // fail2ban's own log file
    case maillog              // syslog with Postfix and/or Dovecot lines
    case dovecot              // Dovecot's own log file (log_path)
    case syslog               // syslog/journal text carrying fail2ban lines (and maybe mail lines)
    case fail2banDatabase = "fail2ban-db"
    case unknown
    case binary

    /// Detects the kind from the first lines of a file (up to 64 KiB, decompressed).
    static func sniff(path: String, name: String? = nil) -> (kind: InputKind, problem: String?, compression: Compression, crOnly: Bool) {
        let opened: (source: any ByteSource, compression: Compression)
        do { opened = try InputOpener.open(path, name: name) } catch { return (.unknown, error.description, .none, false) }
        let (k, crOnly) = sniffKind(opened.source)
        return (k, nil, opened.compression, crOnly)
    }

    /// The kind, and whether lines end in CR alone (no LF in the first 64 KiB, several CRs).
    static func sniffKind(_ source: any ByteSource) -> (InputKind, Bool) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        // NUL bytes at the start of a line are a hole (a log truncated under its writer), not
        // content: left out, as the line reader leaves them out, so that a file starting with
        // one is judged by the lines after it (read up to `maxHole` bytes of it).
        let maxHole = 64 << 20
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { scratch.deallocate() }
        var atLineStart = true
        var read = 0
        while filled < buffer.count && read < maxHole {
            guard let n = try? source.read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<(buffer.count - filled)])), n > 0 else { break }
            read += n
            for b in scratch[0..<n] where !(b == 0 && atLineStart) {
                buffer[filled] = b
                filled += 1
                atLineStart = b == 0x0A || b == 0x0D
            }
        }
        let head = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
        if filled >= 16 && Bytes.hasPrefix(head, 0, "SQLite format 3") { return (.fail2banDatabase, false) }
        if filled == 0 { return (.unknown, false) }
        var lf = 0, cr = 0
        for b in head { if b == 0x0A { lf += 1 } else if b == 0x0D { cr += 1 } }
        let crOnly = lf == 0 && cr >= 2
        var nul = 0
        var control = 0
        for b in head { if b == 0 { nul += 1 } else if b < 0x09 || (b > 0x0D && b < 0x20) { control += 1 } }
        var f2bFile = 0, f2bSyslog = 0, mail = 0, dovecotOwn = 0, lines = 0
        func count(_ line: Line) {
            guard let h = LineHeader.parse(line.bytes) else { return }
            switch (h.family, h.form) {
            case (.fail2ban, .fail2banFile): f2bFile += 1
            case (.fail2ban, _): f2bSyslog += 1
            case (.dovecot, .hostless): dovecotOwn += 1
            case (.postfix, _), (.dovecot, _): mail += 1
            default: break
            }
        }
        let separator: UInt8 = crOnly ? 0x0D : 0x0A
        let reader = LineReader(source: MemorySource(Array(head)), maxLineLength: 65536, separator: separator)
        try? reader.forEachLine { line in
            lines += 1
            count(line)
            return lines < 400
        }
        // A whole system log (`syslog`, `messages`) can open with thousands of other daemons'
        // lines: when none of the head is a mail or fail2ban line, look further (up to 8 MiB).
        if f2bFile + f2bSyslog + mail + dovecotOwn == 0 && filled == buffer.count && nul * 1000 <= filled && control * 20 <= filled {
            let more = LineReader(source: source, maxLineLength: 65536, separator: separator)
            try? more.forEachLine { line in
                count(line)
                return f2bFile + f2bSyslog + mail + dovecotOwn == 0 && more.bytesRead < 8 << 20
            }
        }
        let recognised = f2bFile + f2bSyslog + mail + dovecotOwn
        // Text logs have next to no NUL or C0 control bytes; random or compressed data has about
        // one NUL in 256 bytes and one control byte in ten.
        if recognised == 0 && (nul * 1000 > filled || control * 20 > filled) { return (.binary, crOnly) }
        if f2bFile > 0 && f2bFile >= mail + dovecotOwn { return (.fail2ban, crOnly) }
        if f2bSyslog > 0 { return (.syslog, crOnly) }
        if dovecotOwn > mail { return (.dovecot, crOnly) }
        if mail > 0 { return (.maillog, crOnly) }
        return (.unknown, crOnly)
    }
}
