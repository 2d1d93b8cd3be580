#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LogInput
import Synchronization

/// A one-line progress display on stderr (only used when stderr is a terminal), shown once a run
/// has taken more than a second, erased when it ends.
final class ProgressDisplay: Sendable {
    let progress: ReadProgress
    private let running = Atomic<Bool>(true)
    private let shown = Atomic<Bool>(false)

    init(total: Int) {
        progress = ReadProgress(total: total)
        let thread = Thread { [self] in self.loop() }
        thread.start()
    }

    private func loop() {
        let start = Date()
        while running.load(ordering: .relaxed) {
            usleep(200_000)
            guard running.load(ordering: .relaxed), Date().timeIntervalSince(start) > 1 else { continue }
            let done = progress.done, total = max(progress.total, 1)
            let pct = min(100, done * 100 / total)
            let width = 30
            let bar = String(repeating: "#", count: pct * width / 100) + String(repeating: ".", count: width - pct * width / 100)
            let mib = { (b: Int) in String(format: "%.0f", Double(b) / 1_048_576) }
            if done >= total {
                write("\r\u{1B}[2Kjailtrace: read \(mib(total)) MiB; correlating…")
            } else {
                write("\r\u{1B}[2Kjailtrace: reading [\(bar)] \(pct)% \(mib(done)) of \(mib(total)) MiB")
            }
            shown.store(true, ordering: .relaxed)
        }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        guard shown.load(ordering: .relaxed) else { return }
        usleep(250_000)   // let the drawing thread see the stop before the line is erased
        write("\r\u{1B}[2K")
    }

    private func write(_ s: String) {
        var s = s
        s.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
