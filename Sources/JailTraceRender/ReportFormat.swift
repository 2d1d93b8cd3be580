import JailTrace

/// Formatting shared by the report renderers: short times, durations, counts. Everything here
/// works on values of the report model, never on raw log text.
enum ReportFormat {
    /// `2026-06-05 14:04:22` from RFC 3339 UTC (fractions dropped for alignment); `?` when absent.
    static func short(_ t: String?) -> String {
        guard let t, t.count >= 19 else { return t ?? "?" }
        return String(t.prefix(10)) + " " + String(t.dropFirst(11).prefix(8))
    }

    /// Microseconds since the epoch of an RFC 3339 time of the report.
    static func micros(_ t: String?) -> Int64? {
        guard let t else { return nil }
        return CivilTime.parseDateTime(t)?.micros
    }

    /// `45 s`, `12 min`, `3 h 54 min`, `2 d 5 h`.
    static func duration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" }
        if s < 86_400 {
            let m = (s % 3600) / 60
            return "\(s / 3600) h" + (m > 0 ? " \(m) min" : "")
        }
        let h = (s % 86_400) / 3600
        return "\(s / 86_400) d" + (h > 0 ? " \(h) h" : "")
    }

    /// `1 device`, `3 devices`.
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }

    /// What an explain report holds: `3 devices`, or with addresses asked about that are not
    /// devices, `2 addresses: 1 device, 1 never authenticated`.
    static func holding(_ r: ExplainReport) -> String {
        let others = r.devices.filter { $0.verdict == "never-authenticated" }.count
        if others == 0 { return count(r.devices.count, "device") }
        return count(r.devices.count, "address", plural: "addresses") + ": " + count(r.devices.count - others, "device") + ", \(others) never authenticated"
    }

    /// Why an explain report is empty: no device at all, or none of those asked about.
    static func nothing(_ r: ExplainReport) -> String {
        guard !r.selection.users.isEmpty else {
            return "No device (no address with a successful login or authenticated submission) in the window."
        }
        return "No device of " + r.selection.users.map { "user \($0)" }.joined(separator: " or ") + " in the window."
    }

    /// The number of bans still in force of a device.
    static func bansInForce(_ d: DeviceReport) -> Int { d.bans.filter { $0.end == nil }.count }

    /// Devices per verdict, in the order of SPEC §3 (unknown verdicts last, by name).
    static func verdictCounts(_ devices: [DeviceReport]) -> [(verdict: String, count: Int)] {
        let order = ["banned", "auth-failing", "server-fault", "moved", "no-contact", "active", "never-authenticated"]
        let counts = Dictionary(grouping: devices, by: \.verdict).mapValues(\.count)
        let known = order.compactMap { v in counts[v].map { (verdict: v, count: $0) } }
        let other = counts.filter { !order.contains($0.key) }.sorted { $0.key < $1.key }.map { (verdict: $0.key, count: $0.value) }
        return known + other
    }

    /// The directory all paths share (with its trailing `/`), or empty.
    static func commonDirectory(_ paths: [String]) -> String {
        guard paths.count > 1 || paths.first?.contains("/") == true, var prefix = paths.first.map({ Substring($0) }) else { return "" }
        for p in paths.dropFirst() {
            while !p.hasPrefix(prefix) { prefix = prefix.dropLast() }
        }
        guard let slash = prefix.lastIndex(of: "/") else { return "" }
        return String(prefix[...slash])
    }
}
