/// Postfix line forms (the message after `postfix…/service[pid]: `). Facts from Postfix's
/// smtpd.c, smtpd_sasl_glue.c, qmgr, cleanup, local/virtual/lmtp and postscreen sources.
enum PostfixRules {
    static let c = Piece.client
    static let q = Piece.qid

    /// SASL failure reasons that are the server's trouble, not the client's credentials.
    static let tempFailure = "Connection lost to authentication server|Can't connect to authentication server"
        + "|remote authentication server unavailable|transient failure \\(e\\.g\\., weak key\\)|no memory available|generic failure"
        + "|Authentication backend error"

    static let all: [Rule] = [
        Rule("postfix.connect", .postfix, gates: ["connect from "], event: .connect,
             pattern: "^connect from \(c)$",
             samples: ["connect from unknown[192.0.2.10]", "connect from mail.example.org[2001:db8::25]"]),
        Rule("postfix.disconnect", .postfix, gates: ["disconnect from "], event: .disconnect,
             pattern: "^disconnect from \(c)(?<stats>(?: [a-z_]+=\\d+(?:/\\d+)?)*)$",
             detail: "disconnect{stats}",
             samples: ["disconnect from unknown[192.0.2.1] ehlo=1 auth=0/1 quit=1 commands=2/3",
                       "disconnect from h.example[198.51.100.7]"]),
        Rule("postfix.lost-connection", .postfix, gates: ["lost connection after "], event: .disconnect,
             pattern: "^lost connection after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "lost connection after {cmd}",
             samples: ["lost connection after AUTH from unknown[192.0.2.23]"]),
        Rule("postfix.timeout", .postfix, gates: ["timeout after "], event: .disconnect,
             pattern: "^timeout after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "timeout after {cmd}",
             samples: ["timeout after AUTH from unknown[192.0.2.30]"]),
        Rule("postfix.sasl-failure", .postfix, gates: [" authentication failed"], event: .authFailure,
             pattern: "^warning: \(c): SASL (?<mech>[A-Za-z0-9_-]{1,32}) authentication failed:"
                + "(?! (?:\(tempFailure))(?:, sasl_username=|$))(?! Invalid authentication mechanism)"
                // Cyrus SASL's reasons may hold a comma (`user exists, but no verifier`).
                // (Possessive up to the first `, sasl_username=`: no backtracking on a long reason.)
                + " ?(?<reason>[^,\\n]*+(?:,(?! sasl_username=)[^,\\n]*+)*+)(?:, sasl_username=(?<user>.*))?$",
             detail: "SASL {mech} authentication failed: {reason}",
             samples: ["warning: unknown[192.0.2.5]: SASL LOGIN authentication failed: UGFzc3dvcmQ6",
                       "warning: unknown[192.0.2.237]:55729: SASL LOGIN authentication failed: authentication failure",
                       "warning: h[192.0.2.152]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin",
                       "warning: mail.example.com[98.191.84.74]: SASL Plain authentication failed:",
                       "warning: unknown[192.0.2.5]: SASL CRAM-MD5 authentication failed: user exists, but no verifier, sasl_username=bob"]),
        // The reasons Postfix itself answers with 454 (a temporary failure, XSASL_AUTH_TEMP):
        // Dovecot's auth server gone, Cyrus SASL's SASL_FAIL/NOMEM/TRYAGAIN/UNAVAIL texts; and
        // the Dovecot client's reply for an auth server answer it could not use.
        Rule("postfix.sasl-auth-server-lost", .postfix, gates: [" authentication failed: "], event: .serverFault,
             pattern: "^warning: \(c): SASL (?<mech>[A-Za-z0-9_-]{1,32}) authentication failed: "
                + "(?<reason>\(tempFailure))(?:, sasl_username=(?<user>.*))?$",
             detail: "SASL {mech}: {reason}",
             samples: ["warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server",
                       "warning: unknown[198.51.100.32]: SASL PLAIN authentication failed: Can't connect to authentication server, sasl_username=(unavailable)",
                       "warning: unknown[203.0.113.40]: SASL PLAIN authentication failed: remote authentication server unavailable",
                       "warning: unknown[203.0.113.41]: SASL PLAIN authentication failed: transient failure (e.g., weak key), sasl_username=bob",
                       "warning: unknown[203.0.113.42]: SASL LOGIN authentication failed: generic failure",
                       "warning: unknown[203.0.113.43]: SASL PLAIN authentication failed: Authentication backend error"]),
        Rule("postfix.sasl-backend-down", .postfix, gates: ["SASL: Connect to ", "no SASL authentication mechanisms"], event: .serverFault,
             pattern: "^(?:warning: (?<why>SASL: Connect to [^\\n]* failed: [^\\n]*)|fatal: (?<why2>no SASL authentication mechanisms))$",
             detail: "{why}{why2}",
             samples: ["warning: SASL: Connect to Dovecot auth socket 'private/auth' failed: Connection refused", "fatal: no SASL authentication mechanisms"]),
        Rule("postfix.sasl-bad-mechanism", .postfix, gates: ["Invalid authentication mechanism"], event: .abuse,
             pattern: "^warning: \(c): SASL (?<mech>[A-Za-z0-9_-]{1,32}) authentication failed: "
                + "Invalid authentication mechanism(?:: '[^']*')?(?:, sasl_username=(?<user>.*))?$",
             detail: "invalid SASL mechanism {mech}",
             samples: ["warning: host[192.0.2.5]: SASL CRAM-MD5 authentication failed: Invalid authentication mechanism"]),
        // smtpd.c writes `NOQUEUE: client=…` when a before-queue proxy filter takes the message
        // (no queue id yet), and the XFORWARD `orig_queue_id`/`orig_client` after the sasl fields.
        Rule("postfix.submission", .postfix, gates: ["sasl_username="], event: .submission,
             pattern: "^(?:NOQUEUE|\(q)): client=\(c)(?:, orig_queue_id=\\w+)?, sasl_method=(?<mech>[^,]*), sasl_username=(?<user>.*?)"
                + "(?:, sasl_sender=.*?)?(?:, orig_queue_id=\\w+)?(?:, orig_client=.*)?$",
             detail: "authenticated submission ({mech})",
             samples: ["4C1F3A2B8E: client=laptop.example[198.51.100.23], sasl_method=PLAIN, sasl_username=bob@example.org",
                       "NOQUEUE: client=laptop[198.51.100.23], sasl_method=PLAIN, sasl_username=bob@example.org",
                       "4C1F3A2B8E: client=unknown[192.0.2.6], sasl_method=PLAIN, sasl_username=bob@example.org, orig_queue_id=ABCDE12345, orig_client=x[192.0.2.66]"]),
        Rule("postfix.client", .postfix, gates: ["client="], event: nil,
             pattern: "^(?:NOQUEUE|\(q)): client=\(c)(?:, orig_queue_id=\\w+)?(?:, orig_client=.*)?$",
             samples: ["4C1F3A2B8E: client=mx.example.net[203.0.113.9]", "NOQUEUE: client=mx.example.net[203.0.113.9]"]),
        Rule("postfix.delivery", .postfix, gates: ["status="], event: .delivery,
             pattern: "^\(q): to=<(?<user>.*?)>, (?:orig_to=<.*?>, )?relay=(?<relay>[^,]+), (?:conn_use=\\d+, )?"
                // Fields a newer Postfix adds before dsn= (3.11: `tls=…`) are passed over.
                + "delay=[\\d.]+, delays=[\\d./]+, (?:(?!dsn=)[a-z_]{1,32}=[^,\\s]*+, )*+dsn=[\\d.]+, status=(?<status>sent|deferred|bounced|expired|undeliverable(?:-but-not-cached)?|deliverable)(?: \\((?<why>.*)\\))?$",
             detail: "relay={relay} status={status}",
             samples: ["4C1F3A2B8E: to=<bob@example.org>, relay=local, delay=0.1, delays=0.05/0.01/0/0.04, dsn=2.0.0, status=sent (delivered to maildir)",
                       "5D2A3B4C5D: to=<bob@example.org>, orig_to=<b@example.org>, relay=mail.example.org[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <bob@example.org> Saved)"]),
        Rule("postfix.reject", .postfix, gates: ["reject: "], event: .reject,
             pattern: "^(?:NOQUEUE|\(q)): (?:milter-)?reject: (?<cmd>[A-Z-]{3,16}) from \(c): "
                // The text up to a final ` sasl_username=<…>`: whole words, possessively, testing
                // for that tail only at a space (a lazy `.*?` tried it at every byte: 3x slower).
                + "(?<why>(?:[^ \\n]++| (?!sasl_username=<[^<>]*>$))*+)(?: sasl_username=<(?<user>[^<>]*)>)?$",
             detail: "{cmd} rejected: {why}",
             samples: ["NOQUEUE: reject: RCPT from unknown[192.0.2.12]: 554 5.7.1 <x@example.com>: Relay access denied; from=<a@b> to=<x@example.com> proto=ESMTP helo=<[6.6.6.6]>",
                       "NOQUEUE: reject: RCPT from [216.245.194.173]:60591: 550 5.7.1 Service unavailable; client [216.245.194.173] blocked using rbl.example.com; from=<a@b>, to=<c@d>, proto=ESMTP, helo=<x>",
                       "1D8CC1CA0A7F: milter-reject: DATA from a.example[192.0.2.151]: 550 5.7.1 Command rejected; from=<a@b> to=<c@d> proto=ESMTP helo=<x>"]),
        Rule("postfix.reject-warning", .postfix, gates: ["reject_warning: "], event: nil,
             pattern: "^(?:NOQUEUE|\(q)): reject_warning: [A-Z]{3,8} from \(c): .*$",
             samples: ["NOQUEUE: reject_warning: RCPT from unknown[192.0.2.9]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.9]; proto=ESMTP"]),
        Rule("postfix.pipelining", .postfix, gates: ["improper command pipelining"], event: .abuse,
             pattern: "^improper command pipelining after (?<cmd>[A-Z-]{2,16}) from \(c):?(?: .*)?$",
             detail: "improper command pipelining after {cmd}",
             samples: ["improper command pipelining after DATA from unknown[181.21.131.88]:",
                       "improper command pipelining after AUTH from unknown[1.2.3.4]: QUIT"]),
        Rule("postfix.too-many-errors", .postfix, gates: ["too many errors after "], event: .abuse,
             pattern: "^too many errors after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "too many errors after {cmd}",
             samples: ["too many errors after RCPT from example.com[192.0.2.11]"]),
        Rule("postfix.rate-limit", .postfix, gates: ["limit exceeded: "], event: .abuse,
             pattern: "^warning: (?<what>[A-Za-z ]{4,40}) limit exceeded: \\d+ from \(c) for service (?<svc>\\S+)$",
             detail: "{what} limit exceeded (service {svc})",
             samples: ["warning: Connection rate limit exceeded: 31 from spamhost.domain.org[192.0.2.123] for service smtpd"]),
        Rule("postfix.hostname-mismatch", .postfix, gates: ["does not resolve to address "], event: .abuse,
             pattern: "^warning: hostname (?<name>\\S{1,255}) does not resolve to address (?<ip>\(Piece.addr))(?:: .*)?$",
             detail: "reverse name {name} does not resolve back",
             samples: ["warning: hostname 6.6.6.6.example does not resolve to address 192.0.2.15: Name or service not known"]),
        Rule("postfix.postscreen-abuse", .postfix, gates: ["PREGREET ", "HANGUP ", " LIMIT from ", "BARE NEWLINE", "NON-SMTP COMMAND"], event: .abuse,
             pattern: "^(?<what>PREGREET \\d+ after [\\d.]+|HANGUP after [\\d.]+|COMMAND (?:TIME|COUNT|LENGTH) LIMIT|BARE NEWLINE|NON-SMTP COMMAND) from \\[(?<ip>\(Piece.addr))\\]:\\d{1,5}(?:[ :].*)?$",
             detail: "postscreen: {what}",
             samples: ["PREGREET 14 after 0.08 from [192.0.2.2]:59415: EHLO ylmf-pc\\r\\n",
                       "HANGUP after 16 from [192.0.2.3]:48119 in tests after SMTP handshake",
                       "COMMAND TIME LIMIT from [192.0.2.77]:3608 after CONNECT"]),
        Rule("postfix.postscreen-connect", .postfix, gates: ["CONNECT from ["], event: .connect,
             pattern: "^CONNECT from \\[(?<ip>\(Piece.addr))\\]:\\d{1,5} to \\[[0-9A-Fa-f:.]+\\]:\\d{1,5}$",
             detail: "postscreen connect",
             samples: ["CONNECT from [192.0.2.2]:59415 to [198.51.100.1]:25"]),
        Rule("postfix.non-smtp", .postfix, gates: ["non-SMTP command from "], event: .abuse,
             pattern: "^warning: non-SMTP command from \(c): (?<what>.*)$",
             detail: "non-SMTP command",
             samples: ["warning: non-SMTP command from unknown[192.0.2.216]: GET / HTTP/1.1"]),
        Rule("postfix.ssl-accept", .postfix, gates: ["SSL_accept error from "], event: .disconnect,
             pattern: "^SSL_accept error from \(c): (?<why>.*)$",
             detail: "TLS handshake failed: {why}",
             samples: ["SSL_accept error from unknown[192.0.2.218]: lost connection"]),
        Rule("postfix.postscreen-disconnect", .postfix, gates: ["DISCONNECT ["], event: .disconnect,
             pattern: "^DISCONNECT \\[(?<ip>\(Piece.addr))\\]:\\d{1,5}$",
             detail: "postscreen disconnect",
             samples: ["DISCONNECT [203.0.113.81]:50110"]),
        Rule("postfix.master-warning", .postfix, gates: ["exit status", "bad command startup"], event: nil,
             pattern: "^warning: (?:process \\S+ pid \\d+ (?:exit status \\d+|killed by signal \\d+)|\\S+: bad command startup -- throttling)$",
             samples: ["warning: process /usr/lib/postfix/sbin/smtpd pid 5120 exit status 1"]),
        Rule("postfix.postscreen-other", .postfix, gates: ["PASS ", "WHITELISTED [", "ALLOWLISTED [", "DNSBL rank ", "BLACKLISTED [", "DENYLISTED ["], event: nil,
             pattern: "^(?:PASS (?:NEW|OLD)|WHITELISTED|ALLOWLISTED|BLACKLISTED|DENYLISTED|DNSBL rank \\d+ for) \\[[0-9A-Fa-f:.]+\\]:\\d{1,5}(?: .*)?$",
             samples: ["PASS OLD [192.0.2.2]:59415", "DNSBL rank 3 for [192.0.2.2]:59415"]),
        // Known lines with no use for correlation.
        Rule("postfix.qmgr", .postfix, gates: ["from=<", "removed", "message-id=", "uid="], event: nil,
             pattern: "^\(q): (?:from=<.*>, (?:size=\\d+, nrcpt=\\d+ \\(queue active\\)|status=expired, returned to sender)|removed|(?:resent-)?message-id=.*|uid=\\d+ from=<.*>)$",
             samples: ["4C1F3A2B8E: from=<alice@example.net>, size=2345, nrcpt=1 (queue active)", "4C1F3A2B8E: removed",
                       "3D770111AF50: message-id=<165874883373.1.15599155266856607338.91@hirain.er>"]),
        // bounce(8)'s notices (bounce_notify/warn/trace_service.c): to the sender, and the
        // postmaster's copies (which start with `postmaster`: a rule of their own, below).
        Rule("postfix.notice", .postfix, gates: [" notification: "], event: nil,
             pattern: "^\(q): sender (?:(?:non-)?delivery(?: status)?|delay|success) notification: \\w+$",
             samples: ["4C1F3A2B8E: sender non-delivery notification: 5D2A3B4C5D", "264FE1A18: sender delay notification: 0A87A1A08"]),
        Rule("postfix.tls", .postfix, gates: ["TLS connection established", "TLS library problem"], event: nil,
             pattern: "^(?:(?:Anonymous|Trusted|Untrusted|Verified) TLS connection established (?:from|to) .*|warning: TLS library problem: .*)$",
             samples: ["Anonymous TLS connection established from unknown[192.0.2.10]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"]),
        Rule("postfix.illegal-address", .postfix, gates: ["Illegal address syntax from "], event: .abuse,
             pattern: "^warning: Illegal address syntax from \(c) in (?<cmd>[A-Z]{2,16}) command: .*$",
             detail: "illegal address syntax in {cmd}",
             samples: ["warning: Illegal address syntax from unknown[192.0.2.75] in MAIL command: <foo@bar"]),
        // postscreen's DNSBL lookups, and the outbound SMTP/LMTP client's own trouble.
        Rule("postfix.dnsblog", .postfix, gates: ["listed by domain "], event: nil,
             pattern: "^addr [0-9A-Fa-f:.]{2,45} listed by domain \\S+ as \\S+$",
             samples: ["addr 192.0.2.60 listed by domain zen.spamhaus.org as 127.0.0.2"]),
        Rule("postfix.smtp-client", .postfix, gates: ["connect to ", " said: ", " refused to talk to me", "lost connection with ", "conversation with "], event: nil,
             pattern: "^(?:\(q): )?(?:connect to \\S+: .*|host \\S+ (?:said|refused to talk to me): .*|lost connection with \\S+ while .*|conversation with \\S+ timed out while .*)$",
             samples: ["connect to gmail-smtp-in.l.google.com[2a00:1450:400c:c0b::1b]:25: Network is unreachable",
                       "4C1F3A2B8E: host mx.example.net[203.0.113.5] said: 450 4.2.0 try again later (in reply to RCPT TO command)",
                       "4C1F3A2B8E: lost connection with mx.example.net[203.0.113.5] while receiving the initial server greeting"]),
        Rule("postfix.statistics", .postfix, gates: ["statistics: "], event: nil,
             pattern: "^statistics: .*$",
             samples: ["statistics: max connection rate 1/60s for (smtp:192.0.2.10) at Jun  5 14:00:01"]),
        Rule("postfix.dns-warning", .postfix, gates: ["warning: "], event: nil,
             pattern: "^warning: (?:hostname \\S+ verification failed: .*|\\S+: address not listed for hostname .*|\\S+: hostname \\S+ verification failed: .*|connect to \\S+: .*|dict_\\w+_lookup: .*|\\S+\\[[0-9A-Fa-f:.]+\\]: SASL \\S+ authentication aborted.*)$",
             samples: ["warning: hostname x.example verification failed: Name or service not known"]),
        Rule("postfix.daemon", .postfix, gates: ["daemon started", "terminating on signal", "reload", "refreshing the Postfix", "starting the Postfix", "stopping the Postfix"], event: nil,
             pattern: "^(?:daemon started -- version .*|terminating on signal \\d+|reload -- version .*|refreshing the Postfix mail system|starting the Postfix mail system|stopping the Postfix mail system)$",
             samples: ["daemon started -- version 3.7.11, configuration /etc/postfix"]),
        // Rare lines, last: every rule before them is tried first.
        // A before-queue content filter's verdict on a message (smtpd_proxy.c).
        Rule("postfix.proxy", .postfix, gates: ["proxy-accept: ", "proxy-reject: "], event: nil,
             pattern: "^(?:NOQUEUE|\(q)): proxy-(?:accept|reject): [^\\n]*$",
             samples: ["NOQUEUE: proxy-accept: END-OF-MESSAGE: 250 2.0.0 Ok: queued as 4C1F3A2B8E; from=<a@example.org> to=<b@example.net> proto=ESMTP helo=<laptop>"]),
        // A client whose address smtpd could not read: nothing to tie to anyone.
        Rule("postfix.unknown-client", .postfix, gates: ["unknown[unknown]"], event: nil,
             pattern: "^(?:(?:dis)?connect from|(?:(?:NOQUEUE|\(q)): )?(?:lost connection|timeout|too many errors) after [A-Z-]{2,16}(?: \\(\\d+ bytes\\))? from) unknown\\[unknown\\](?: [^\\n]*)?$",
             samples: ["connect from unknown[unknown]", "lost connection after CONNECT from unknown[unknown]", "disconnect from unknown[unknown] commands=0/0"]),
        // Cyrus SASL's own messages (xsasl_cyrus_log.c), without a client address: its daemon
        // unreachable is a server fault, anything else (a wrong password) known.
        Rule("postfix.cyrus-sasl", .postfix, gates: ["SASL authentication failure: "], event: .serverFault,
             pattern: "^warning: SASL authentication failure: (?<why>cannot connect to saslauthd server[^\\n]*)$",
             detail: "{why}",
             samples: ["warning: SASL authentication failure: cannot connect to saslauthd server: No such file or directory"]),
        Rule("postfix.cyrus-sasl-other", .postfix, gates: ["SASL authentication failure: "], event: nil,
             pattern: "^warning: SASL authentication failure: (?!cannot connect to saslauthd server)[^\\n]*$",
             samples: ["warning: SASL authentication failure: Password verification failed"]),
        // cleanup(8)'s header/body checks and milter actions, smtpd's FILTER action: known. The
        // client address in them follows text the client wrote (a header), so none is taken.
        Rule("postfix.cleanup-action", .postfix, gates: [": warning: header ", ": info: ", ": hold: ", ": discard: ", ": reject: header ", ": reject: body ", "milter-discard: ", "milter-hold: ", ": warning: body ", ": prepend: ", ": replace: ", ": redirect: "], event: nil,
             pattern: "^\(q): (?:(?:warning|info|hold|discard|reject|redirect|replace|filter|prepend): (?:header|body|mime-header|nested-header) |milter-(?:discard|hold): )[^\\n]*$",
             samples: ["4ABCDEF133: warning: header Subject: hello from unknown[192.0.2.82]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>",
                       "4ABCDEF133: reject: header Subject: spam from unknown[192.0.2.82]; from=<a@b> to=<c@d> proto=ESMTP helo=<x>: 5.7.1 go away",
                       "4ABCDEF137: milter-discard: END-OF-MESSAGE from unknown[192.0.2.82]: milter triggers DISCARD action; from=<a@b> to=<c@d> proto=ESMTP helo=<x>"]),
        Rule("postfix.filter-action", .postfix, gates: [": filter: "], event: nil,
             pattern: "^(?:NOQUEUE|\(q)): filter: [^\\n]*$",
             samples: ["NOQUEUE: filter: RCPT from unknown[192.0.2.82]: <c@d>: Recipient address triggers FILTER smtp:[127.0.0.1]:10024; from=<a@b> to=<c@d> proto=ESMTP helo=<x>"]),
        // Postfix 3.10+ (HISTORY 20250104) writes the queue id or NOQUEUE before an aborted
        // session's line; rules of their own, anchored after the queue id (the plain forms above
        // stay anchored at the message start).
        Rule("postfix.lost-connection-qid", .postfix, gates: ["lost connection after "], event: .disconnect,
             pattern: "^(?:NOQUEUE|\(q)): lost connection after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "lost connection after {cmd}",
             samples: ["4Wq3Lk1yTZz9sD1: lost connection after DATA (1234 bytes) from mail.example.net[198.51.100.54]",
                       "NOQUEUE: lost connection after CONNECT from unknown[192.0.2.25]"]),
        Rule("postfix.timeout-qid", .postfix, gates: ["timeout after "], event: .disconnect,
             pattern: "^(?:NOQUEUE|\(q)): timeout after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "timeout after {cmd}",
             samples: ["NOQUEUE: timeout after CONNECT from unknown[198.51.100.53]"]),
        Rule("postfix.too-many-errors-qid", .postfix, gates: ["too many errors after "], event: .abuse,
             pattern: "^(?:NOQUEUE|\(q)): too many errors after (?<cmd>[A-Z-]{2,16})(?: \\(\\d+ bytes\\))? from \(c)$",
             detail: "too many errors after {cmd}",
             samples: ["NOQUEUE: too many errors after AUTH from unknown[203.0.113.46]"]),
        // smtpd's other access-table actions (smtpd_check.c log_whatsup): known, no event.
        Rule("postfix.access-action", .postfix, gates: [": hangup: ", ": info: ", ": warn: ", ": hold: ", ": delay: ", ": discard: ", ": redirect: ", ": bcc: "], event: nil,
             pattern: "^(?:NOQUEUE|\(q)): (?:hangup|info|warn|hold|delay|discard|redirect|bcc): [A-Z-]{2,16} from [^\\n]*$",
             samples: ["4C1F3A2B8E: discard: RCPT from unknown[198.51.100.26]: <x@example.org>: Recipient address triggers DISCARD action; from=<a@b> to=<x@example.org> proto=ESMTP helo=<x>",
                       "NOQUEUE: hangup: CONNECT from unknown[198.51.100.27]: 421 4.7.0 Service unavailable; proto=SMTP"]),
        // Warnings about the server's own helpers (policy servers, postscreen's DNS lookups): known.
        Rule("postfix.helper-warning", .postfix, gates: ["problem talking to server ", "dnsblog reply timeout"], event: nil,
             pattern: "^warning: (?:problem talking to server [^\\n]*|dnsblog reply timeout [^\\n]*)$",
             samples: ["warning: problem talking to server private/policyd-spf: Connection timed out", "warning: dnsblog reply timeout 10s for zen.spamhaus.org"]),
        // postscreen: a client talking before its turn (an abuse of its own), an allowlist veto;
        // tlsproxy's connections (postscreen's TLS helper).
        Rule("postfix.postscreen-pipelining", .postfix, gates: ["COMMAND PIPELINING from "], event: .abuse,
             pattern: "^COMMAND PIPELINING from \\[(?<ip>\(Piece.addr))\\]:\\d{1,5} after [^\\n]*$",
             detail: "postscreen: command pipelining",
             samples: ["COMMAND PIPELINING from [192.0.2.50]:41234 after EHLO: MAIL FROM:<a@b.example>\\r\\n"]),
        Rule("postfix.postscreen-veto", .postfix, gates: ["LIST VETO "], event: nil,
             pattern: "^(?:ALLOWLIST|WHITELIST) VETO \\[[0-9A-Fa-f:.]{2,45}\\]:\\d{1,5}$",
             samples: ["ALLOWLIST VETO [192.0.2.55]:41239"]),
        Rule("postfix.tlsproxy", .postfix, gates: ["CONNECT from ["], event: nil,
             pattern: "^CONNECT from \\[[0-9A-Fa-f:.]{2,45}\\]:\\d{1,5}$",
             samples: ["CONNECT from [192.0.2.60]:5555"]),
        // Queue and operator records: bounce's postmaster copies, qmgr passing over a message
        // still in delivery, postsuper's actions (postsuper.c).
        Rule("postfix.postmaster-notice", .postfix, gates: [" notification: "], event: nil,
             pattern: "^\(q): postmaster (?:non-delivery|delay|delivery status) notification: \\w+$",
             samples: ["482E4404AC8: postmaster non-delivery notification: 47335405A44"]),
        Rule("postfix.qmgr-skipped", .postfix, gates: ["skipped, still being delivered"], event: nil,
             pattern: "^\(q): skipped, still being delivered$",
             samples: ["ED06590130: skipped, still being delivered"]),
        Rule("postfix.postsuper", .postfix, gates: ["requeued", "on hold", "from hold", "expired", "Deleted: ", "Requeued: ", "Renamed to match "], event: nil,
             pattern: "^(?:\(q): (?:requeued|placed on hold|released from hold|expired)"
                + "|(?:Deleted|Requeued|Force-expired|Placed on hold|Released from hold|Renamed to match inode number): \\d+ messages?)$",
             samples: ["D4F2023DB: placed on hold", "D4F2023DB: requeued", "Deleted: 115 messages", "Released from hold: 1 message"]),
        // smtpd's before-queue filter verdict (smtpd.c: `proxy-accept: END-OF-MESSAGE: …`, no
        // queue id) and the EHLO keywords it or postscreen leaves out.
        Rule("postfix.proxy-verdict", .postfix, gates: ["proxy-accept: ", "proxy-reject: "], event: nil,
             pattern: "^proxy-(?:accept|reject): [^\\n]*$",
             samples: ["proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, id=31619-02 - spam; from=<> to=<u@example.org> proto=SMTP helo=<x>"]),
        Rule("postfix.ehlo-keywords", .postfix, gates: ["discarding EHLO keywords: "], event: nil,
             pattern: "^(?:\\[[0-9A-Fa-f:.]{2,45}\\]:\\d{1,5}: )?discarding EHLO keywords: [^\\n]*$",
             samples: ["discarding EHLO keywords: CHUNKING ETRN DSN 8BITMIME", "[192.0.2.7]:4321: discarding EHLO keywords: PIPELINING"]),
        // The outbound SMTP client's TLS and SASL trouble with other servers (never a client's
        // failure here: the address is the remote server's).
        Rule("postfix.smtp-client-tls", .postfix, gates: ["certificate verification failed for ", "SSL_connect error to ", "enabling PIX workarounds", "SASL authentication failed; server "], event: nil,
             pattern: "^(?:\(q): )?(?:(?:server )?certificate verification failed for \\S+: |SSL_connect error to \\S+: |enabling PIX workarounds: |SASL authentication failed; server \\S+ said: )[^\\n]*$",
             samples: ["certificate verification failed for mail.example.com[192.0.2.115]:25: self-signed certificate",
                       "SSL_connect error to mail.example.org[192.0.2.2]:25: lost connection",
                       "D0F29603B4: SASL authentication failed; server xyz.example.com[192.0.2.4] said: 535 5.7.8 Error: authentication failed"]),
        // Postfix 2.x: smtpd announcing a TLS handshake (the connect line has the address).
        Rule("postfix.tls-setup", .postfix, gates: ["setting up TLS connection from "], event: nil,
             pattern: "^setting up TLS connection from [^\\n]*$",
             samples: ["setting up TLS connection from mail-bk0-f50.google.com[209.85.214.50]"]),
        // postscreen's and verify's cache housekeeping.
        Rule("postfix.cache-cleanup", .postfix, gates: [" cleanup: retained="], event: nil,
             pattern: "^cache \\S+ (?:full|partial) cleanup: retained=\\d+ dropped=\\d+ entr(?:y|ies)$",
             samples: ["cache btree:/var/lib/postfix/postscreen_cache full cleanup: retained=242 dropped=7 entries"]),
        // Cyrus SASL's own diagnostics through Postfix (xsasl_cyrus_log.c): its password
        // database or saslauthd out of reach is the server's fault; the rest known.
        Rule("postfix.cyrus-sasl-problem", .postfix, gates: ["SASL authentication problem: "], event: .serverFault,
             pattern: "^warning: SASL authentication problem: (?<why>(?:unable to open Berkeley db|cannot connect to saslauthd server)[^\\n]*)$",
             detail: "{why}",
             samples: ["warning: SASL authentication problem: unable to open Berkeley db /etc/sasldb2: No such file or directory"]),
        Rule("postfix.cyrus-sasl-problem-other", .postfix, gates: ["SASL authentication problem: "], event: nil,
             pattern: "^warning: SASL authentication problem: (?!unable to open Berkeley db|cannot connect to saslauthd server)[^\\n]*$",
             samples: ["warning: SASL authentication problem: unable to canonify user and get auxprops"]),
        // Every other diagnostic of a Postfix program about its own set-up (maps, DNS, queue
        // files, configuration): known. One that names a client address or SASL stays
        // unrecognised, so that a form the rules above miss shows in the counts.
        Rule("postfix.diagnostic", .postfix, gates: ["warning: ", "error: ", "fatal: ", "panic: "], event: nil,
             // (Lines up to 4000 bytes: the look through the line stays cheap on a hostile one.)
             pattern: "^(?=[^\\n]{0,4000}$)(?:\(q): )?(?:warning|error|fatal|panic): (?![^\\n]*(?:SASL|sasl|[Aa]uthenticat|\\[[0-9A-Fa-f:.]{2,45}\\]))[^\\n]*$", fallback: true,
             samples: ["warning: dict_nis_init: NIS domain name not set - NIS lookups disabled",
                       "warning: 9BECF3F19D: sender_canonical_maps map lookup problem for sender@example.com -- message not accepted, try again later",
                       "fatal: root(0): message file too big"]),
    ]
}
