import Foundation
import Testing
@testable import LogInput

/// The line reader on edge files, fed through every chunk size from 1 byte up.
struct LineReaderTests {
    static func lines(_ bytes: [UInt8], chunk: Int = .max, buffer: Int = 64, max: Int = 1 << 20) throws -> [([UInt8], Int, Bool)] {
        var out: [([UInt8], Int, Bool)] = []
        let reader = LineReader(source: MemorySource(bytes, chunk: chunk), bufferSize: buffer, maxLineLength: max)
        try reader.forEachLine { line in
            out.append((Array(line.bytes), line.number, line.truncated))
            return true
        }
        #expect(reader.lineCount == out.count)
        return out
    }

    static let edge: [(String, [UInt8], [String])] = [
        ("plain", Array("a\nbb\nccc\n".utf8), ["a", "bb", "ccc"]),
        ("no final newline", Array("a\nbb".utf8), ["a", "bb"]),
        ("CRLF", Array("a\r\nbb\r\n".utf8), ["a", "bb"]),
        ("empty lines", Array("\n\na\n".utf8), ["", "", "a"]),
        ("lone CR kept", Array("a\rb\n".utf8), ["a\rb"]),
        ("NUL block", [0x61, 0, 0, 0, 0x62, 0x0A, 0x63], ["a\0\0\0b", "c"]),
        ("empty file", [], []),
        // NUL bytes at a line's start are a hole (copytruncate, a crash), not part of the line.
        ("hole before lines", [0, 0, 0] + Array("a\n".utf8) + [0, 0] + Array("b".utf8), ["a", "b"]),
        ("hole at the end", Array("a\n".utf8) + [0, 0, 0], ["a"]),
        ("hole then newline", [0, 0, 0x0A, 0x62, 0x0A], ["", "b"]),
        ("byte order mark", [0xEF, 0xBB, 0xBF] + Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8), ["a", "\u{FEFF}b"]),
    ]

    @Test(arguments: 0..<edge.count)
    func everyChunkSize(_ k: Int) throws {
        let (name, bytes, expected) = Self.edge[k]
        for chunk in 1...max(1, bytes.count + 1) {
            for buffer in [16, 17, 64, 4096] {
                let got = try Self.lines(bytes, chunk: chunk, buffer: buffer)
                #expect(got.map { String(decoding: $0.0, as: UTF8.self) } == expected, "\(name) chunk \(chunk) buffer \(buffer)")
                #expect(got.map(\.1) == Array(1...max(1, expected.count)).prefix(expected.count).map { $0 }, "\(name): numbering")
            }
        }
    }

    @Test func longLineGrowsThenIsCut() throws {
        // A 10 MB line between two short ones: cut at the limit, the rest skipped, numbering kept.
        var bytes = Array("first\n".utf8)
        bytes += [UInt8](repeating: 0x78, count: 10_000_000)
        bytes += Array("\nlast\n".utf8)
        for chunk in [1 << 16, 1 << 20, 7777] {
            let got = try Self.lines(bytes, chunk: chunk, buffer: 4096, max: 1 << 20)
            #expect(got.count == 3)
            #expect(got[1].0.count == 1 << 20 && got[1].2)
            #expect(String(decoding: got[2].0, as: UTF8.self) == "last" && got[2].1 == 3 && !got[2].2)
        }
    }

    @Test func holeLongerThanTheLineLimitIsSkippedNotCut() throws {
        // A truncated-under-its-writer log: megabytes of NUL, then the writer's next line glued
        // to them (no newline between). The line is read whole, the hole counted.
        let bytes = [UInt8](repeating: 0, count: 3_000_000) + Array("next line\nlast\n".utf8)
        for chunk in [4096, 1 << 16, 1 << 20] {
            let reader = LineReader(source: MemorySource(bytes, chunk: chunk), bufferSize: 4096, maxLineLength: 1 << 20)
            var got: [String] = []
            try reader.forEachLine { got.append(String(decoding: $0.bytes, as: UTF8.self)); return !$0.truncated }
            #expect(got == ["next line", "last"], "chunk \(chunk)")
            #expect(reader.holeBytes == 3_000_000 && reader.overlongLines == 0)
        }
    }

    @Test func lineJustUnderTheLimitIsWhole() throws {
        let bytes = [UInt8](repeating: 0x79, count: 1000) + [0x0A]
        let got = try Self.lines(bytes, chunk: 13, buffer: 16, max: 1000)
        #expect(got.count == 1 && got[0].0.count == 1000 && !got[0].2)
    }

    @Test func stopsWhenAsked() throws {
        let reader = LineReader(source: MemorySource(Array("a\nb\nc\n".utf8)))
        var seen = 0
        try reader.forEachLine { _ in seen += 1; return seen < 2 }
        #expect(seen == 2)
    }
}

/// A file truncated while it is read (a log rotated with `copytruncate` under jailtrace) ends
/// sooner than it was: said once, not a silent partial result.
struct ShrinkingFileTests {
    @Test func aFileCutWhileReadIsAWarning() throws {
        let dir = Scratch.dir("shrink")
        let path = dir.appendingPathComponent("maillog").path
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x61, count: 100_000))
        let whole = try FileSource(path: path)
        let ranged = try FileRangeSource(path: path, range: 0..<100_000)
        var buffer = [UInt8](repeating: 0, count: 4096)
        for source in [whole, ranged] as [any ByteSource] {
            _ = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        }
        #expect(truncate(path, 10_000) == 0)
        for source in [whole, ranged] as [any ByteSource] {
            while try buffer.withUnsafeMutableBytes({ try source.read(into: $0) }) > 0 {}
            #expect(source.warnings == [FileSource.shrank(path)])
        }
        // A file read to its end says nothing.
        let intact = try FileSource(path: path)
        while try buffer.withUnsafeMutableBytes({ try intact.read(into: $0) }) > 0 {}
        #expect(intact.warnings.isEmpty)
    }
}
