import Foundation
@testable import JailTrace

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The repository root (…/Tests/JailTraceTests/TestSupport.swift → ../..).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = root.appendingPathComponent("Fixtures")
    /// `../shared/corpus` beside the repository, when present.
    static let corpus: URL? = {
        let u = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }()

    private static let cwdLock = NSLock()

    /// Runs `body` with the repository root as the working directory (as a user running jailtrace
    /// from it would), holding a lock so that no two such sections interleave (tests run in
    /// parallel; nothing else in the tests depends on the working directory).
    static func inRoot<T>(_ body: () throws -> T) rethrows -> T {
        cwdLock.lock()
        defer { cwdLock.unlock() }
        let cwd = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(root.path)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        return try body()
    }

    /// Where the tests' files go: one directory per test process, removed when it exits (tests
    /// run in parallel and in-process; a failed expectation does not skip the removal).
    static let scratch: URL = {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("jailtrace-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestSupport.scratch) }
        return u
    }()

    /// A new empty directory under `scratch`.
    static func tempDir(_ name: String = "jt") -> URL {
        let u = scratch.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func write(_ text: String, to url: URL) {
        try! Data(text.utf8).write(to: url)
    }

    /// Runs the pipeline over files holding `text` (one file each), UTC, given year.
    static func run(_ files: [(String, String)], year: Int? = 2026, zone: String = "UTC") throws -> Run {
        let dir = tempDir()
        var paths: [String] = []
        for (name, text) in files {
            let u = dir.appendingPathComponent(name)
            write(text, to: u)
            paths.append(u.path)
        }
        return try Pipeline.run(RunOptions(paths: paths, zone: zone, year: year))
    }

    /// Shell out (gzip etc.) for test data.
    @discardableResult
    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        try! p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
