import Foundation

/// Reads fail2ban's jail configuration (`--jail-config`): a file, or a directory holding
/// `jail.conf`, `jail.d/*.conf`, `jail.local`, `jail.d/*.local`, read in that order (fail2ban's
/// precedence: later files override earlier keys). INI syntax as fail2ban's config parser reads
/// it: `[section]`, `key = value` or `key: value`, indented continuation lines, `#`/`;` comments,
/// `[DEFAULT]` values inherited by every jail, `%(name)s` interpolation (section, then DEFAULT,
/// `__name__` is the section's name).
public enum JailConfigReader {
    /// The enabled jails of one configuration text (as if it were the only file).
    public static func read(text: String, name: String = "jail.local") -> (jails: [String: JailConfig], warnings: [String]) {
        var sections: [String: [String: String]] = [:]
        var order: [String] = []
        var warnings: [String] = []
        parse(text, file: name, into: &sections, order: &order, warnings: &warnings)
        return (resolve(sections, order), warnings)
    }

    /// Enabled jails with their settings, and one message per problem (file:line, what, what was done).
    public static func read(_ paths: [String]) -> (jails: [String: JailConfig], warnings: [String]) {
        var sections: [String: [String: String]] = [:]
        var order: [String] = []
        var warnings: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                warnings.append("\(path): no such jail configuration; ignored")
                continue
            }
            for file in isDir.boolValue ? files(in: path) : [path] {
                guard let data = FileManager.default.contents(atPath: file) else {
                    warnings.append("\(file): cannot read jail configuration; ignored")
                    continue
                }
                parse(String(decoding: data, as: UTF8.self), file: file, into: &sections, order: &order, warnings: &warnings)
            }
        }
        return (resolve(sections, order), warnings)
    }

    static func resolve(_ sections: [String: [String: String]], _ order: [String]) -> [String: JailConfig] {
        var jails: [String: JailConfig] = [:]
        let defaults = sections["DEFAULT"] ?? [:]
        for name in order where name != "DEFAULT" && name != "INCLUDES" {
            let own = sections[name] ?? [:]
            func value(_ key: String) -> String? {
                guard let raw = own[key] ?? defaults[key] else { return nil }
                return interpolate(raw, section: name, own: own, defaults: defaults, chain: [key])
            }
            guard let enabled = value("enabled"), ["true", "yes", "1", "on"].contains(enabled.lowercased()) else { continue }
            var jail = JailConfig()
            jail.ports = value("port").map { $0.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",") }
            jail.maxRetry = value("maxretry").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            jail.findTime = value("findtime").flatMap { Durations.seconds($0.trimmingCharacters(in: .whitespaces)) }
            jail.banTime = value("bantime").flatMap { Durations.seconds($0.trimmingCharacters(in: .whitespaces)) }
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

    static func parse(_ text: String, file: String, into sections: inout [String: [String: String]], order: inout [String], warnings: inout [String]) {
        var section: String? = nil
        var lastKey: String? = nil
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t", let section, let key = lastKey {
                sections[section]![key]! += "\n" + stripComment(trimmed)
                continue
            }
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                section = name
                if sections[name] == nil { sections[name] = [:]; order.append(name) }
                lastKey = nil
                continue
            }
            guard let section, let sep = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                warnings.append("\(file):\(n + 1): not a `key = value` line inside a [section]; ignored")
                continue
            }
            let key = trimmed[..<sep].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripComment(trimmed[trimmed.index(after: sep)...].trimmingCharacters(in: .whitespaces))
            sections[section]![key] = value
            lastKey = key
        }
    }

    /// Drops an inline ` #…` / ` ;…` comment.
    static func stripComment(_ s: String) -> String {
        for marker in [" #", " ;", "\t#", "\t;"] {
            if let r = s.range(of: marker) { return s[..<r.lowerBound].trimmingCharacters(in: .whitespaces) }
        }
        return s
    }

    /// Longest interpolated value: references that multiply (`%(a)s%(a)s` several levels deep)
    /// stop growing here instead of exhausting memory.
    static let maxValueLength = 16 * 1024

    /// Expands `%(name)s`. A name that refers back to itself (directly or through others) expands
    /// to nothing, as no finite value exists; at most 10 levels deep.
    static func interpolate(_ value: String, section: String, own: [String: String], defaults: [String: String], chain: [String]) -> String {
        guard chain.count <= 10, value.contains("%(") else { return value }
        var out = ""
        var rest = Substring(value)
        while let open = rest.range(of: "%(") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: ")s") else { out += rest[open.lowerBound...]; rest = ""; break }
            let name = rest[open.upperBound..<close.lowerBound].lowercased()
            if name == "__name__" {
                out += section
            } else if !chain.contains(name), let raw = own[name] ?? defaults[name] {
                out += interpolate(raw, section: section, own: own, defaults: defaults, chain: chain + [name])
            }
            rest = rest[close.upperBound...]
            if out.utf8.count > maxValueLength { return String(out.prefix(maxValueLength)) }
        }
        out += rest
        return out.utf8.count > maxValueLength ? String(out.prefix(maxValueLength)) : out
    }
}
