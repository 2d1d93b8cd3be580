/// Dovecot 2.2–2.4 line forms. The message starts with the process prefix (`imap-login: …`,
/// `auth-worker(304): …`, `imap(bob)<1234><sess>: …`, `master: …`). Facts from Dovecot's
/// login-common (client-common.c, login_log_format_elements), auth (passdb logging), master
/// (service-process.c) and lmtp/lda sources.
enum DovecotRules {
    static let lv = Piece.level
    static let fields = Piece.loginFields
    static let addr = Piece.addr
    static let authProc = "(?<service>auth|auth-worker|dovecot-auth)(?:\\([^()]*\\))?(?:<\\d+>)?"
    /// passdb failure texts, each with the server-written tail it may carry.
    static let passdbReason =
        // (PAM's message runs to the password or the chaining note, possessively, and never
        // across `): `: a widened user name cannot end the prefix inside it.)
        "(?<reason>unknown user|Password mismatch|invalid credentials|Invalid password"

        // (Not PAM's own service file missing: that is the server's fault, `dovecot.passdb-fault`.)
        + "|pam_authenticate\\(\\) failed: (?![^()\\n]*\\(/etc/pam\\.d/[^()\\n]* missing\\?\\))(?:(?! \\((?:SHA1 of )?given password: |\\): | {1,2}- trying the next passdb)[^\\n])*+)"
        + "(?: \\(for LDAP bind\\))?"
        // `auth_verbose_passwords`: the password the client sent, as it sent it (unescaped: it
        // may hold parentheses, commas, an address). It comes after the server's reason, so the
        // address is taken from the prefix up to the line's first `): ` (the user part cannot
        // cross it), and a password that holds `): ` — which could make a user name holding
        // `): ` (a widened `auth_username_chars`) read as the prefix — is not matched at all.
        + "(?: \\((?:SHA1 of )?given password: (?<free>(?:(?!\\): )[^\\n])*)\\))?"
        // Then 2.3+'s passdb chaining note; 2.3 writes `unknown user ` with a space when no
        // password is shown (`unknown user  - trying the next passdb`).
        + "(?: {1,2}- trying the next passdb)? *"
    /// A passdb's own failure (its database out of reach, its configuration broken): the
    /// server's fault, whatever the password. SQL's query failures; LDAP's bind and search
    /// failures and an ambiguous filter (passdb-ldap.c, db-ldap.c); PAM failing to start, or its
    /// service file missing (passdb-pam.c).
    static let passdbFault = "(?<reason>(?:Password|User) query failed: \(faultText)"
        + "|ldap_(?:sasl_)?bind\\(\\) failed: \(faultText)|ldap_search(?:_ext)?\\((?:(?!\\): )[^\\n])*?\\) failed: \(faultText)"
        + "|pass_filter matched multiple objects, aborting|pam_start\\(\\) failed: \(faultText)"
        // (PAM's status, then the note, right after it: not after a logged password.)
        + "|pam_authenticate\\(\\) failed: [^()\\n]*\\(/etc/pam\\.d/[^()\\n]* missing\\?\\))"
        // A password logged after it (`auth_verbose_passwords`) is the client's text: not taken.
        + "(?: \\((?:SHA1 of )?given password: [^\\n]*)?"
    /// A fault's own text: never across `): ` (a widened user name spelling a fault inside the
    /// prefix cannot reach past the server's `): `) nor into a logged password.
    static let faultText = "(?:(?!\\): | \\((?:SHA1 of )?given password: )[^\\n])*+"
    static let passdbFaultGates = ["query failed", "ldap_bind() failed", "ldap_sasl_bind() failed", "ldap_search", "pass_filter matched", "pam_start() failed", " missing?)"]

    /// The user of a 2.2/2.3 passdb prefix `db(user,ip[,master][,<session>]): `: commas allowed
    /// (the address is the last field before the optional ones), `): ` not (the prefix ends at
    /// the line's first `): `; what follows may be client text, such as a logged password).
    static let passdbUser = "(?<user>(?:(?!\\): )[^\\n])*)"
    /// Dovecot 2.4's auth request prefix (auth-request.c get_log_prefix), with the level where
    /// the process writes it: before `request [N]: `, or after it in an auth-worker's own log.
    static let auth24 = "(?<service>auth|auth-worker)\\((?<user>[^()\\n]*),(?<ip>\(addr))(?:,sasl:(?<mech>[\\w-]{1,32}))?(?:,master)?\\)(?:<\\d+>)?(?:<(?<session>[^<>]*)>)?: \(lv)(?:request \\[\\d+\\]: \(lv))?"
    /// The text of a login line before its parenthesised reason (`Disconnected`, `Login aborted:
    /// Connection closed`): never an `ID sent:` line (with `imap_id_log` the client's ID values
    /// are logged there, and a value can spell `(auth failed, …)` itself), and never past the
    /// line's first `): ` (the reason ends there; a user name after it can spell another); not
    /// `Auth process broken` (2.2's auth connection lost: the server's fault, whatever follows).
    static let reasonLead = "(?!\(Piece.level)(?:ID sent: |Disconnected: Auth process broken ))(?<why>(?:(?!\\): )[^\\n])*?)"
    /// The count 2.4 adds to a login failure's reason.
    static let attempts = "(?:, \\d+(?:/\\d+)? (?:attempts?|successful auths?)(?: in \\d+ secs?)?)?"
    static let sessionProc = "(?<service>imap|pop3|managesieve|submission|lmtp|lda|doveadm)\\((?:\\d+, )?(?<user>.*?)\\)(?:<(?<pid>\\d+)>(?:<(?<session>[^>]*)>)?)?"

    static let all: [Rule] = [
        Rule("dovecot.login", .dovecot, gates: ["Login: ", "Logged in: "], event: .login,
             pattern: "^\(Piece.login): \(lv)(?:[a-z0-9]+-login: )?(?:Login|Logged in): \(fields)",
             detail: "{service} login ({mech})",
             samples: ["imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=4242, TLS, session=<aBcD1234>",
                       // A custom login_log_format_elements putting the ports after both addresses.
                       "imap-login: Login: user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, rport=51234, lport=993, mpid=4242, TLS, session=<aBcD1235>",
                       "imap-login: Info: Logged in: user=<bob>, method=PLAIN, rip=2001:db8::7, lip=2001:db8::1, mpid=99, TLS, session=<x>"]),
        // The reasons of client-common.c (2.3 client_get_extra_disconnect_reason; 2.4 adds
        // ", N attempts in N secs" to every reason and a code such as `(auth_failed)`).
        Rule("dovecot.login-auth-failed", .dovecot, gates: ["(auth failed", "tried to use dis", "(proxy dest auth", "(authorization failed", "(user disabled", "(password expired", "(login disabled"], event: .authFailure,
             pattern: "^\(Piece.login): \(lv)\(reasonLead)\\((?<reason>(?:auth failed|authorization failed|user disabled|password expired|login disabled|tried to use (?:disabled|disallowed) [\\w-]+ auth|proxy dest auth(?:entication)? fail(?:ed|ure)(?: to [^,()]*)?)\(attempts))(?:, last failure: [^\\n]*?)?\\)(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<a>, method=PLAIN, rip=192.0.2.11, lip=10.0.0.1, TLS, session=<abc>",
                       "imap-login: Login aborted: Connection closed (auth failed, 3 attempts in 16 secs) (auth_failed): user=<test>, method=PLAIN, rip=192.0.2.241, lip=203.0.113.104, TLS, session=<9ZHq02g3J8S60fan>",
                       "pop3-login: Info: Aborted login (auth failed, 1 attempts in 2 secs): user=<grace>, method=PLAIN, rip=212.9.180.3",
                       "pop3-login: Aborted login (tried to use disabled plaintext auth): rip=190.210.136.21, lip=113.212.99.193",
                       "imap-login: Login aborted: Connection closed (tried to use disallowed cleartext auth, 1 attempts in 0 secs) (cleartext_auth_disabled): user=<bob>, rip=192.0.2.1, lip=10.0.0.1, session=<abc>",
                       "imap-login: Login aborted: Connection closed (proxy dest authentication failure, 1 attempts in 2 secs) (proxy_dest_auth_failed): user=<bob>, method=PLAIN, rip=192.0.2.1, lip=10.0.0.1, session=<abc>",
                       "imap-login: Disconnected (user disabled): user=<bob>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<abc>",
                       "imap-login: Disconnected (password expired): user=<bob>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<abc>",
                       "imap-login: Disconnected (authorization failed, 1 attempts in 2 secs): user=<bob>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<abc>"]),
        Rule("dovecot.login-no-auth", .dovecot, gates: ["(no auth attempts", "(disconnected before auth was ready", "(client didn't finish SASL auth", "(disconnected during TLS handshake)", "(disconnected before greeting", "(disconnected while authenticating", "(disconnected while finishing login", "(auth aborted by client", "(aborted authentication", "(client didn't send a cert", "(cert required", "(client sent an invalid cert", "(client sent an untrusted cert", "(auth referral"], event: .disconnect,
             pattern: "^\(Piece.login): \(lv)\(reasonLead)\\((?<reason>no auth attempts[^()]*|disconnected before auth was ready[^()]*|client didn't finish SASL auth[^()]*|disconnected during TLS handshake|disconnected before greeting[^()]*|disconnected while authenticating[^()]*|disconnected while finishing login[^()]*|auth aborted by client[^()]*|aborted authentication[^()]*|client didn't send a cert[^()]*|cert required, client didn't start TLS[^()]*|client sent an (?:invalid|untrusted) cert[^()]*|auth referral[^()]*)\\)(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["pop3-login: Disconnected (no auth attempts): rip=121.44.24.254, lip=113.212.99.194, TLS: Disconnected",
                       "imap-login: Disconnected (client didn't finish SASL auth, waited 2 secs): user=<>, method=PLAIN, rip=192.0.2.6, lip=192.168.1.2, TLS: SSL_read() syscall failed: Connection reset by peer, TLSv1.2 with cipher DHE-RSA-AES256-GCM-SHA384 (256/256 bits)",
                       "imap-login: Disconnected (disconnected while authenticating, waited 1 secs): user=<bob>, method=PLAIN, rip=192.0.2.6, lip=10.0.0.1, TLS, session=<abc>",
                       "imap-login: Disconnected (auth aborted by client, 1 attempts in 3 secs): user=<bob>, method=PLAIN, rip=192.0.2.6, lip=10.0.0.1, TLS, session=<abc>",
                       "imap-login: Disconnected (cert required, client didn't start TLS): rip=192.0.2.6, lip=10.0.0.1, session=<abc>",
                       "imap-login: Login aborted: Connection closed (auth referral, 1 attempts in 0 secs) (auth_nologin_referral): user=<bob>, method=PLAIN, rip=192.0.2.6, lip=10.0.0.1, session=<abc>"]),
        Rule("dovecot.login-internal-failure", .dovecot, gates: ["(internal failure", "(auth process communication failure", "(auth service reported temporary failure", "(auth process not responding", "(proxy dest connection failed", "(proxy dest internal failure", "(proxy dest temporary authentication failure", "(proxy dest remote failure", "(proxy dest protocol failure", "(proxy dest connection limit", "(client_limit and process_limit"], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)\(reasonLead)\\((?<reason>internal failure[^()]*|auth process communication failure[^()]*|auth service reported temporary failure[^()]*|auth process not responding[^()]*|proxy dest (?:connection failed|internal failure|temporary authentication failure|remote failure|protocol failure|connection limit reached)(?:[^()]|\\([^()]*\\))*+|client_limit and process_limit was hit[^()]*)\\)(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected (internal failure, 1 successful auths): user=<bob>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<q>",
                       "imap-login: Login aborted: Internal login failure (pid=20417 id=5) (internal failure, 1/1 successful auths in 0 secs) (internal_failure): user=<frank>, method=PLAIN, rip=198.51.100.62, lip=10.0.0.5, TLS, session=<abcDEF12>",
                       "imap-login: Login aborted: Connection closed (proxy dest connection failed, 1 attempts in 0 secs) (proxy_dest_connect_failed): user=<bob>, method=PLAIN, rip=198.51.100.23, lip=10.0.0.1, TLS, session=<abc>",
                       // 2.4's `last failure:` holds the connect error with its own parentheses.
                       "imap-login: Login aborted: Logged out (proxy dest connection failed, 1 attempts in 0 secs, last failure: connect(10.0.0.5, 143) failed: Connection refused (after 0 secs, local=10.0.0.1:54321)) (proxy_dest_connect_failed): user=<bob>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.1, TLS, session=<abc>",
                       "imap-login: Login aborted: Logged out (proxy dest remote failure, 1 attempts in 0 secs, last failure: Aborting due to remote server: Internal error) (proxy_dest_remote_failure): user=<bob>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.1, TLS, session=<abe>",
                       "imap-login: Login aborted: Logged out (proxy dest protocol failure, 1 attempts in 0 secs) (proxy_dest_protocol_failure): user=<bob>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.1, TLS, session=<abh>",
                       "imap-login: Login aborted: Logged out (proxy dest connection limit reached, 1 attempts in 0 secs) (proxy_dest_connection_limit): user=<bob>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.1, TLS, session=<abf>"]),
        // A proxy sent elsewhere (the back end's referral): known, not needed.
        Rule("dovecot.login-proxy-redirected", .dovecot, gates: ["(proxy dest redirected"], event: nil,
             pattern: "^\(Piece.login): \(lv)\(reasonLead)\\((?<reason>proxy dest redirected[^()]*)\\)(?: \\([a-z0-9_]+\\))?: \(fields)",
             samples: ["imap-login: Login aborted: Logged out (proxy dest redirected, 1 attempts in 0 secs) (proxy_dest_redirected): user=<bob>, method=PLAIN, rip=198.51.100.7, lip=10.0.0.1, TLS, session=<abg>"]),
        Rule("dovecot.login-id", .dovecot, gates: ["ID sent: "], event: nil,
             pattern: "^\(Piece.login): \(lv)ID sent: .*?: \(fields)",
             samples: ["imap-login: ID sent: name=x, rip=6.6.6.6: user=<>, rip=192.0.2.17, lip=10.0.0.1, session=<abc>"]),
        Rule("dovecot.passdb-failure", .dovecot, gates: ["unknown user", "Password mismatch", "pam_authenticate() failed", "invalid credentials", "Invalid password"], event: .authFailure,
             pattern: "^\(authProc): \(lv)(?:conn unix:\\S+ \\([^()]*\\): auth-worker<\\d+>: )?(?<db>\(Piece.passdb))\\(\(passdbUser),(?<ip>\(addr))(?:,master)?(?:,(?:<(?<session>[^<>]*)>)?)?\\): \(passdbReason)$",
             detail: "{db}: {reason}", lastAddressWins: true,
             samples: ["auth-worker(304): pam(username,1.2.3.4): pam_authenticate() failed: Authentication failure (password mismatch?)",
                       "auth: passwd-file(username,1.2.3.4): unknown user",
                       "auth-worker(22401): Info: sql(admin@example.de,192.0.2.5,<n4JLdHNVngZGpV2j>): unknown user",
                       "auth: ldap(user@server.org,192.168.178.25,<LZmGp6mZaMrAqLIZ>): Password mismatch (for LDAP bind) (SHA1 of given password: f638ff)",
                       "auth-worker(80180): Info: conn unix:auth-worker (uid=143): auth-worker<13247>: sql(support,192.0.2.6): unknown user",
                       "auth: Info: ldap(dog,52.37.139.121,): invalid credentials",
                       // (The password spells PAM's missing-service note: still a wrong password.)
                       "auth-worker(304): pam(bob,203.0.113.66,<s1>): pam_authenticate() failed: Authentication failure (password mismatch?) (given password: x) (/etc/pam.d/y missing?)"]),
        Rule("dovecot.auth24-failure", .dovecot, gates: [",sasl:", "auth-worker("], event: .authFailure,
             pattern: "^\(auth24)(?:(?<db>[\\w-]{1,32}): )?\(passdbReason)$",
             detail: "{db}: {reason}", lastAddressWins: true,
             samples: ["auth(info@example.com,192.0.2.110,sasl:login)<CvN+E95Uf4e7eEnj>: Info: sql: Password mismatch (given password: XxxxXXxx123)",
                       "auth(bob,192.0.2.111,sasl:plain)<aB3dEf5hIj7lMn91>: Password mismatch",
                       "auth-worker(kim,203.0.113.56,sasl:login)<4102><nQ1DuwD3ZMfGY0Bg>: request [7]: pam: pam_authenticate() failed: Authentication failure (password mismatch?)",
                       "auth-worker(bob,192.0.2.5,sasl:login)<4102><AbCg>: request [7]: Info: pam: pam_authenticate() failed: Authentication failure (password mismatch?)",
                       "auth(bob,192.0.2.8,sasl:plain,master)<s>: passwd-file: Password mismatch",
                       "auth-worker(info@example.com,198.51.100.4)<4001084><CvN+E95Uf4e7eEnj>: request [12]: sql: Password mismatch (given password: XxxxXXxx123)"]),
        Rule("dovecot.auth24-fault", .dovecot, gates: passdbFaultGates, event: .serverFault,
             pattern: "^\(auth24)(?:(?<db>[\\w-]{1,32}): )?\(passdbFault)$",
             detail: "{db}: {reason}", lastAddressWins: true,
             samples: ["auth(bob,192.0.2.16,sasl:plain)<AbCr>: sql: Password query failed: Not connected to database",
                       "auth-worker(bob,192.0.2.5,sasl:login)<4102><AbCg>: request [7]: Error: sql: Password query failed: Not connected to database",
                       "auth(bob,198.51.100.7,sasl:plain)<abc>: Error: ldap: ldap_sasl_bind() failed: Can't contact LDAP server",
                       "auth(bob,198.51.100.7,sasl:plain)<abc>: Error: ldap: ldap_search_ext(base=dc=example,dc=org filter=(uid=bob)) failed: Timed out"]),
        Rule("dovecot.passdb-fault", .dovecot, gates: passdbFaultGates, event: .serverFault,
             pattern: "^\(authProc): \(lv)(?:conn unix:\\S+ \\([^()]*\\): auth-worker<\\d+>: )?(?<db>\(Piece.passdb))\\(\(passdbUser),(?<ip>\(addr))(?:,master)?(?:,(?:<(?<session>[^<>]*)>)?)?\\): \(passdbFault)$",
             detail: "{db}: {reason}", lastAddressWins: true,
             samples: ["auth-worker(4101): Error: sql(erin@example.org,198.51.100.31,<3Tt4yAD3eMfGY0Bp>): Password query failed: Not connected to database",
                       "auth: Error: ldap(bob@example.org,198.51.100.7,<Xy12>): ldap_bind() failed: Can't contact LDAP server",
                       "auth: Error: ldap(bob,198.51.100.7,<abc>): ldap_search(base=dc=example,dc=org filter=(uid=bob)) failed: Timed out",
                       "auth: Error: ldap(bob,198.51.100.7,<abc>): pass_filter matched multiple objects, aborting",
                       "auth-worker(123): Error: pam(bob,198.51.100.7): pam_start() failed: System error",
                       "auth-worker(123): Error: pam(bob,198.51.100.7,<abc>): pam_authenticate() failed: Authentication failure (/etc/pam.d/dovecot missing?)"],
             // A logged password spelling PAM's note, a widened user name spelling a fault
             // before the server's `): `: neither is the server's fault.
             counterSamples: ["auth-worker(304): pam(bob,203.0.113.66,<s1>): pam_authenticate() failed: Authentication failure (password mismatch?) (given password: x) (/etc/pam.d/y missing?)",
                              "auth: Info: ldap(x,6.6.6.6): ldap_bind() failed: y,203.0.113.69,<s4>): unknown user",
                              "auth: Info: ldap(x,6.6.6.6): Password query failed: y,203.0.113.70,<s4>): unknown user"]),
        Rule("dovecot.login-auth-unavailable", .dovecot, gates: ["Auth process not responding"], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)(?<reason>Auth process not responding, delayed sending [^\\n]*?): \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Warning: Auth process not responding, delayed sending initial response (greeting): user=<>, rip=198.51.100.31, lip=10.0.0.5, session=<ZbX0xQD3dMfGY0Bn>"]),
        Rule("dovecot.auth-client-fault", .dovecot, gates: ["auth server", "Auth connection closed", "Aborted ", "Auth server", "auth-worker: ", "auth worker: "], event: .serverFault,
             pattern: "^(?<service>[a-z0-9]+-login|auth|auth-worker(?:\\(\\d+\\))?): \(lv)(?:auth-client: (?:conn unix:\\S+: )?)?(?<why>Timeout waiting for handshake from auth server[^\\n]*|Auth connection closed with \\d+ pending requests[^\\n]*|auth[- ]worker: Aborted \\w+ request for [^\\n]*|Auth server (?:disconnected|restarted)[^\\n]*)$",
             detail: "{service}: {why}",
             samples: ["imap-login: Error: auth-client: conn unix:login: Timeout waiting for handshake from auth server. my pid=20417, input bytes=0",
                       "pop3-login: Warning: auth-client: conn unix:login: Auth connection closed with 2 pending requests (max 1 secs, pid=20418, EOF)",
                       "auth: Error: auth-worker: Aborted PASSV request for erin@example.org: Worker process died unexpectedly"]),
        Rule("dovecot.pam-unix", .dovecot, gates: ["pam_unix(dovecot:auth): authentication failure"], event: .authFailure,
             // Linux-PAM's fixed field run (`logname=%s uid=%d euid=%d tty=%s ruser=%s rhost=%s %s%s`):
             // ruser and user are the client's name, so neither may hold a space — else a name
             // spelling ` rhost=…` would give two readings (such a line stays unrecognised).
             pattern: "^\(authProc): \(lv)pam_unix\\(dovecot:auth\\): authentication failure; logname=\\S* uid=-?\\d+ euid=-?\\d+ tty=\\S* ruser=(?<free>\\S*) rhost=(?<ip>\(addr))(?:\\s+user=(?<user>\\S*))?\\s*$",
             detail: "pam_unix: authentication failure",
             samples: ["auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=informix rhost=80.255.3.104",
                       "dovecot-auth: pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=rhost=1.2.3.4 rhost=192.0.43.10"]),
        Rule("dovecot.session-logout", .dovecot, gates: ["Logged out", "Connection closed"], event: .logout,
             pattern: "^\(sessionProc): \(lv)(?:Disconnected: )?(?<reason>Logged out|Connection closed(?!:))(?<more>[^\\n]*?\\b(?:in|top|retr|del|bytes)=\\d+[^\\n]*)$",
             detail: "{service}: {reason}",
             samples: ["imap(bob@example.org)<4242><aBcD1234>: Disconnected: Logged out in=1234 out=56789 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0",
                       "imap(bob): Logged out in=100 out=200",
                       "pop3(carol)<77><s1>: Disconnected: Logged out top=0/0, retr=1/2345, del=1/1, size=2345"]),
        Rule("dovecot.session-end", .dovecot, gates: ["Disconnected", "Connection closed", "Logged out", "Inactivity", "Server shutting down", "Connection reset", "Too many bad commands", "Killed with signal"], event: .disconnect,
             pattern: "^\(sessionProc): \(lv)(?!(?:Disconnected: )?(?:Logged out|Connection closed(?!:))[^\\n]*?\\b(?:in|top|retr|del|bytes)=\\d+)(?:Disconnected: )?(?:Disconnected )?(?<reason>Inactivity[^\\n]*|Disconnected for inactivity[^\\n]*|for inactivity[^\\n]*|in IDLE[^\\n]*|in APPEND[^\\n]*|Connection closed[^\\n]*|Connection reset by peer[^\\n]*|Logged out[^\\n]*|Server shutting down[^\\n]*|Client has quit the connection[^\\n]*|Internal error[^\\n]*|Too many invalid IMAP commands[^\\n]*|Too many bad commands[^\\n]*|Killed with signal[^\\n]*)$",
             detail: "{service}: session ended ({reason})",
             samples: ["imap(bob)<4242><aBcD1234>: Disconnected: Inactivity in=10 out=200",
                       "imap(bob)<4242><aBcD1234>: Disconnected: Inactivity - no input for 1800 secs in=10 out=200 deleted=0",
                       "imap(bob)<4242><aBcD1234>: Disconnected: Connection closed: read(size=7902) failed: Connection reset by peer (UID FETCH running for 0.542 + waiting input/output for 108.272 secs, 60 B in + 39908+8192 B out, state=wait-output) in=290 out=8135",
                       "imap(bob): Disconnected in IDLE in=12 out=345",
                       "imap(bob)<4243><aBcD1235>: Disconnected: Disconnected in IDLE (idling for 0.001 secs, 2 B in + 10+0 B out, state=wait-input) in=1234 out=5678 deleted=0 expunged=0 trashed=0 hdr_count=0 hdr_bytes=0 body_count=0 body_bytes=0",
                       // The process told to stop (a restart, `doveadm kick`).
                       "imap(bob)<4244><aBcD1236>: Disconnected: Killed with signal 15 (by pid=1 uid=0 code=kill) in=10 out=200"]),
        Rule("dovecot.session-fatal", .dovecot, gates: ["Fatal: "], event: .sessionCrash,
             pattern: "^\(sessionProc): Fatal: (?!master: )(?<why>[^\\n]*)$",
             detail: "{service} process {pid} died: {why}",
             samples: ["imap(carol@example.org)<56932><mrDYXY1QHv26Ziq9>: Fatal: pool_system_malloc(8192): Out of memory"]),
        Rule("dovecot.master-child", .dovecot, gates: ["): child "], event: .sessionCrash,
             pattern: "^(?:(?<service>[a-z0-9-]{1,32})(?:\\((?<user>[^\\n]*?)\\)(?:<\\d+>(?:<(?<session>[^<>]*)>)?)?)?: Fatal: )?master: \(lv)service\\((?<svc>[\\w-]{1,32})\\): child (?<pid>\\d+) (?<what>returned error \\d+|killed with signal \\d+|died with status \\d+)(?<why>[^\\n]*?)(?: \\[last ip=(?<ip>\(addr))\\])?$",
             detail: "{svc} process {pid} {what}{why}",
             samples: ["master: Error: service(imap): child 4242 returned error 83 (Out of memory (service imap { vsz_limit=256 MB }, you may need to increase it) - set CORE_OUTOFMEM=1 environment to get core dump)",
                       "master: Error: service(imap): child 4243 killed with signal 9",
                       "imap(bob)<4244><sx>: Fatal: master: service(imap): child 4244 returned error 83 (Out of memory (service imap { vsz_limit=256 MB }, you may need to increase it))",
                       "imap: Fatal: master: service(imap): child 18720 killed with signal 11 (core dumps disabled) [last ip=198.51.100.23]"]),
        Rule("dovecot.master-fault", .dovecot, gates: ["command startup failed", "process_limit", "client_limit"], event: .serverFault,
             pattern: "^master: \(lv)service\\((?<service>[\\w-]{1,32})\\): (?<why>command startup failed, throttling[^\\n]*|process_limit \\(\\d+\\) reached[^\\n]*|client_limit \\(\\d+\\) reached[^\\n]*)$",
             detail: "{service}: {why}",
             samples: ["master: Warning: service(imap-login): process_limit (100) reached, client connections are being dropped"]),
        Rule("dovecot.deliver", .dovecot, gates: ["saved mail to ", "stored mail into mailbox "], event: .delivery,
             pattern: "^(?<service>lmtp|lda)\\((?:\\d+, )?(?<user>.*?)\\)(?:<(?<pid>\\d+)>(?:<(?<session>[^<>]*)>)?)?: \(lv)(?:[^\\n]*?: )?(?:saved mail to (?<box>(?:(?!: )[^\\n])*)|stored mail into mailbox '(?<box2>[^'\\n]*)')$",
             detail: "{service}: saved to {box}{box2}",
             samples: ["lmtp(bob@example.org)<9911><Kx9vM8Q1>: msgid=<a1@example.net>: saved mail to INBOX",
                       "lda(bob): sieve: msgid=<x@y>: stored mail into mailbox 'INBOX'",
                       "lmtp(31655, dave): E6lXNkOLVmrPewAAx5NbSw: msgid=<a@b>: saved mail to INBOX"],
             // The Message-ID is the sender's text (control characters removed, `:` and `>`
             // kept): a failure's line can carry `saved mail to` inside it. Dovecot's status
             // text ends the line, and a failure's ends in its error (`save failed to INBOX:
             // Quota exceeded`), so the mailbox after `saved mail to` may not hold `: `.
             counterSamples: ["lmtp(bob@example.org)<9911><Kx9vM8Q1>: msgid=<x: saved mail to INBOX>: save failed to INBOX: Quota exceeded (mailbox for user is full)",
                              "lmtp(bob@example.org)<9912><Kx9vM8Q2>: msgid=<y@evil.example: saved mail to INBOX>: rejected: Quota exceeded (mailbox for user is full)",
                              "lmtp(bob@example.org)<9912><Kx9vM8Q2>: msgid=<y>: saved mail to INBOX: save failed to INBOX: Quota exceeded"]),
        // A message not saved (quota, a Sieve discard): known, not a delivery. After
        // `dovecot.deliver`, so a success whose Message-ID holds these words stays one.
        Rule("dovecot.deliver-failed", .dovecot, gates: ["save failed to ", ": rejected: ", "discarded", "failed to store into mailbox "], event: nil,
             pattern: "^(?:lmtp|lda)\\((?:\\d+, )?[^\\n]*?\\)(?:<\\d+>(?:<[^<>]*>)?)?: \(lv)[^\\n]*?msgid=[^\\n]*?: (?:save failed to |rejected: |sieve: discarded|marked message to be discarded|discarded|failed to store into mailbox )[^\\n]*$",
             samples: ["lmtp(bob@example.org)<9911><Kx9vM8Q1>: msgid=<a@example.net>: save failed to INBOX: Quota exceeded (mailbox for user is full)",
                       "lmtp(bob@example.org)<9912><Kx9vM8Q2>: msgid=<y@evil.example: saved mail to INBOX>: rejected: Quota exceeded (mailbox for user is full)",
                       "lmtp(bob@example.org)<9911><Kx9vM8Q1>: sieve: msgid=<w@x>: marked message to be discarded if not explicitly delivered (discard action)"]),
        // Pigeonhole's actions that send the message elsewhere (a redirect, a vacation reply):
        // known, not a delivery into the mailbox.
        Rule("dovecot.sieve-action", .dovecot, gates: ["forwarded to ", "sent vacation response to ", "redirected to "], event: nil,
             pattern: "^(?:lmtp|lda)\\((?:\\d+, )?[^\\n]*?\\)(?:<\\d+>(?:<[^<>]*>)?)?: \(lv)(?:[^\\n]*?: )?sieve: msgid=[^\\n]*?: (?:forwarded to |sent vacation response to |redirected to )[^\\n]*$",
             samples: ["lmtp(bob@example.org)<9911><Kx9vM8Q1>: sieve: msgid=<a1@example.net>: forwarded to <bob@elsewhere.example>",
                       "lmtp(bob@example.org)<9911><Kx9vM8Q1>: Info: sieve: msgid=<a2@example.net>: sent vacation response to <carol@example.net>"]),
        Rule("dovecot.lmtp-session", .dovecot, gates: ["lmtp("], event: nil,
             pattern: "^lmtp\\(\\d+\\): \(lv)(?:Connect from [^\\n]*|Disconnect from [^\\n]*)$",
             samples: ["lmtp(9911): Connect from local", "lmtp(9911): Disconnect from local: Logged out (state=READY)"]),
        Rule("dovecot.startup", .dovecot, gates: ["starting up", "Dovecot v", "master: "], event: nil,
             pattern: "^master: \(lv)(?:Dovecot v[^\\n]* starting up[^\\n]*|Warning: Killed with signal [^\\n]*|Dovecot v[^\\n]*)$",
             samples: ["master: Info: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3, lmtp (core dumps disabled)"]),
        // Rare login refusals, last: every rule before them is tried first.
        Rule("dovecot.login-misuse", .dovecot, gates: ["(tried to use unsupported", "(sent invalid base64", "(anonymous login denied", "(anonymous logins disabled"], event: .abuse,
             pattern: "^\(Piece.login): \(lv)\(reasonLead)\\((?<reason>(?:tried to use unsupported auth mechanism|sent invalid base64 in response|anonymous login denied|anonymous logins disabled)\(attempts))\\)(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected (tried to use unsupported auth mechanism): rip=192.0.2.9, lip=10.0.0.1, session=<abc>",
                       "pop3-login: Login aborted: Connection closed (sent invalid base64 in response, 1 attempts in 0 secs) (invalid_base64): rip=192.0.2.9, lip=10.0.0.1, session=<abc>"]),
        // The server's own limit turned a correct login away (mail_max_userip_connections).
        Rule("dovecot.login-limit", .dovecot, gates: ["Maximum number of connections from user+IP exceeded"], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)(?:Disconnected: |Login aborted: )?(?<reason>Maximum number of connections from user\\+IP exceeded(?: \\(mail_max_userip_connections=\\d+\\))?)(?: \\(connection limit reached[^()]*\\))?(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=10): user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, TLS, session=<xYz12345>",
                       "imap-login: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=20): user=<bob@example.org>, method=PLAIN, rip=198.51.100.23, lip=203.0.113.5, mpid=0, TLS, session=<xYz12346>"]),
        // A proxy or director front end: the login process hands the client to a backend and
        // writes this, never `Login:` (login-common client-common-auth.c, login-proxy.c; 2.2
        // `proxy(u): started proxying to h:p`, 2.3 `proxy(u,h:p): Started proxying to <h>`).
        Rule("dovecot.proxy-login", .dovecot, gates: ["tarted proxying to "], event: .login,
             pattern: "^\(Piece.login): \(lv)proxy\\([^\\n]*?\\): [Ss]tarted proxying to (?:(?!: Login failed|\\(state=)[^\\n])*?: \(fields)",
             detail: "{service} login via proxy ({mech})",
             samples: ["imap-login: proxy(erin@example.org): started proxying to 10.0.0.20:143: user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<GKEBFAwQMgDBAgFf>",
                       "imap-login: Info: proxy(gina@example.org,10.0.0.21:143): Started proxying to <10.0.0.21> (0.012 secs): user=<gina@example.org>, method=PLAIN, rip=198.51.100.61, lip=203.0.113.5, TLS, session=<Hx2BFAwQMgDBAgFg>",
                       "imap-login: Info: proxy(hank@example.org,10.0.0.22:143): Started proxying to remote host (0.010 secs): user=<hank@example.org>, method=PLAIN, rip=198.51.100.62, lip=203.0.113.5, TLS, session=<Hy2BFAwQMgDBAgFh>"],
             // The server's own text after a name a client chose (`: Login failed`, `(state=`)
             // cannot be crossed: such a name cannot make a failed proxy login read as a started one.
             counterSamples: ["imap-login: Info: proxy(a): Started proxying to x,10.0.0.20:143): Login failed: Authentication failed: user=<a): Started proxying to x>, method=PLAIN, rip=203.0.113.66, lip=203.0.113.5, TLS, session=<P9>"]),
        Rule("dovecot.proxy-end", .dovecot, gates: ["disconnecting ", "Disconnected by "], event: .disconnect,
             pattern: "^\(Piece.login): \(lv)proxy\\([^\\n]*?\\): (?<reason>disconnecting [0-9A-Fa-f:.]+ \\((?![^\\n]*\\(state=)[^\\n]*?\\)|Disconnected by (?:client|server)(?![^\\n]*\\(state=)[^\\n]*?): \(fields)",
             detail: "{service}: proxied session ended",
             samples: ["imap-login: proxy(erin@example.org): disconnecting 198.51.100.60 (Disconnected by client: Connection reset by peer): user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<GKEBFAwQMgDBAgFf>",
                       "imap-login: Info: proxy(gina@example.org,10.0.0.21:143): Disconnected by client: EOF (0s idle, in=1234, out=56789): user=<gina@example.org>, method=PLAIN, rip=198.51.100.61, lip=203.0.113.5, TLS, session=<Hx2BFAwQMgDBAgFg>"]),
        // The backend failing while the proxy logs the client in (login-proxy.c: `(state=banner…)`).
        Rule("dovecot.proxy-backend-fault", .dovecot, gates: ["(state="], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)proxy\\([^\\n]*?\\): (?<reason>(?:Disconnected by server|disconnecting [0-9A-Fa-f:.]+ \\(Disconnected by server)[^\\n]*?\\(state=[^\\n]*?\\)\\)?): \(fields)",
             detail: "{service}: proxy backend failed ({reason})",
             samples: ["imap-login: Info: proxy(erin@example.org,10.0.0.20:143): Disconnected by server: Connection refused (state=banner, duration=0s): user=<erin@example.org>, method=PLAIN, rip=203.0.113.66, lip=203.0.113.5, TLS, session=<P1>"]),
        // The backend refusing the login the proxy passed on (2.2 `Login failed to h:p[/user]`,
        // 2.3+ `Login failed[ from src][ as user u][ (master m)]`); a temporary failure of the
        // backend (`[UNAVAILABLE]`, `[SYS/TEMP]`, `[SERVERBUG]`) is the server's, not a password.
        Rule("dovecot.proxy-login-failed", .dovecot, gates: ["Login failed"], event: .authFailure,
             pattern: "^\(Piece.login): \(lv)proxy\\([^\\n]*?\\): (?<reason>Login failed)(?: (?:to|from|as user) [^\\n]*?)?: (?![^\\n]*\\[(?:UNAVAILABLE|SYS/TEMP|SERVERBUG)\\])[^\\n]*?: \(fields)",
             detail: "{service}: proxy login failed",
             samples: ["imap-login: Info: proxy(erin@example.org,10.0.0.20:143): Login failed: Authentication failed: user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<P2>",
                       "imap-login: proxy(erin@example.org): Login failed to 10.0.0.20:143: Authentication failed: user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<P3>",
                       "imap-login: Info: proxy(erin@example.org,10.0.0.20:143): Login failed as user erin (master proxyadm): Authentication failed: user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<P4>"]),
        Rule("dovecot.proxy-login-tempfail", .dovecot, gates: ["[UNAVAILABLE]", "[SYS/TEMP]", "[SERVERBUG]"], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)proxy\\([^\\n]*?\\): (?<reason>Login failed)(?: (?:to|from|as user) [^\\n]*?)?: [^\\n]*?\\[(?:UNAVAILABLE|SYS/TEMP|SERVERBUG)\\][^\\n]*?: \(fields)",
             detail: "{service}: proxy backend temporarily failed",
             samples: ["imap-login: Info: proxy(erin@example.org,10.0.0.20:143): Login failed: [UNAVAILABLE] Temporary authentication failure.: user=<erin@example.org>, method=PLAIN, rip=198.51.100.60, lip=203.0.113.5, TLS, session=<P5>"]),
        // 2.3.0+ (client-common-auth.c): the login process could not hand the client to its
        // mail process (the mail process limit, a crashed post-login script) and writes no
        // `(internal failure…)` suffix. The server's fault.
        Rule("dovecot.login-internal-23", .dovecot, gates: ["Internal login failure (pid="], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)(?:Disconnected: |Login aborted: )?(?<reason>Internal login failure \\(pid=\\d+ id=\\d+\\))(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected: Internal login failure (pid=20417 id=5): user=<frank@example.org>, method=PLAIN, rip=198.51.100.62, lip=10.0.0.5, TLS, session=<abcDEF12>"]),
        // 2.4: a login cut short by the login process shutting down (a reload, a restart).
        Rule("dovecot.login-shutdown", .dovecot, gates: ["The process is shutting down"], event: .disconnect,
             pattern: "^\(Piece.login): \(lv)(?:Disconnected: |Login aborted: )?(?:(?:Server shutting down|Connection closed) \\()?(?<reason>The process is shutting down so the login is aborted\\.)\\)?(?: \\([a-z0-9_]+\\))?: \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Login aborted: Server shutting down (The process is shutting down so the login is aborted.) (shutting_down): user=<>, rip=192.0.2.6, lip=10.0.0.1, session=<abc>",
                       "imap-login: Login aborted: Connection closed (The process is shutting down so the login is aborted.) (shutting_down): user=<>, rip=192.0.2.7, lip=10.0.0.1, session=<abd>"]),
        // The imapc passdb (passdb-imap.c, lib-imap-client): the remote server's AUTHENTICATIONFAILED
        // or AUTHORIZATIONFAILED (at Info, or since 2.3 at Error after `Authentication failed: `)
        // is a wrong password; any other `Authentication failed: …` — the remote unavailable, a
        // BAD, a disconnect — is an internal failure to Dovecot: the server's trouble.
        Rule("dovecot.imapc-mismatch", .dovecot, gates: ["FAILED] "], event: .authFailure,
             pattern: "^\(authProc): \(lv)imap\\(\(passdbUser),(?<ip>\(addr))(?:,(?:<[^<>]*>)?)?\\): (?<reason>(?:Authentication failed: )?\\[(?:AUTHENTICATIONFAILED|AUTHORIZATIONFAILED)\\] [^\\n]*)$",
             detail: "imapc: {reason}", lastAddressWins: true,
             samples: ["auth: Info: imap(stefan,192.0.2.77): [AUTHENTICATIONFAILED] Authentication failed.",
                       "auth: Error: imap(stefan,192.0.2.77): Authentication failed: [AUTHENTICATIONFAILED] Authentication failed."]),
        Rule("dovecot.imapc-failure", .dovecot, gates: ["): Authentication failed: "], event: .serverFault,
             pattern: "^\(authProc): \(lv)imap\\(\(passdbUser),(?<ip>\(addr))(?:,(?:<[^<>]*>)?)?\\): (?<reason>Authentication failed: (?!\\[(?:AUTHENTICATIONFAILED|AUTHORIZATIONFAILED)\\])[^\\n]*)$",
             detail: "imapc: {reason}", lastAddressWins: true,
             samples: ["auth: Error: imap(stefan,192.0.2.77): Authentication failed: LOGIN wrong username or password"]),
        // 2.2: the login process lost its auth process mid-login: the server's fault.
        Rule("dovecot.login-auth-broken", .dovecot, gates: ["Auth process broken"], event: .serverFault,
             pattern: "^\(Piece.login): \(lv)Disconnected: (?<reason>Auth process broken) \\([^()\\n]*\\): \(fields)",
             detail: "{service}: {reason}",
             samples: ["imap-login: Disconnected: Auth process broken (disconnected before auth was ready, waited 144 secs): user=<>, rip=198.51.100.10, lip=10.42.68.75, TLS handshaking, session=<3fdfg34g3g>"]),
        // The auth process: a login process gone with requests pending (the server side), a
        // master user's login, a process's backtrace after its Fatal line, debug chatter.
        Rule("dovecot.auth-client-gone", .dovecot, gates: ["pending requests"], event: .serverFault,
             pattern: "^\(authProc): \(lv)(?<why>auth client \\d+ disconnected with \\d+ pending requests[^\\n]*)$",
             detail: "{why}",
             samples: ["auth: Warning: auth client 0 disconnected with 1 pending requests: Connection reset by peer"]),
        Rule("dovecot.known-chatter", .dovecot, gates: ["Master user logging in as ", "Raw backtrace: ", "Debug: "], event: nil,
             pattern: "^[^\\n]*?(?:: (?:Info: )?Master user logging in as \\S+|: Error: Raw backtrace: [^\\n]*|: Debug: [^\\n]*)$",
             samples: ["auth: Master user logging in as lucas", "imap(nick@example.org)<24166><LTrk2liK>: Error: Raw backtrace: /usr/lib/dovecot/libdovecot.so.0(+0xd7e21) [0x7f]",
                       "auth: Debug: client in: AUTH\t1\tPLAIN\tservice=imap"]),
        // A user name the auth process refuses before any password check (auth-request-fields.c).
        Rule("dovecot.username-chars", .dovecot, gates: ["Username character disallowed"], event: nil,
             pattern: "^\(authProc): \(lv)[a-z0-9-]{1,32}\\([^\\n]*\\): Username character disallowed by auth_username_chars: [^\\n]*$",
             samples: ["auth: Info: plain(?,198.51.100.99,<sX1>): Username character disallowed by auth_username_chars: 0x20 (username: bo b)"]),
    ]
}
