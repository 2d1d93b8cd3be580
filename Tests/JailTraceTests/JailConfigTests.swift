import Foundation
import Testing
@testable import JailTrace

/// `--jail-config`: fail2ban's files, precedence, DEFAULT, interpolation, continuation lines.
struct JailConfigTests {
    static func makeConfig() -> URL {
        let dir = TestSupport.tempDir("jailconf")
        try! FileManager.default.createDirectory(at: dir.appendingPathComponent("jail.d"), withIntermediateDirectories: true)
        TestSupport.write("""
        [INCLUDES]
        before = paths-debian.conf

        [DEFAULT]
        bantime  = 10m
        findtime = 10m
        maxretry = 5
        mail_ports = smtp,465,submission
        # comment
        ignoreip = 127.0.0.1/8 ::1

        [postfix-sasl]
        filter   = postfix[mode=auth]
        port     = %(mail_ports)s,imap,imaps,pop3,pop3s
        logpath  = %(postfix_log)s

        [dovecot]
        port    = pop3,pop3s,imap,imaps,
                  submission,465,sieve
        enabled = false

        [sshd]
        port = ssh

        """, to: dir.appendingPathComponent("jail.conf"))
        TestSupport.write("[postfix-sasl]\nenabled = true\nmaxretry = 3 ; local choice\n[dovecot]\nenabled = true\n",
                          to: dir.appendingPathComponent("jail.d/mail.conf"))
        TestSupport.write("[DEFAULT]\nbantime = 1d\n[postfix-sasl]\nfindtime = 1h\n", to: dir.appendingPathComponent("jail.local"))
        TestSupport.write("[postfix-sasl]\nmaxretry = 4\nthis line is broken\n", to: dir.appendingPathComponent("jail.d/zz.local"))
        return dir
    }

    @Test func precedenceDefaultsAndInterpolation() {
        let (jails, warnings) = JailConfigReader.read([Self.makeConfig().path])
        #expect(Set(jails.keys) == ["postfix-sasl", "dovecot"])          // sshd is not enabled
        let p = jails["postfix-sasl"]!
        #expect(p.ports == "smtp,465,submission,imap,imaps,pop3,pop3s")
        #expect(p.maxRetry == 4)        // jail.d/*.local overrides jail.d/*.conf
        #expect(p.findTime == 3600)     // jail.local
        #expect(p.banTime == 86400)     // DEFAULT in jail.local overrides DEFAULT in jail.conf
        #expect(p.filter == "postfix[mode=auth]")
        #expect(p.ignoreIP == ["127.0.0.1/8", "::1"])
        #expect(jails["dovecot"]!.ports == "pop3,pop3s,imap,imaps,,submission,465,sieve" || jails["dovecot"]!.ports == "pop3,pop3s,imap,imaps,submission,465,sieve")
        #expect(warnings.count == 1 && warnings[0].contains("zz.local:3"))
    }

    /// Files named one by one are layered in fail2ban's order whatever the order given.
    @Test func namedFilesAreReadInFail2bansOrder() {
        let dir = Self.makeConfig()
        let files = ["jail.d/zz.local", "jail.local", "jail.d/mail.conf", "jail.conf"].map { dir.appendingPathComponent($0).path }
        let (jails, _) = JailConfigReader.read(files)
        let p = jails["postfix-sasl"]
        #expect(p?.maxRetry == 4 && p?.findTime == 3600 && p?.banTime == 86400, "\(String(describing: p))")
    }

    /// A ban action that blocks every port, named by `action` or `banaction`: the ports say so.
    /// A setting naming what nothing defines, or not readable as its kind, is not used (fail2ban
    /// would not start the jail with it) and said once.
    @Test func actionsSettingsAndUnusableValues() {
        func jail(_ body: String) -> (JailConfig?, [String]) {
            let r = JailConfigReader.read(text: "[postfix-sasl]\nenabled = true\nport = smtp,submission\n" + body)
            return (r.jails["postfix-sasl"], r.warnings)
        }
        #expect(jail("action = iptables-allports[name=postfix-sasl, protocol=tcp]\n").0?.ports == "all ports")
        #expect(jail("banaction = route\n").0?.ports == "all ports")
        #expect(jail("banaction = nftables[type=allports]\n").0?.ports == "all ports")
        #expect(jail("banaction = iptables-multiport\naction = %(banaction)s[port=\"%(port)s\"]\n         sendmail-whois[name=x]\n").0?.ports == "smtp,submission")
        // fail2ban runs every action: one blocking all ports anywhere in the list counts; a
        // parameter that merely says "allports" (a chain's name) does not.
        #expect(jail("action = iptables-multiport[name=x]\n         route[blocktype=unreachable]\n").0?.ports == "all ports")
        #expect(jail("action = iptables-multiport[name=allports-guard, port=\"smtp,submission\"]\n").0?.ports == "smtp,submission")
        // An action naming what nothing defines (jail.local given without jail.conf): said, and
        // the banaction read instead.
        let (fallback, w0) = jail("banaction = iptables-allports\naction = %(action_mwl)s\n")
        #expect(fallback?.ports == "all ports" && w0.count == 1 && w0[0].contains("action names %(action_mwl)s, which nothing defines"), "\(w0)")
        // Names missing further in (a mail action's log path from paths-*.conf) do not matter.
        let (mailAction, w3) = jail("banaction = iptables-multiport\naction = %(banaction)s[port=\"%(port)s\"]\n         sendmail-whois-lines[logpath=\"%(postfix_log)s\"]\n")
        #expect(mailAction?.ports == "smtp,submission" && w3.isEmpty, "\(w3)")
        let (undefined, w1) = jail("port = %(mail_ports)s\n")
        #expect(undefined?.ports == nil && w1 == ["jail [postfix-sasl]: port names %(mail_ports)s, which nothing defines; not used"], "\(w1)")
        let (bad, w2) = jail("findtime = 30m  # half an hour\nbantime = %(nope)s\nmaxretry = five\n")
        #expect(bad?.findTime == nil && bad?.banTime == nil && bad?.maxRetry == nil)
        // Garbage (a binary file given by mistake): ten lines named, the rest counted.
        let garbage = JailConfigReader.read(text: "[x]\n" + String(repeating: "no separator here\n", count: 30), name: "bin")
        #expect(garbage.warnings.count == 11 && garbage.warnings.last == "bin: 20 more line(s) not understood; ignored", "\(garbage.warnings.last ?? "")")
        #expect(w2 == ["jail [postfix-sasl]: maxretry 'five' is not a number; not used",
                       "jail [postfix-sasl]: findtime '30m  # half an hour' is not a duration; not used",
                       "jail [postfix-sasl]: bantime names %(nope)s, which nothing defines; not used"], "\(w2)")
    }

    @Test func configSettingsDecideExpiredOrManualAndNameThePorts() throws {
        let conf = Self.makeConfig()
        // Banned 14:00, unbanned 14:30: with bantime 1d (config) that is a manual unban.
        let run = try TestSupport.run([
            ("fail2ban.log", """
            2026-06-05 14:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 198.51.100.23
            2026-06-05 14:30:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 198.51.100.23
            2026-06-05 15:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 198.51.100.23

            """),
            ("maillog", "Jun  5 13:00:00 mx dovecot: imap-login: Login: user=<bob>, method=PLAIN, rip=198.51.100.23, lip=10.0.0.1, mpid=7, TLS, session=<a>\n"),
        ])
        var options = ExplainOptions()
        options.jailConfig = JailConfigReader.read([conf.path]).jails
        let d = Correlator(run: run, options: options).report().devices[0]
        #expect(d.bans.first?.endReason == "manual")
        #expect(d.verdict == "banned")
        #expect(d.summary.contains("maxretry 4") && d.summary.contains("findtime 1 h"))
        #expect(d.summary.contains("smtp,465,submission,imap,imaps,pop3,pop3s") && !d.summary.contains("stock"))
        // Without the configuration the default bantime (10 min) makes the same Unban "expired".
        let plain = Correlator(run: run, options: ExplainOptions()).report().devices[0]
        #expect(plain.bans.first?.endReason == "expired")
    }

    /// fail2ban's duration forms, as `bantime`/`findtime` values and `--silence`: plain seconds,
    /// one unit, several summed with or without spaces, words, any case; nothing else.
    @Test func durations() {
        let cases: [(String, Int64?)] = [
            ("600", 600), ("600.0", 600), ("-1", -1), (" 10m ", 600), ("1.5h", 5400), ("1h30m", 5400),
            ("1d 12h", 129_600), ("1d12h30m15s", 131_415), ("10 minutes", 600), ("2 days", 172_800),
            ("1 hour 30 min", 5400), ("1W", 604_800), ("2weeks", 1_209_600), ("1mo", 2_629_800),
            ("1y", 31_557_600), ("30sec", 30),
            ("", nil), ("h", nil), ("1x", nil), ("1h-30m", nil), ("abc", nil), ("1e400", nil), ("10 parsecs", nil),
        ]
        for (text, want) in cases { #expect(Durations.seconds(text) == want, "\(text)") }
        // In a jail file: bantime = 1h 30m is 5400 s.
        let dir = TestSupport.tempDir()
        let conf = dir.appendingPathComponent("jail.local")
        TestSupport.write("[postfix-sasl]\nenabled = true\nbantime = 1h 30m\nfindtime = 10 minutes\n", to: conf)
        let jails = JailConfigReader.read([conf.path]).jails
        #expect(jails["postfix-sasl"]?.banTime == 5400 && jails["postfix-sasl"]?.findTime == 600)
    }

    /// bantime.increment: `Increase Ban <ip> (2 # 2:00:00 -> <end>)` sets the ban's length, in
    /// either order with its `Ban` line, whatever the zone (the end it writes is local time).
    @Test(arguments: [("UTC", false), ("Europe/Berlin", false), ("Europe/Berlin", true)])
    func increasedBanLengthDecidesExpiredOrManual(zone: String, increaseFirst: Bool) throws {
        func lines(_ ip: String, _ ban: String, _ endLocal: String, _ unban: String) -> String {
            let b = "2026-06-05 \(ban),000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban \(ip)\n"
            let i = "2026-06-05 \(ban),005 fail2ban.observer       [1]: NOTICE  [postfix-sasl] Increase Ban \(ip) (2 # 2:00:00 -> 2026-06-05 \(endLocal))\n"
            let u = "2026-06-05 \(unban),000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban \(ip)\n"
            return (increaseFirst ? i + b : b + i) + u
        }
        let f2b = "2026-06-05 08:00:00,000 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started\n"
            + lines("192.0.2.1", "09:00:00", "11:00:00", "11:00:00")    // on time: expired
            + lines("192.0.2.2", "09:00:00", "11:00:00", "10:00:00")    // after the base 10 min, before 2 h: manual
        let mail = "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1\n"
            + "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<b>, method=PLAIN, rip=192.0.2.2, lip=10.0.0.1\n"
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)], year: 2026, zone: zone)
        let devices = Correlator(run: run, options: ExplainOptions()).report().devices
        let reason = Dictionary(uniqueKeysWithValues: devices.map { ($0.ip, $0.bans.first?.endReason) })
        #expect(reason["192.0.2.1"] == "expired")
        #expect(reason["192.0.2.2"] == "manual")
    }

    /// fail2ban 1.0.1+ writes the increased length in its own rounded units (`2h`, `1d 12h`,
    /// `1w 2d`), `permanent` for a ban without end; 0.11 writes Python's timedelta.
    @Test func increasedBanLengthInEveryVersionsSpelling() throws {
        let cases: [(String, Int64?)] = [
            ("increase ban (2 # 2:00:00 -> 2026-06-05 11:00:00)", 7200),
            ("increase ban (3 # 3 days, 0:00:00 -> 2026-06-08 09:00:00)", 3 * 86400),
            ("increase ban (2 # 2h -> 2026-06-05 11:00:00)", 7200),
            ("increase ban (4 # 1d 12h -> 2026-06-06 21:00:00)", 129_600),
            ("increase ban (5 # 1w 2d -> 2026-06-14 09:00:00)", 9 * 86400),
            ("increase ban (2 # 59m -> 2026-06-05 09:59:00)", 3540),
            ("increase ban (9 # permanent -> infinite)", -1),
            ("increase ban (2 # soon -> later)", nil),
        ]
        for (detail, want) in cases { #expect(BanTracker.increasedBanLength(detail) == want, "\(detail)") }
        // An Unban after 1 h of a ban increased to 2h (1.0 spelling), or made permanent: manual.
        for length in ["2h", "permanent"] {
            let f2b = """
                2026-06-05 08:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.0.2
                2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started
                2026-06-05 09:00:00,000 fail2ban.observer       [1]: NOTICE  [postfix-sasl] Increase Ban 192.0.2.1 (2 # \(length) -> 2026-06-05 11:00:00)
                2026-06-05 09:00:00,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
                2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1

                """
            #expect(try Self.firstBan(f2b)?.endReason == "manual", "\(length)")
        }
    }

    /// From 0.10 a start restores bans with `Restore Ban` only: a plain `Ban` of the address
    /// after a restart (a new failure run, a manual `banip`) is a new ban, and the old one ended
    /// at the stop. In 0.8/0.9 the start's own re-ban is a plain `Ban` (SPEC §3).
    @Test func plainBanAfterARestartIsNewFrom010() throws {
        func log(_ version: String) -> String {
            """
            2026-06-05 06:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v\(version)
            2026-06-05 06:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 07:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 08:00:00,000 fail2ban.server         [1]: INFO    Shutdown in progress...
            2026-06-05 08:00:00,010 fail2ban.server         [1]: INFO    Stopping all jails
            2026-06-05 08:00:00,100 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1
            2026-06-05 08:00:00,200 fail2ban.jail           [1]: INFO    Jail 'dovecot' stopped
            2026-06-05 08:00:05,000 fail2ban.server         [2]: INFO    Starting Fail2ban v\(version)
            2026-06-05 08:00:05,100 fail2ban.jail           [2]: INFO    Jail 'dovecot' started
            2026-06-05 08:00:05,200 fail2ban.actions        [2]: NOTICE  [dovecot] Ban 192.0.2.1

            """
        }
        let mail = "Jun  5 05:00:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1\n"
        // (0.10.0's alphas still re-banned with a plain Ban.)
        for (version, oneBan) in [("0.9.7", true), ("0.10.0a1", true), ("0.10.6", false), ("1.0.2", false)] {
            let run = try TestSupport.run([("fail2ban.log", log(version)), ("maillog", mail)], year: 2026, zone: "UTC")
            let bans = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first).bans
            if oneBan {
                #expect(bans.count == 1 && bans[0].restored && bans[0].end == nil, "\(version)")
            } else {
                #expect(bans.count == 2, "\(version)")
                #expect(bans.first?.endReason == "stopped" && bans.first?.end == "2026-06-05T08:00:00.1Z", "\(version)")
                #expect(bans.last?.start == "2026-06-05T08:00:05.2Z" && bans.last?.end == nil && bans.last?.restored == false, "\(version)")
            }
        }
        #expect(BanTracker.release("fail2ban 0.10.6 starting") == [0, 10, 6] && BanTracker.release("fail2ban  starting") == nil)
    }

    /// The first ban of 192.0.2.1 (a device: it logged in) in `f2b`.
    static func firstBan(_ f2b: String) throws -> BanReport? {
        let mail = "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1\n"
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)], year: 2026, zone: "UTC")
        return Correlator(run: run, options: ExplainOptions()).report().devices.first?.bans.first
    }

    /// Restarts fail2ban logs without a server-wide stop marker: 0.8's shutdown (an Unban per
    /// address, then `Jail … stopped`), `Reload jail` (Flush, Unban, stop, start, Restore Ban of
    /// one jail), and a 0.9 `reload` (Stopping all jails, the jails started again without a
    /// server start, after which bans end as usual).
    @Test func restartsWithoutAServerStopMarker() throws {
        let ban = Self.firstBan
        let v08 = """
            2026-06-05 06:00:00,100 fail2ban.jail   : INFO   Creating new jail 'sasl'
            2026-06-05 06:00:00,110 fail2ban.actions: INFO   Set banTime = 86400
            2026-06-05 06:00:00,181 fail2ban.jail   : INFO   Jail 'sasl' started
            2026-06-05 10:00:03,551 fail2ban.actions: WARNING [sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,100 fail2ban.actions: WARNING [sasl] Unban 192.0.2.1
            2026-06-05 11:00:00,512 fail2ban.jail   : INFO   Jail 'sasl' stopped
            2026-06-05 11:00:01,515 fail2ban.server : INFO   Exiting Fail2ban
            2026-06-05 11:00:02,113 fail2ban.server : INFO   Changed logging target to /var/log/fail2ban.log for Fail2ban v0.8.6
            2026-06-05 11:00:02,181 fail2ban.jail   : INFO   Jail 'sasl' started
            2026-06-05 12:00:00,000 fail2ban.jail   : INFO   Jail 'other' started

            """
        let stopped = try #require(try ban(v08))
        #expect(stopped.endReason == "stopped" && stopped.end == "2026-06-05T11:00:00.1Z")
        let reload = """
            2026-06-05 06:00:00,100 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' started
            2026-06-05 10:00:03,500 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.server         [812]: INFO    Reload jail postfix-sasl
            2026-06-05 11:00:00,100 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Flush ticket(s) with iptables-multiport
            2026-06-05 11:00:00,110 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Unban 192.0.2.1
            2026-06-05 11:00:00,200 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' stopped
            2026-06-05 11:00:00,390 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' started
            2026-06-05 11:00:00,500 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1

            """
        let restored = try #require(try ban(reload))
        #expect(restored.restored && restored.end == nil && restored.start == "2026-06-05T10:00:03.5Z")
        let v09 = """
            2026-06-05 06:00:00,500 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' started
            2026-06-05 08:00:00,000 fail2ban.server         [812]: INFO    Stopping all jails
            2026-06-05 08:00:00,100 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' stopped
            2026-06-05 08:00:00,200 fail2ban.jail           [812]: INFO    Creating new jail 'postfix-sasl'
            2026-06-05 08:00:00,300 fail2ban.actions        [812]: INFO      banTime: 3600
            2026-06-05 08:00:00,400 fail2ban.jail           [812]: INFO    Jail 'postfix-sasl' started
            2026-06-05 10:00:03,500 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:03,600 fail2ban.actions        [812]: NOTICE  [postfix-sasl] Unban 192.0.2.1

            """
        #expect(try ban(v09)?.endReason == "expired")
    }

    /// What fail2ban's own reader makes of the less plain forms: `%(known/x)s` (the value a
    /// `.local` overrides), `%(default/x)s`, an all-ports ban action, a comment after a section
    /// header, a `#` inside a value (only ` ;` starts an inline comment), a port list over
    /// continuation lines; and a directory holding no configuration is said so.
    @Test func fail2banReaderForms() throws {
        let dir = TestSupport.tempDir("jailconf2")
        TestSupport.write("""
            [DEFAULT]
            port = 0:65535
            bantime = 1h
            [postfix-sasl]
            port = smtp,465,submission
            [dovecot]
            port = imap,imaps
            [sieve]
            port = 4190
            """, to: dir.appendingPathComponent("jail.conf"))
        TestSupport.write("""
            [postfix-sasl]   ; mail auth
            enabled = true
            port = %(known/port)s,2525
            bantime = %(default/bantime)s
            [dovecot] # imap
            enabled = true
            banaction = iptables-allports
            [sieve]
            enabled = true
            port = 4190,
                   sieve
            filter = sieve#v2 ; the second
            """, to: dir.appendingPathComponent("jail.local"))
        let (jails, warnings) = JailConfigReader.read([dir.path])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(jails["postfix-sasl"]?.ports == "smtp,465,submission,2525" && jails["postfix-sasl"]?.banTime == 3600)
        #expect(jails["dovecot"]?.ports == "all ports")
        #expect(jails["sieve"]?.ports == "4190,sieve" && jails["sieve"]?.filter == "sieve#v2")
        let empty = TestSupport.tempDir("jailconf3")
        #expect(JailConfigReader.read([empty.path]).warnings.first?.contains("holds no jail.conf") == true)
    }

    /// 0.10+ `reload` writes `Reload jail '…'` before a jail's new settings (no `Creating new
    /// jail`); `Repeal Ban` (1.1.1+) is written only when a jail stops, never a manual unban; a
    /// slow flush (one Unban at a time, over more than 5 s) is still the stop's; a manual
    /// `unban --all` just before a restart stays manual (the restart's own Flush starts anew);
    /// a crash then `Restore Ban` marks the ban restored.
    @Test func reloadsRepealsAndSlowFlushes() throws {
        let ban = Self.firstBan
        let head = """
            2026-06-05 06:00:00,100 fail2ban.jail           [1]: INFO    Creating new jail 'postfix-sasl'
            2026-06-05 06:00:00,110 fail2ban.actions        [1]: INFO      banTime: 86400
            2026-06-05 06:00:00,200 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started
            2026-06-05 06:00:00,300 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 06:00:00,310 fail2ban.actions        [1]: INFO      banTime: 86400
            2026-06-05 06:00:00,400 fail2ban.jail           [1]: INFO    Jail 'dovecot' started

            """
        let reload = head + """
            2026-06-05 11:00:00,000 fail2ban.server         [1]: INFO    Reload jail 'postfix-sasl'
            2026-06-05 11:00:00,010 fail2ban.actions        [1]: INFO      banTime: 3600
            2026-06-05 11:00:00,020 fail2ban.server         [1]: INFO    Reload jail 'dovecot'
            2026-06-05 11:00:00,100 fail2ban.server         [1]: INFO    Reload finished.
            2026-06-05 12:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 13:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1

            """
        #expect(try ban(reload)?.endReason == "expired", "postfix-sasl's new bantime, not dovecot's")
        let repeal = head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Repeal Ban 192.0.2.1
            2026-06-05 11:00:09,000 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped

            """
        #expect(try ban(repeal)?.endReason == "stopped")
        var slow = head + "2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1\n"
            + "2026-06-05 11:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1\n"
        for k in 1...80 { slow += "2026-06-05 11:00:\(String(format: "%02d", k / 10)),\(k % 10)00 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 203.0.113.\(k)\n" }
        slow += """
            2026-06-05 11:00:08,500 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped
            2026-06-05 11:00:09,000 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started
            2026-06-05 11:00:09,500 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1

            """
        let restored = try #require(try ban(slow))
        #expect(restored.restored && restored.end == nil && restored.start == "2026-06-05T10:00:00Z")
        let manual = head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with iptables-multiport
            2026-06-05 11:00:00,110 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1
            2026-06-05 11:00:03,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with iptables-multiport
            2026-06-05 11:00:03,100 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped
            2026-06-05 11:00:03,500 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started

            """
        #expect(try ban(manual)?.endReason == "manual")
        // 1.1.1+: a single jail's stop writes its actions' `Flush ticket(s)`, then `Repeal Ban`:
        // one ban through `fail2ban-client restart <jail>`, `stopped` by a stop alone.
        let v111 = "2026-06-05 05:59:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.1.1\n" + head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.server         [1]: INFO    Reload jail postfix-sasl
            2026-06-05 11:00:00,200 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with nftables
            2026-06-05 11:00:00,210 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Repeal Ban 192.0.2.1
            2026-06-05 11:00:00,400 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped

            """
        let stoppedAlone = try #require(try ban(v111))
        #expect(stoppedAlone.endReason == "stopped" && stoppedAlone.end == "2026-06-05T11:00:00.21Z")
        let restarted = v111 + """
            2026-06-05 11:00:00,500 fail2ban.jail           [1]: INFO    Creating new jail 'postfix-sasl'
            2026-06-05 11:00:00,560 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1
            2026-06-05 11:00:00,570 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started

            """
        let one = try #require(try ban(restarted))
        #expect(one.restored && one.end == nil && one.start == "2026-06-05T10:00:00Z")
        // Two actions with a flush: two Flush lines, one stop.
        let twoFlushes = restarted.replacingOccurrences(of: "NOTICE  [postfix-sasl] Flush ticket(s) with nftables\n",
            with: "NOTICE  [postfix-sasl] Flush ticket(s) with nftables\n2026-06-05 11:00:00,205 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with iptables-docker\n")
        #expect(twoFlushes != restarted)
        let two = try #require(try ban(twoFlushes))
        #expect(two.restored && two.end == nil && two.start == "2026-06-05T10:00:00Z")
        // A slow second action: the two Flush lines 1.5 s apart, the Repeal Ban lines a second
        // apart each (an action without a flush unbanning one address at a time): one ban each.
        var slowStop = "2026-06-05 05:59:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.1.1\n" + head
        for k in 1...8 { slowStop += "2026-06-05 10:00:0\(k),000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.\(k)\n" }
        slowStop += "2026-06-05 11:00:00,200 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with iptables-multiport\n"
        slowStop += "2026-06-05 11:00:01,700 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Flush ticket(s) with nftables\n"
        for k in 1...8 { slowStop += "2026-06-05 11:00:0\(k + 1),800 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Repeal Ban 192.0.2.\(k)\n" }
        slowStop += "2026-06-05 11:00:09,900 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped\n"
        for k in 1...8 { slowStop += "2026-06-05 11:00:10,\(k)00 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.\(k)\n" }
        slowStop += "2026-06-05 11:00:11,000 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started\n"
        let slowRun = try TestSupport.run([("fail2ban.log", slowStop)])
        var tracker = BanTracker()
        slowRun.events.forEach(in: 0..<slowRun.events.count) { i, e in tracker.feed(e, index: i) }
        #expect(tracker.bans.count == 8 && tracker.bans.allSatisfy { $0.end == nil && $0.restored })
        // A manual Unban long before a stop's Repeal Ban stays manual (no version line: the
        // Unban is in the jail's run of closings, but not a flush's, and not recent).
        let stale = head + """
            2026-06-05 09:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:05:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Repeal Ban 192.0.2.1
            2026-06-05 11:05:00,200 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped

            """
        #expect(try ban(stale)?.endReason == "manual")
        // An Unban at the ban's time is an expiry, not a stop's flush, however close the stop.
        let expiry = head.replacingOccurrences(of: "banTime: 86400", with: "banTime: 600") + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 10:10:00,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1
            2026-06-05 10:10:03,000 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped

            """
        #expect(try ban(expiry)?.endReason == "expired")
        let crash = head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.server         [2]: INFO    Starting Fail2ban v1.0.2
            2026-06-05 11:00:02,000 fail2ban.actions        [2]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1

            """
        // fail2ban restores before it writes the jail's start line: the order does not matter.
        let early = head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Ban 192.0.2.1
            2026-06-05 11:00:00,000 fail2ban.server         [1]: INFO    Stopping all jails
            2026-06-05 11:00:00,100 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1
            2026-06-05 11:00:00,200 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' stopped
            2026-06-05 11:00:02,000 fail2ban.server         [2]: INFO    Starting Fail2ban v1.0.2
            2026-06-05 11:00:02,500 fail2ban.actions        [2]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1
            2026-06-05 11:00:02,600 fail2ban.jail           [2]: INFO    Jail 'postfix-sasl' started

            """
        let kept = try #require(try ban(early))
        #expect(kept.restored && kept.end == nil)
        #expect(try ban(crash.replacingOccurrences(of: "Restore Ban 192.0.2.1", with: "Restore Ban 192.0.2.1\n2026-06-05 11:00:02,500 fail2ban.jail           [2]: INFO    Jail 'postfix-sasl' started"))?.end == nil)
        #expect(BanTracker.writesRepealOnStop("fail2ban 1.1.1 starting") && BanTracker.writesRepealOnStop("fail2ban 1.2.0 starting"))
        #expect(!BanTracker.writesRepealOnStop("fail2ban 1.1.1.dev1 starting") && !BanTracker.writesRepealOnStop("fail2ban 1.1.0 starting"))
        let afterCrash = try #require(try ban(crash))
        #expect(afterCrash.restored && afterCrash.end == nil && afterCrash.start == "2026-06-05T10:00:00Z")
    }

    /// A ban first seen at its `Restore Ban` began before the logs do: its length is unknown, so
    /// its `Unban` is not taken for an early, manual one (it was called "manual" when it came
    /// sooner than a whole bantime after the restore). A permanent one still ends only by hand.
    @Test func aBanFirstSeenAtItsRestoreEndsExpired() throws {
        let f2b = """
        2026-06-05 09:30:00,000 fail2ban.jail           [1]: INFO    Creating new jail 'postfix-sasl'
        2026-06-05 09:30:00,010 fail2ban.actions        [1]: INFO      banTime: 3600
        2026-06-05 09:30:00,020 fail2ban.jail           [1]: INFO    Jail 'postfix-sasl' started
        2026-06-05 09:30:00,500 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Restore Ban 192.0.2.1
        2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [postfix-sasl] Unban 192.0.2.1
        2026-06-05 10:00:01,000 fail2ban.jail           [1]: INFO    Creating new jail 'sshd'
        2026-06-05 10:00:01,010 fail2ban.actions        [1]: INFO      banTime: -1
        2026-06-05 10:00:01,020 fail2ban.jail           [1]: INFO    Jail 'sshd' started
        2026-06-05 10:00:02,000 fail2ban.actions        [1]: NOTICE  [sshd] Restore Ban 192.0.2.2
        2026-06-05 10:30:00,000 fail2ban.actions        [1]: NOTICE  [sshd] Unban 192.0.2.2

        """
        let mail = "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1\n"
            + "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<b>, method=PLAIN, rip=192.0.2.2, lip=10.0.0.1\n"
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)])
        let devices = Correlator(run: run, options: ExplainOptions()).report().devices
        let reason = Dictionary(uniqueKeysWithValues: devices.map { ($0.ip, $0.bans.first?.endReason) })
        #expect(reason["192.0.2.1"] == "expired")
        #expect(reason["192.0.2.2"] == "manual")
    }
}

extension JailConfigTests {
    /// fail2ban writes a jail's settings without the jail: they belong to the jail being created
    /// or reloaded, until its block ends (`Jail … started`/`stopped`/`reloaded`). A runtime
    /// `fail2ban-client set <jail> bantime 300` writes the same line later: it names no jail and
    /// is not credited to the last one created. A ban with no length of its own follows its
    /// jail's bantime as last set (a reload raising it lengthens bans in force, as fail2ban's ban
    /// manager does).
    @Test func settingsBelongToTheirJailBlockOnly() throws {
        let head = """
            2026-06-05 08:00:00,000 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 08:00:00,010 fail2ban.actions        [1]: INFO      banTime: 600
            2026-06-05 08:00:00,020 fail2ban.jail           [1]: INFO    Creating new jail 'recidive'
            2026-06-05 08:00:00,030 fail2ban.actions        [1]: INFO      banTime: 604800
            2026-06-05 08:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 08:00:00,110 fail2ban.jail           [1]: INFO    Jail 'recidive' started

            """
        // A runtime set (no jail), then a 10-minute dovecot ban: expired, not manual.
        let runtime = head + """
            2026-06-05 09:00:00,000 fail2ban.actions        [1]: INFO      banTime: 86400
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:10:00,010 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        let run = try TestSupport.run([("fail2ban.log", runtime), ("maillog", "Jun  5 07:00:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1\n")], year: 2026)
        let settings = run.events.filter { $0.kind == .jailSetting }
        #expect(settings.map { $0.jail ?? "-" } == ["dovecot", "recidive", "-"])
        #expect(try Self.firstBan(runtime)?.endReason == "expired")
        // A reload raising the jail's bantime during the ban: an Unban after 35 min is manual.
        let reload = head + """
            2026-06-05 10:00:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:05:00,000 fail2ban.jail           [1]: INFO    Reload jail 'dovecot'
            2026-06-05 10:05:00,010 fail2ban.actions        [1]: INFO      banTime: 86400
            2026-06-05 10:05:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' reloaded
            2026-06-05 10:35:00,000 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        #expect(try Self.firstBan(reload)?.endReason == "manual")
    }

    /// fail2ban writes the date of `Found … - <date>` in its own zone: the one its line's time
    /// carries when it has an offset (the journal's short-iso), whatever --tz says.
    @Test func foundDatesFollowTheirLinesOffset() throws {
        let f2b = """
            2026-06-05T10:00:05+0200 mx fail2ban.filter[800]: INFO [postfix-sasl] Found 192.0.2.1 - 2026-06-05 10:00:00
            2026-06-05T10:00:06+0200 mx fail2ban.actions[800]: NOTICE [postfix-sasl] Ban 192.0.2.1

            """
        let mail = """
            2026-06-05T07:00:00+02:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1
            2026-06-05T10:00:00+02:00 mx postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6

            """
        for zone in ["UTC", "America/New_York"] {
            let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)], year: 2026, zone: zone)
            let found = try #require(run.events.first { $0.kind == .found })
            #expect(found.extra == run.events.first { $0.kind == .authFailure }?.time, "\(zone)")
            let ban = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first?.bans.first)
            #expect(ban.failures.map(\.line) == [2] && ban.failures.first?.file.hasSuffix("maillog") == true, "\(zone)")
        }
    }
}

extension JailConfigTests {
    /// From 0.11 a ban restored at a restart keeps the length it had (the database stores it),
    /// capped by the jail's new bantime: a restart raising bantime leaves its Unban `expired`.
    /// 0.10 restores without a length, and the ban follows the new bantime.
    @Test func restoredBansKeepTheirLengthFrom011() throws {
        func log(_ version: String) -> String {
            """
            2026-06-05 10:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v\(version)
            2026-06-05 10:00:00,010 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 10:00:00,020 fail2ban.actions        [1]: INFO      banTime: 600
            2026-06-05 10:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 10:05:20,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:08:00,000 fail2ban.server         [1]: INFO    Shutdown in progress...
            2026-06-05 10:08:00,100 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1
            2026-06-05 10:08:00,200 fail2ban.jail           [1]: INFO    Jail 'dovecot' stopped
            2026-06-05 10:08:02,000 fail2ban.server         [2]: INFO    Starting Fail2ban v\(version)
            2026-06-05 10:08:02,010 fail2ban.jail           [2]: INFO    Creating new jail 'dovecot'
            2026-06-05 10:08:02,020 fail2ban.actions        [2]: INFO      banTime: 3600
            2026-06-05 10:08:02,100 fail2ban.actions        [2]: NOTICE  [dovecot] Restore Ban 192.0.2.1
            2026-06-05 10:08:02,200 fail2ban.jail           [2]: INFO    Jail 'dovecot' started
            2026-06-05 10:15:21,000 fail2ban.actions        [2]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        }
        for (version, reason) in [("1.0.2", "expired"), ("0.11.2", "expired"), ("0.10.6", "manual")] {
            let ban = try #require(try Self.firstBan(log(version)))
            #expect(ban.restored && ban.endReason == reason, "\(version)")
        }
        // A crash (no stop lines), the restore written before "Jail started": the same.
        let crash = """
            2026-06-05 10:00:00,000 fail2ban.server         [1]: INFO    Starting Fail2ban v1.0.2
            2026-06-05 10:00:00,010 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 10:00:00,020 fail2ban.actions        [1]: INFO      banTime: 600
            2026-06-05 10:00:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 10:00:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:03:00,000 fail2ban.server         [2]: INFO    Starting Fail2ban v1.0.2
            2026-06-05 10:03:00,010 fail2ban.jail           [2]: INFO    Creating new jail 'dovecot'
            2026-06-05 10:03:00,020 fail2ban.actions        [2]: INFO      banTime: 3600
            2026-06-05 10:03:00,100 fail2ban.actions        [2]: NOTICE  [dovecot] Restore Ban 192.0.2.1
            2026-06-05 10:03:01,000 fail2ban.jail           [2]: INFO    Jail 'dovecot' started
            2026-06-05 10:10:02,000 fail2ban.actions        [2]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        let crashed = try #require(try Self.firstBan(crash))
        #expect(crashed.restored && crashed.endReason == "expired" && crashed.end == "2026-06-05T10:10:02Z")
        // bantime.increment (an Increase Ban): fail2ban caps a restored ban by bantime.maxtime,
        // not the jail's new bantime: an Unban after 30 min of a 1 h ban is manual.
        let increment = log("1.0.2").replacingOccurrences(of: "2026-06-05 10:05:20,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1",
            with: "2026-06-05 10:05:20,400 fail2ban.observer       [1]: NOTICE  [dovecot] Increase Ban 192.0.2.1 (2 # 1h -> 2026-06-05 11:05:20)\n2026-06-05 10:05:20,500 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1")
            .replacingOccurrences(of: "banTime: 3600", with: "banTime: 300").replacingOccurrences(of: "10:15:21,000", with: "10:35:21,000")
        #expect(try Self.firstBan(increment)?.endReason == "manual")
    }

    /// A Found date is read with its line's offset only when that puts it at or before the line
    /// (a journal exported in UTC carries +0000 while fail2ban wrote its local time): else in --tz.
    @Test func foundDatesFromAUTCExportAreReadInTheZone() throws {
        let f2b = """
            2026-06-05T08:00:06+0000 mx fail2ban.filter[800]: INFO [postfix-sasl] Found 192.0.2.1 - 2026-06-05 10:00:05
            2026-06-05T08:00:07+0000 mx fail2ban.actions[800]: NOTICE [postfix-sasl] Ban 192.0.2.1

            """
        let mail = """
            2026-06-05T07:00:00+02:00 mx dovecot: imap-login: Login: user=<a>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1
            2026-06-05T10:00:05+02:00 mx postfix/smtpd[1]: warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: UGFzc3dvcmQ6

            """
        let run = try TestSupport.run([("fail2ban.log", f2b), ("maillog", mail)], year: 2026, zone: "Europe/Berlin")
        let ban = try #require(Correlator(run: run, options: ExplainOptions()).report().devices.first?.bans.first)
        #expect(ban.failures.map(\.time) == ["2026-06-05T08:00:05Z"] && ban.failures.first?.file.hasSuffix("maillog") == true)
    }
}

extension JailConfigTests {
    /// fail2ban counts a ban from its last failure's time: after a backlog (it read 5-minute-old
    /// failures at a restart) its Unban comes 5 minutes before Ban + bantime, and is on time.
    @Test func aBansClockStartsAtItsLastFailure() throws {
        let f2b = """
            2026-06-05 10:00:00,000 fail2ban.jail           [1]: INFO    Creating new jail 'dovecot'
            2026-06-05 10:00:00,010 fail2ban.actions        [1]: INFO      banTime: 600
            2026-06-05 10:10:00,100 fail2ban.jail           [1]: INFO    Jail 'dovecot' started
            2026-06-05 10:10:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:05:00
            2026-06-05 10:10:01,100 fail2ban.actions        [1]: NOTICE  [dovecot] Ban 192.0.2.1
            2026-06-05 10:15:01,000 fail2ban.actions        [1]: NOTICE  [dovecot] Unban 192.0.2.1

            """
        let ban = try #require(try Self.firstBan(f2b))
        #expect(ban.start == "2026-06-05T10:10:01.1Z" && ban.endReason == "expired")
        // An Unban 2 minutes after that Ban is still early: manual.
        #expect(try Self.firstBan(f2b.replacingOccurrences(of: "10:15:01,000", with: "10:12:01,000"))?.endReason == "manual")
        // The latest failure counts, whatever order the Found lines came in (a second logpath's
        // backlog written last), and a failure an earlier ban took does not start a later one.
        let outOfOrder = f2b.replacingOccurrences(of: "2026-06-05 10:10:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:05:00",
            with: "2026-06-05 10:10:01,000 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:05:00\n2026-06-05 10:10:01,010 fail2ban.filter         [1]: INFO    [dovecot] Found 192.0.2.1 - 2026-06-05 10:01:00")
            .replacingOccurrences(of: "10:15:01,000", with: "10:14:30,000")
        #expect(try Self.firstBan(outOfOrder)?.endReason == "manual")
    }
}
