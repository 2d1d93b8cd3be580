import Foundation
import Testing
@testable import JailTrace
@testable import JailTraceRender

/// Renderers against hostile log text: HTML escaping (text, attributes, inside SVG), CSV formula
/// injection, no raw control bytes in terminal text; and the page's shape.
struct RenderTests {
    static let hostileUsers = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</svg>", "o'neil \"quoted\"", "esc\u{1B}[31mred\u{1B}[0m",
    ]

    /// A device built by hand, with hostile text everywhere log text can reach.
    static func hostileDevice(ip: String = "198.51.100.23", verdict: String = "banned") -> DeviceReport {
        let evil = hostileUsers.joined(separator: " ")
        return DeviceReport(
            ip: ip, users: hostileUsers, verdict: verdict,
            summary: "summary \(evil) `fail2ban-client set x unbanip \(ip)` \u{202E}",
            lastSeen: "2026-06-05T13:58:01Z", deliveredWhileSilent: 3,
            bans: [BanReport(jail: "</svg><script>alert(2)</script>", start: "2026-06-05T14:04:22Z", end: nil, endReason: nil,
                             failures: [FailureRef(file: "log/<b>mail\u{1B}log", line: 53, time: "2026-06-05T14:00:05Z", service: "smtpd\"><x>")],
                             restored: false, file: "log/fail2ban.log", line: 35)],
            timeline: [
                TimelineEntry(time: "2026-06-05T13:54:30Z", event: "login", detail: "user=\(evil)", file: "log/maillog", line: 49),
                TimelineEntry(time: "2026-06-05T14:00:05Z", event: "auth-failure", detail: "</svg><script>x</script>", file: "log/maillog", line: 56),
                TimelineEntry(time: "2026-06-05T14:01:00Z", event: "evil\"><script>", detail: nil, file: "log/\u{1B}]0;pwn\u{07}", line: 57),
            ],
            authFailuresSinceLastSeen: 5, failedSessions: 0, movedTo: "<i>", timelineOmitted: 0)
    }

    static func hostileBatch() -> BatchReport {
        let inputs = [InputSummary(path: "log/<script>maillog", kind: "maillog", compression: "none", lines: 10, events: 5, ignored: 1,
                                   unrecognized: 4, first: "2026-06-05T06:00:00Z", last: "2026-06-05T18:00:00Z",
                                   warnings: ["log/x: truncated \u{1B}[2J <script>"])]
        let devices = [hostileDevice(), hostileDevice(ip: "2001:db8::1", verdict: "active")]
        return BatchReport(timezone: "Europe/<b>Berlin", window: Window(start: "2026-06-05T06:00:00Z", end: "2026-06-05T18:00:00Z"),
                           inputs: inputs, devices: devices,
                           selfBans: [SelfBan(ip: "198.51.100.23", users: hostileUsers, jail: "<j>", start: "2026-06-05T14:04:22Z",
                                              end: nil, endReason: nil, lockedOutSeconds: 14079, verdict: "banned")],
                           jails: [JailStats(jail: "<j>", bans: 2, uniqueAddresses: 2, currentlyBanned: 1, medianBanSeconds: nil, maxRetry: 5,
                                             findTimeSeconds: 600, banTimeSeconds: 86400,
                                             topOffenders: [Offender(ip: "198.51.100.23", bans: 1, authFailures: 5)])],
                           topOffenders: [Offender(ip: "198.51.100.23", bans: 1, authFailures: 5)],
                           warnings: ["log/x: truncated \u{1B}[2J <script>"])
    }

    static func html(_ r: BatchReport) -> String {
        let sink = OutputSink()
        HTMLRenderer().render(r, to: sink)
        return sink.text
    }

    static func count(_ needle: String, in s: String) -> Int {
        s.components(separatedBy: needle).count - 1
    }

    @Test func htmlEscapesHostileUsernames() {
        let page = Self.html(Self.hostileBatch())
        #expect(!page.contains("<script"), "no script element can come from content")
        #expect(!page.lowercased().contains("<img"))
        for tag in Self.tags(page) {
            for name in Self.attributeNames(tag) { #expect(!name.lowercased().hasPrefix("on"), "event handler attribute in <\(tag)>") }
        }
        #expect(!page.contains("\u{1B}"), "no raw ESC byte")
        #expect(!page.contains("\u{07}"))
        #expect(!page.contains("\u{202E}"), "bidi override shown visibly, not applied")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("&lt;/svg&gt;"))
        #expect(page.contains("o&#39;neil &quot;quoted&quot;"))
        #expect(page.contains("esc\\x1B[31mred"))
        // The summary's command still becomes code, with its content escaped.
        #expect(page.contains("<code>fail2ban-client set x unbanip 198.51.100.23</code>"))
        // An event name never reaches a class attribute unfiltered.
        #expect(page.contains("class=\"ev-evilscript\""))
    }

    @Test func htmlIsWellFormedEnough() {
        let r = Self.hostileBatch()
        let page = Self.html(r)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(Self.count("<svg", in: page) == r.devices.count, "one timeline per device")
        #expect(Self.count("</svg>", in: page) == r.devices.count, "balanced <svg>…</svg>")
        for tag in ["html", "head", "body", "table", "thead", "tbody", "tr", "article", "details", "figure", "title", "style"] {
            #expect(Self.count("<\(tag)>", in: page) + Self.count("<\(tag) ", in: page) == Self.count("</\(tag)>", in: page), "<\(tag)> balanced")
        }
        // No external fetches, no scripts at all.
        for tag in Self.tags(page) {
            #expect(!Self.attributeNames(tag).contains("src"), "external reference in <\(tag)>")
            #expect(!tag.contains("href=\"http"), "external link in <\(tag)>")
        }
        #expect(!page.contains("http://") || page.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/2000/svg") })
        #expect(!page.contains("https://"))
        #expect(!page.contains("@import"))
        #expect(page.contains("@media print"))
        // Every attribute value is quoted: no `=` followed by something other than a quote inside a tag.
        for tag in Self.tags(page) where !tag.hasPrefix("!") && !tag.hasPrefix("/") {
            var inQuote = false
            var prev: Character = " "
            for c in tag {
                if c == "\"" { inQuote.toggle() }
                if !inQuote && prev == "=" { #expect(c == "\"", "unquoted attribute in <\(tag)>") }
                prev = c
            }
            #expect(!inQuote, "unbalanced quote in <\(tag)>")
        }
    }

    @Test func explainPageHasOneTimelinePerDevice() {
        let r = ExplainReport(timezone: "UTC", window: Window(start: "2026-06-05T06:00:00Z", end: "2026-06-05T18:00:00Z"), inputs: [],
                              devices: [Self.hostileDevice(), Self.hostileDevice(ip: "192.0.2.9", verdict: "no-contact")])
        let sink = OutputSink()
        HTMLRenderer().render(r, to: sink)
        let page = sink.text
        #expect(Self.count("<svg", in: page) == 2)
        #expect(!page.contains("<script"))
        #expect(page.contains("badge v-banned"))
        #expect(page.contains("badge v-no-contact"))
    }

    /// The header counts devices as devices: addresses asked about with `--ip` that are not
    /// devices are named as such, and an empty `--user` selection says whose devices were
    /// looked for (not that the window has none).
    @Test func headerCountsDevicesAndSaysWhatWasAskedFor() {
        var r = ExplainReport(timezone: "UTC", window: Window(start: "2026-06-05T06:00:00Z", end: "2026-06-05T18:00:00Z"), inputs: [],
                              devices: [Self.hostileDevice(), Self.hostileDevice(ip: "203.0.113.9", verdict: "never-authenticated")])
        let text = OutputSink()
        TextRenderer(color: false).render(r, to: text)
        #expect(text.text.hasPrefix("jailtrace: 2 addresses: 1 device, 1 never authenticated; window"))
        r.devices = []
        r.selection = Selection(users: ["nobody"])
        let empty = OutputSink(), page = OutputSink()
        TextRenderer(color: false).render(r, to: empty)
        HTMLRenderer().render(r, to: page)
        #expect(empty.text.contains("\nNo device of user nobody in the window.\n"))
        #expect(page.text.contains("No device of user nobody in the window."))
    }

    @Test func htmlIsDeterministic() {
        #expect(Self.html(Self.hostileBatch()) == Self.html(Self.hostileBatch()))
    }

    @Test func unknownVerdictGetsNoInjectedClass() {
        #expect(HTML.verdictClass("x\" onmouseover=\"alert(1)") == "v-other")
        #expect(HTML.badge("<b>").contains("&lt;b&gt;"))
    }

    @Test func csvNeutralisesFormulas() {
        var r = Self.hostileBatch()
        r.devices[0].users = ["=HYPERLINK(\"http://evil\",\"x\")", "+1", "-2", "@SUM(A1)"]
        r.devices[0].summary = "=cmd|' /C calc'!A0"
        let sink = OutputSink()
        CSVRenderer.render(r, to: sink)
        let lines = sink.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == Substring(CSVRenderer.header))
        #expect(lines.count == r.devices.count + 2, "header, one line per device, final newline")
        let row = String(lines[1])
        #expect(row.hasPrefix("198.51.100.23,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\") +1 -2 @SUM(A1)\",banned,2026-06-05T13:58:01Z,3,1,"))
        #expect(row.hasSuffix(",'=cmd|' /C calc'!A0"))
        #expect(!sink.text.contains("\u{1B}"))
        // No cell starts with a formula character.
        for line in lines.dropFirst() where !line.isEmpty {
            for cell in Self.cells(String(line)) {
                #expect(!(cell.first.map { "=+-@".contains($0) } ?? false), "formula cell: \(cell)")
            }
        }
    }

    /// An input's notes (lines read once though given twice, CR-only files) explain its counts:
    /// shown under the inputs in text and HTML, escaped like any log-derived text.
    @Test func inputNotesAreShown() {
        var r = Self.hostileBatch()
        r.inputs[0].notes = ["log/maillog: first 300 line(s) are all of log/<b>copy\u{1B}[31m (a copy taken earlier); counted once"]
        let text = OutputSink()
        TextRenderer(color: false, width: 100).render(r, to: text)
        #expect(text.text.contains("  note: log/maillog: first 300 line(s) are all of log/<b>copy"))
        #expect(!text.text.contains("\u{1B}"))
        let html = OutputSink()
        HTMLRenderer().render(r, to: html)
        #expect(html.text.contains("<ul class=\"notes\">\n<li>log/maillog: first 300 line(s) are all of log/&lt;b&gt;copy"))
    }

    /// Format characters (soft hyphen, zero-width, tag characters) are shown, not passed; a
    /// cut to a column count never splits an escape.
    @Test func terminalEscapesFormatCharactersAndCutsBetweenEscapes() {
        #expect(Escape.terminal("a\u{00AD}b\u{FFF9}c\u{E0001}d\u{200B}e") == "a\\u00ADb\\uFFF9c\\U000E0001d\\u200Be")
        #expect(Escape.terminal("é ü 日本") == "é ü 日本", "letters stay")
        let cut = Escape.terminalCut(String(repeating: "x", count: 65) + "\u{07}\u{0D}yyyy", columns: 70)
        #expect(cut == String(repeating: "x", count: 65) + "\\x07…", "\(cut)")
        #expect(Escape.terminalCut("short\u{1B}", columns: 70) == "short\\x1B")
        #expect(Escape.terminalCut(String(repeating: "x", count: 80), columns: 70).count == 70)
        // Combining marks: cut by scalars (they never start a new character, so a cut counted in
        // characters would walk the whole line).
        let marks = "a" + String(repeating: "\u{0301}", count: 5000)
        #expect(Escape.terminalCut(marks, columns: 70).unicodeScalars.count == 70)
        #expect(Escape.terminalCut(String(repeating: "\u{07}", count: 30), columns: 70) == String(repeating: "\\x07", count: 17) + "…")
    }

    /// `--output` paths that are descriptors: standard output and error only (a higher number
    /// may be one jailtrace itself holds by then).
    @Test func outputDescriptorsAreStandardOnes() {
        #expect(AtomicFile.descriptor(named: "/dev/stdout") == 1 && AtomicFile.descriptor(named: "/dev/stderr") == 2)
        #expect(AtomicFile.descriptor(named: "/dev/fd/1") == 1 && AtomicFile.descriptor(named: "/proc/self/fd/2") == 2)
        #expect(AtomicFile.descriptor(named: "/dev/fd/0") == nil && AtomicFile.descriptor(named: "/dev/fd/3") == nil)
        #expect(AtomicFile.descriptor(named: "/dev/fd/x") == nil && AtomicFile.descriptor(named: "report.json") == nil)
    }

    @Test func reportTextHasNoRawControlBytes() {
        for color in [false, true] {
            for width in [60, 100, 160] {
                let sink = OutputSink()
                TextRenderer(color: color, width: width).render(Self.hostileBatch(), to: sink)
                var text = sink.text
                if color {
                    // The renderer's own SGR codes are the only escapes allowed.
                    for code in ["0", "1", "2", "31", "1;31", "32", "33", "35", "36"] { text = text.replacingOccurrences(of: "\u{1B}[\(code)m", with: "") }
                }
                #expect(!text.contains("\u{1B}"), "raw ESC (color \(color), width \(width))")
                #expect(!text.contains("\u{07}"))
                #expect(!text.contains("\u{202E}"))
                #expect(text.contains("\\x1B[31mred"))
                if !color {
                    for line in text.split(separator: "\n") where !line.hasPrefix("jailtrace report:") && !line.contains("devices (") {
                        #expect(line.count <= width || line.contains("  warning: "), "line wider than \(width): \(line)")
                    }
                }
            }
        }
    }

    @Test func reportTextColoursVerdictsOnlyWhenAsked() {
        let plain = OutputSink(), coloured = OutputSink()
        TextRenderer(color: false).render(Self.hostileBatch(), to: plain)
        TextRenderer(color: true).render(Self.hostileBatch(), to: coloured)
        #expect(!plain.text.contains("\u{1B}"))
        #expect(coloured.text.contains("\u{1B}[1;31mbanned"))
    }

    @Test func textTableFitsAndKeepsPathEnds() {
        var t = TextTable([.init(header: "path", minWidth: 10, cutMiddle: true), .init(header: "n", right: true), .init(header: "extra", dropOrder: 1)])
        t.add([.init("Fixtures/scenarios/incident/maillog"), .init("12"), .init("some long optional column")])
        let lines = t.lines(width: 30, paint: { s, _ in s })
        for l in lines { #expect(l.count <= 30, "\(l)") }
        #expect(lines[1].contains("…"))
        #expect(lines[1].contains("maillog"))
        #expect(!lines[0].contains("extra"), "optional column left out")
    }

    /// Wide characters (CJK, emoji) take two terminal columns: the columns after them still
    /// line up, and a cut one never overflows its cell.
    @Test func textTableAlignsWideCharacters() {
        var t = TextTable([.init(header: "user", minWidth: 6), .init(header: "verdict")])
        t.add([.init("日本語ユーザー@例え.jp"), .init("banned")])
        t.add([.init("😀smile@example.org"), .init("active")])
        t.add([.init("résumé@example.org"), .init("moved")])
        let wide = t.lines(width: 100, paint: { s, _ in s })
        let starts = wide.map { line in TextTable.width(String(line[..<line.range(of: line.hasSuffix("verdict") ? "verdict" : line.split(separator: " ").last!)!.lowerBound])) }
        #expect(Set(starts).count == 1, "\(wide)")
        for line in t.lines(width: 20, paint: { s, _ in s }) { #expect(TextTable.width(line) <= 20, "\(line)") }
    }

    /// The inside of every tag of a page (`<…>`); escaped content holds no `<`.
    static func tags(_ page: String) -> [Substring] {
        page.components(separatedBy: "<").dropFirst().compactMap { $0.split(separator: ">", maxSplits: 1).first }
    }

    /// The attribute names of a tag's inside (`a href="…" class="…"` → `href`, `class`), quoted
    /// values skipped.
    static func attributeNames(_ tag: Substring) -> [String] {
        var names: [String] = [], word = "", inQuote = false
        for c in tag.drop(while: { $0 != " " }) {
            if c == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if c == "=" { names.append(word); word = "" } else if c == " " || c == "/" { word = "" } else { word.append(c) }
        }
        return names
    }

    /// Splits a CSV line (quotes respected).
    static func cells(_ line: String) -> [String] {
        var out: [String] = [], cur = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { cur.append("\""); chars.removeFirst() } else { quoted = false } } else { cur.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(cur); cur = "" } else { cur.append(c) }
        }
        out.append(cur)
        return out
    }
}

extension RenderTests {
    /// SPEC §5's keys stay present when a run has no time at all (inputs of garbage): `window`'s
    /// `start`/`end` and an input's `first`/`last` are null, not missing.
    @Test func timelessRunKeepsItsKeysAsNull() throws {
        let dir = TestSupport.tempDir()
        let path = dir.appendingPathComponent("garbage.txt")
        TestSupport.write("garbage line\nmore garbage\n", to: path)
        let run = try Pipeline.run(RunOptions(paths: [path.path], zone: "UTC"))
        let report = Correlator(run: run, options: ExplainOptions()).batchReport(warnings: [])
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        let window = try #require(json["window"] as? [String: Any])
        #expect(window.keys.sorted() == ["end", "start"] && window["start"] is NSNull && window["end"] is NSNull)
        let input = try #require((json["inputs"] as? [[String: Any]])?.first)
        #expect(input["first"] is NSNull && input["last"] is NSNull && (input["unrecognized"] as? Int) == 2)
    }
}
