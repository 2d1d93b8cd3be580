import Foundation

/// Test files live in one directory per test process, removed when the process exits (tests
/// run in parallel and in-process; a failed expectation does not skip the removal).
enum Scratch {
    static let root: URL = {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("jailtrace-loginput-tests-\(getpid())")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.root) }
        return u
    }()

    /// A new empty directory under `root`.
    static func dir(_ name: String) -> URL {
        let u = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }
}
