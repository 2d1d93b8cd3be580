import Benchmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JailTrace
import LogInput

/// The generated mail log to read (scripts/bench.sh makes it): JAILTRACE_BENCH_DIR, default
/// /tmp/jailtrace-bench (holding `maillog` and `fail2ban.log`).
let benchDir = ProcessInfo.processInfo.environment["JAILTRACE_BENCH_DIR"] ?? "/tmp/jailtrace-bench"
let maillog = benchDir + "/maillog"
let maillogGz = benchDir + "-gz/maillog.gz"
let mailBytes: Int = {
    var st = stat()
    return stat(maillog, &st) == 0 ? Int(st.st_size) : 0   // follows symlinks
}()

let mibPerSecond = BenchmarkMetric.custom("MiB/s", polarity: .prefersLarger, useScalingFactor: false)

/// Sample lines per family, classified in a loop (no I/O).
let samples: [(String, [String])] = [
    ("postfix", [
        "Jun  5 14:04:22 mx postfix/smtpd[3100]: connect from mx.example.net[203.0.113.9]",
        "Jun  5 14:04:22 mx postfix/submission/smtpd[2211]: warning: laptop.example.net[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=bob@example.org",
        "Jun  5 14:04:23 mx postfix/local[3300]: 5D2A3B4C5D: to=<bob@example.org>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (delivered to maildir)",
        "Jun  5 14:04:23 mx postfix/qmgr[900]: 5D2A3B4C5D: removed",
    ]),
    ("dovecot", [
        "Jun  5 14:04:22 mx dovecot: imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=4242, TLS, session=<aBcD1234>",
        "Jun  5 14:04:22 mx dovecot: imap(bob@example.org)<4242><aBcD1234>: Disconnected: Logged out in=1234 out=5678 deleted=0 expunged=0",
        "Jun  5 14:04:22 mx dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<x1>",
    ]),
    ("fail2ban", [
        "2026-06-05 14:04:21,903 fail2ban.filter         [812]: INFO    [postfix-sasl] Found 198.51.100.23 - 2026-06-05 14:04:21",
        "2026-06-05 14:04:22,108 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Ban 198.51.100.23",
    ]),
]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)

    // 1. The line reader alone: read(2) + memchr, borrowed lines.
    Benchmark("LineReader: generated maillog",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, mibPerSecond])) { benchmark in
        guard mailBytes > 0 else { print("no \(maillog): run Benchmarks/scripts/bench.sh first"); return }
        let start = ContinuousClock.now
        let reader = LineReader(source: try FileSource(path: maillog))
        var lines = 0
        var bytes = 0
        try reader.forEachLine { line in
            lines += 1
            bytes &+= line.bytes.count
            return true
        }
        blackHole(bytes)
        let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18 + Double((ContinuousClock.now - start).components.seconds)
        // The whole file in every iteration: a constant malloc count means none per line.
        benchmark.measurement(mibPerSecond, Int(Double(reader.bytesRead) / 1_048_576 / max(seconds, 1e-9)))
        blackHole(lines)
    }

    // 1b. gzip inflate alone, ISA-L and zlib, on the maillog gzipped (bench.sh makes it with
    // gzip -6, beside the set rather than in it, so the pipeline benchmark does not read it).
    for engine in GzipEngine.allCases {
        Benchmark("Inflate: maillog.gz with \(engine.rawValue)",
                  configuration: .init(metrics: [.wallClock, .peakMemoryResident, mibPerSecond], maxIterations: 3)) { benchmark in
            guard FileManager.default.fileExists(atPath: maillogGz) else { print("no \(maillogGz): run Benchmarks/scripts/bench.sh first"); return }
            if engine == .isal && !GzipEngine.isalAvailable { print("ISA-L not available"); return }
            let start = ContinuousClock.now
            let (source, _) = try InputOpener.open(maillogGz, gzip: engine)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
            defer { buffer.deallocate() }
            var total = 0
            while true {
                let n = try source.read(into: buffer)
                if n == 0 { break }
                total += n
            }
            let d = ContinuousClock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            benchmark.measurement(mibPerSecond, Int(Double(total) / 1_048_576 / max(seconds, 1e-9)))
        }
    }

    // 2. Each family's rules on typical lines (header + gate + PCRE2 JIT + event).
    for (family, lines) in samples {
        Benchmark("Classify: \(family) lines", configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .kilo)) { benchmark in
            let classifier = LineClassifier()
            var events: [Event] = []
            events.reserveCapacity(benchmark.scaledIterations.count * lines.count)
            let buffers = lines.map { Array($0.utf8) }
            for _ in benchmark.scaledIterations {
                for b in buffers {
                    b.withUnsafeBytes { _ = classifier.classify($0, number: 1, file: 0, inFail2banLog: family == "fail2ban", into: &events) }
                }
                if events.count > 100_000 { events.removeAll(keepingCapacity: true) }
            }
            blackHole(events.count)
        }
    }

    // 3. The whole pipeline as `report` runs it: read, parse, resolve, correlate.
    Benchmark("Pipeline: report over generated logs",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, mibPerSecond], maxIterations: 3)) { benchmark in
        guard mailBytes > 0 else { return }
        let start = ContinuousClock.now
        let run = try Pipeline.run(.correlation(paths: [benchDir], zone: "UTC", year: nil, asked: [], wholeWindow: true))
        let report = Correlator(run: run, options: ExplainOptions()).batchReport(warnings: run.allWarnings)
        blackHole(report.devices.count)
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        benchmark.measurement(mibPerSecond, Int(Double(mailBytes) / 1_048_576 / max(seconds, 1e-9)))
    }
}
