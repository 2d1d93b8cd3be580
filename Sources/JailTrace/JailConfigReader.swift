import Foundation

/// Reads fail2ban's jail configuration (`--jail-config`): a file, or a directory holding
/// `jail.conf`, `jail.d/*.conf`, `jail.local`, `jail.d/*.local`, read in that order (fail2ban's
/// precedence: later files override earlier keys). INI syntax as fail2ban's config parser reads
/// it: `[section]` (text after its `]` ignored), `key = value` or `key: value`, indented
/// continuation lines, `#`/`;` comment lines and ` ;` inline comments (fail2ban's only inline
/// prefix), `[DEFAULT]` values inherited by every jail, `%(name)s` interpolation (section, then
/// DEFAULT; `__name__` is the section's name), `%(known/name)s` (the value the section had
/// before a later file replaced it) and `%(default/name)s` (DEFAULT's).
public enum JailConfigReader {
    /// The enabled jails of one configuration text (as if it were the only file).
    public static func read(text: String, name: String = "jail.local") -> (jails: [String: JailConfig], warnings: [String]) {
        var config = Parsed()
        var warnings: [String] = []
        parse(text, file: name, into: &config, warnings: &warnings)
        return (resolve(config, warnings: &warnings), warnings)
    }

    /// Sections as read so far, in order of first appearance, with the values later files
    /// replaced (for `%(known/…)s`).
    struct Parsed {
        var sections: [String: [String: String]] = [:]
        var order: [String] = []
        var known: [String: [String: String]] = [:]
    }

    /// Enabled jails with their settings, and one message per problem (file:line, what, what was done).
    public static func read(_ paths: [String]) -> (jails: [String: JailConfig], warnings: [String]) {
        var config = Parsed()
        var warnings: [String] = []
        var all: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                warnings.append("\(path): no such jail configuration; ignored")
                continue
            }
            let found = isDir.boolValue ? files(in: path) : [path]
            if found.isEmpty { warnings.append("\(path): holds no jail.conf, jail.local or jail.d/*.conf|*.local; ignored") }
            all += found
        }
        // Files named one by one (`--jail-config /etc/fail2ban/jail.*`) are layered in fail2ban's
        // order too, whatever the order given: jail.conf, jail.d/*.conf, jail.local,
        // jail.d/*.local (a stable sort: a directory's files are in that order already).
        let ordered = all.enumerated().sorted { (precedence($0.element), $0.offset) < (precedence($1.element), $1.offset) }.map(\.element)
        do {
            for file in ordered {
                guard let data = FileManager.default.contents(atPath: file) else {
                    warnings.append("\(file): cannot read jail configuration; ignored")
                    continue
                }
                parse(String(decoding: data, as: UTF8.self), file: file, into: &config, warnings: &warnings)
            }
        }
        return (resolve(config, warnings: &warnings), warnings)
    }

    /// Where fail2ban reads a file among the others: jail.conf 0, a `.conf` (in jail.d) 1,
    /// jail.local 2, a `.local` (in jail.d) 3; any other name with the `.conf` ones.
    static func precedence(_ path: String) -> Int {
        let name = (path as NSString).lastPathComponent
        if name == "jail.conf" { return 0 }
        if name == "jail.local" { return 2 }
        return name.hasSuffix(".local") ? 3 : 1
    }

    /// Whether a jail's ban action blocks the address on every port: an `allports` action
    /// (iptables-allports, nftables[type=allports], firewallcmd-allports), a route/blackhole,
    /// shorewall. `action` as expanded (it names the banaction), else `banaction`.
    static func blocksAllPorts(_ action: String) -> Bool {
        // fail2ban runs every action of the list: any one blocking every port does. By the
        // action's name, or an all-ports type among its parameters — not any parameter that
        // happens to say `allports` (a chain named so).
        for line in action.lowercased().split(whereSeparator: { $0 == "\n" }) {
            let text = line.trimmingCharacters(in: .whitespaces)
            let name = text.prefix { $0 != "[" }.trimmingCharacters(in: .whitespaces)
            if name.contains("allports") || name == "route" || name == "blackhole" || name.hasPrefix("shorewall") { return true }
            let params = text.dropFirst(name.count).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\"", with: "")
            if params.contains("[type=allports") || params.contains(",type=allports") || params.contains("actiontype=<allports>") { return true }
        }
        return false
    }

    static func resolve(_ config: Parsed, warnings: inout [String]) -> [String: JailConfig] {
        var jails: [String: JailConfig] = [:]
        let defaults = config.sections["DEFAULT"] ?? [:]
        for name in config.order where name != "DEFAULT" && name != "INCLUDES" {
            let scope = Scope(section: name, own: config.sections[name] ?? [:], defaults: defaults,
                              known: config.known[name] ?? [:], knownDefaults: config.known["DEFAULT"] ?? [:])
            /// A key's value, expanded, and the `%(x)s` it names that nothing defines (nil: none).
            func lookup(_ key: String) -> (value: String?, undefined: String?) {
                guard let raw = scope.own[key] ?? defaults[key] else { return (nil, nil) }
                var missing = Set<String>()
                let value = interpolate(raw, scope, chain: [key], missing: &missing)
                return (value, missing.isEmpty ? nil : missing.sorted().map { "%(\($0))s" }.joined(separator: ", "))
            }
            func value(_ key: String) -> String? { lookup(key).value }
            guard let enabled = value("enabled"), ["true", "yes", "1", "on"].contains(enabled.lowercased()) else { continue }
            var jail = JailConfig()
            /// A setting that names something nothing defines, or does not read as its kind:
            /// not used (fail2ban would not start the jail with it), said once.
            func unusable(_ key: String, _ why: String) {
                warnings.append("jail [\(name)]: \(key) \(why); not used")
            }
            // A ban action for all ports (iptables-allports, nftables[type=allports]) ignores `port`.
            // `action` as expanded; where it names what nothing defines (jail.conf not given),
            // said, and `banaction` read instead.
            // (Names missing further in, such as a mail action's `%(postfix_log)s` from
            // paths-*.conf, which is not read, do not matter here.)
            var (action, actionUndefined) = lookup("action")
            if let a = action, a.allSatisfy({ $0.isWhitespace }), let undefined = actionUndefined {
                warnings.append("jail [\(name)]: action names \(undefined), which nothing defines (give jail.conf too); its banaction is read instead")
                action = nil
            }
            if let action = action ?? value("banaction"), blocksAllPorts(action) {
                jail.ports = "all ports"
            } else {
                let (text, undefined) = lookup("port")
                let ports = text.map { $0.split(whereSeparator: { $0 == "\n" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: ",") }
                if undefined != nil || ports?.isEmpty == true {
                    unusable("port", undefined.map { "names \($0), which nothing defines" } ?? "is empty")
                } else {
                    jail.ports = ports
                }
            }
            func duration(_ key: String) -> Int64? {
                let (raw, undefined) = lookup(key)
                guard let text = raw?.trimmingCharacters(in: .whitespaces) else { return nil }
                guard undefined == nil, let seconds = Durations.seconds(text) else {
                    unusable(key, undefined.map { "names \($0), which nothing defines" } ?? "'\(String(text.prefix(60)))' is not a duration")
                    return nil
                }
                return seconds
            }
            if let text = value("maxretry")?.trimmingCharacters(in: .whitespaces) {
                if let n = Int(text) { jail.maxRetry = n } else { unusable("maxretry", "'\(String(text.prefix(60)))' is not a number") }
            }
            jail.findTime = duration("findtime")
            jail.banTime = duration("bantime")
            jail.filter = value("filter")?.trimmingCharacters(in: .whitespaces)
            jail.ignoreIP = value("ignoreip").map { $0.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" }).map(String.init) } ?? []
            jails[name] = jail
        }
        return jails
    }

    /// jail.conf, jail.d/*.conf, jail.local, jail.d/*.local (each group sorted by name).
    static func files(in dir: String) -> [String] {
        let d = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        let sub = ((try? FileManager.default.contentsOfDirectory(atPath: d + "/jail.d")) ?? []).sorted()
        var out: [String] = []
        let add = { (p: String) in if FileManager.default.fileExists(atPath: p) { out.append(p) } }
        add(d + "/jail.conf")
        for f in sub where f.hasSuffix(".conf") { add(d + "/jail.d/" + f) }
        add(d + "/jail.local")
        for f in sub where f.hasSuffix(".local") { add(d + "/jail.d/" + f) }
        return out
    }

    static func parse(_ text: String, file: String, into config: inout Parsed, warnings: inout [String]) {
        var section: String? = nil
        var lastKey: String? = nil
        var broken = 0   // lines not understood: the first few named, the rest counted
        defer {
            if broken > maxLineWarnings { warnings.append("\(file): \(broken - maxLineWarnings) more line(s) not understood; ignored") }
        }
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t", let section, let key = lastKey {
                config.sections[section]![key]! += "\n" + stripComment(trimmed)
                continue
            }
            // `[name]`, and whatever follows the last `]` ignored (Python's configparser).
            if trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]"), close > trimmed.index(after: trimmed.startIndex) {
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
                section = name
                if config.sections[name] == nil { config.sections[name] = [:]; config.order.append(name) }
                lastKey = nil
                continue
            }
            guard let section, let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                broken += 1
                if broken <= maxLineWarnings { warnings.append("\(file):\(n + 1): not a `key = value` line inside a [section]; ignored") }
                continue
            }
            let key = trimmed[..<sep].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripComment(trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces))
            if let earlier = config.sections[section]![key] { config.known[section, default: [:]][key] = earlier }
            config.sections[section]![key] = value
            lastKey = key
        }
    }

    /// Lines not understood that are named one by one per file (a binary file given by mistake
    /// would give one warning a line).
    static let maxLineWarnings = 10

    /// Drops an inline ` ;…` comment (fail2ban's one inline comment prefix; a `#` inside a
    /// value is part of it).
    static func stripComment(_ s: String) -> String {
        for marker in [" ;", "\t;"] {
            if let r = s.range(of: marker) { return s[..<r.lowerBound].trimmingCharacters(in: .whitespaces) }
        }
        return s
    }

    /// Longest interpolated value: references that multiply (`%(a)s%(a)s` several levels deep)
    /// stop growing here instead of exhausting memory.
    static let maxValueLength = 16 * 1024

    /// What `%(…)s` in one section can name.
    struct Scope {
        let section: String
        let own: [String: String]
        let defaults: [String: String]
        /// Values of the section (and of DEFAULT) before a later file replaced them.
        let known: [String: String]
        let knownDefaults: [String: String]

        /// The raw value `%(name)s` names: `known/x` (the value before the last override, else
        /// the current one), `default/x` (DEFAULT's), or `x` (the section's, then DEFAULT's).
        func raw(_ name: String) -> String? {
            if name.hasPrefix("known/") {
                let key = String(name.dropFirst(6))
                return known[key] ?? knownDefaults[key] ?? defaults[key]
            }
            if name.hasPrefix("default/") { return defaults[String(name.dropFirst(8))] }
            return own[name] ?? defaults[name]
        }
    }

    /// Expands `%(name)s`. A name that refers back to itself (directly or through others) expands
    /// to nothing, as no finite value exists; at most 10 levels deep.
    static func interpolate(_ value: String, _ scope: Scope, chain: [String]) -> String {
        var missing = Set<String>()
        return interpolate(value, scope, chain: chain, missing: &missing)
    }

    /// The same, collecting in `missing` the names nothing defines.
    static func interpolate(_ value: String, _ scope: Scope, chain: [String], missing: inout Set<String>) -> String {
        guard chain.count <= 10, value.contains("%(") else { return value }
        var out = ""
        var rest = Substring(value)
        while let open = rest.range(of: "%(") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: ")s") else { out += rest[open.lowerBound...]; rest = ""; break }
            let name = rest[open.upperBound..<close.lowerBound].lowercased()
            if name == "__name__" {
                out += scope.section
            } else if !chain.contains(name), let raw = scope.raw(name) {
                // Inside a known/ or default/ value, plain names still mean this section's.
                out += interpolate(raw, scope, chain: chain + [name], missing: &missing)
            } else if !chain.contains(name), missing.count < 8 {
                missing.insert(String(name.prefix(64)))
            }
            rest = rest[close.upperBound...]
            if out.utf8.count > maxValueLength { return String(out.prefix(maxValueLength)) }
        }
        out += rest
        return out.utf8.count > maxValueLength ? String(out.prefix(maxValueLength)) : out
    }
}
