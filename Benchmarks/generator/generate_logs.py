#!/usr/bin/env python3
"""Deterministic generator of a mail server's logs for jailtrace benchmarks and end-to-end tests.

Writes `maillog` (BSD syslog, year-less, Postfix + Dovecot) and `fail2ban.log` (padded 0.10+
layout) for a simulated server, plus `expected.json` with every device (SPEC §3) and its verdict.
Planted incidents cover every verdict: banned, auth-failing, server-fault, moved, no-contact,
active. Same --seed/--size/--start/--days/--rotate/--overlap give byte-identical output
(Python 3.11, stdlib only).

    python3 generate_logs.py --size 100M --seed 1 --out /tmp/logs [--rotate]
"""

import argparse
import base64
import calendar
import datetime
import gzip
import heapq
import ipaddress
import json
import math
import os
import queue
import sys
import threading
import time
from operator import itemgetter
from random import Random

HOST = "mx"
LIP4 = "192.0.2.10"
LIP6 = "2001:db8:feed::25"
DOMAIN = "example.org"
MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SILENCE = 3600
MAXRETRY, FINDTIME_MS, BANTIME_MS = 5, 600_000, 3_600_000
JAILS = ["postfix-sasl", "dovecot", "sshd"]
KEY0 = itemgetter(0)

# fail2ban logger/level pairs; the pid is chosen at write time (it changes at a restart).
F_FILTER, F_ACTIONS_N, F_ACTIONS_I, F_JAIL, F_SERVER, F_DB, F_OBSERVER = range(7)
LOGGERS = [("fail2ban.filter", "INFO"), ("fail2ban.actions", "NOTICE"), ("fail2ban.actions", "INFO"),
           ("fail2ban.jail", "INFO"), ("fail2ban.server", "INFO"), ("fail2ban.database", "INFO"),
           ("fail2ban.observer", "INFO")]

FIRST = ["anna", "ben", "clara", "david", "emma", "felix", "greta", "hannes", "ida", "jonas", "karla",
         "lukas", "mia", "noah", "olga", "paul", "quirin", "rosa", "sven", "tina", "uwe", "vera",
         "walter", "xenia", "yusuf", "zoe", "marta", "igor", "lena", "omar", "pia", "raul", "sara",
         "tom", "ulla", "viktor", "wanda", "jan", "kim", "lea"]
LAST = ["schmidt", "meyer", "weber", "wagner", "becker", "hoffmann", "koch", "richter", "klein",
        "wolf", "neumann", "braun", "zimmer", "krueger", "hartmann", "lange", "werner", "krause",
        "lehmann", "koehler", "maier", "huber", "fuchs", "vogel", "jung", "roth", "frank", "berg"]
ROLE = ["info", "admin", "office", "sales", "support", "contact", "test", "webmaster", "postmaster",
        "user", "root", "mail", "billing", "hr", "noreply", "marketing", "backup", "demo"]
HOSTILE_USERS = ["admin rip=6.6.6.6", "x] rip=6.6.6.6 [", "info>, rip=6.6.6.6, <",
                 "<script>alert(1)</script>", "\x1b[31mroot\x1b[0m", "bad\udcffutf8", "a&b\"c'd"]
MTA_POOLS = [  # (hostname(a, b), ip prefix) — first octets disjoint from clients and bots
    (lambda a, b: "mail-ej1-f%d.google.com" % a, "209.85.218"),
    (lambda a, b: "mail-db8eur0%don2%03d.outbound.protection.outlook.com" % (a % 9, b), "40.107.20"),
    (lambda a, b: "mout.gmx.net", "212.227.17"),
    (lambda a, b: "mout.web.de", "217.72.192"),
    (lambda a, b: "a%d-%d.smtp-out.amazonses.com" % (a, b), "54.240.8"),
    (lambda a, b: "sonic%d-%d.consmr.mail.ir2.yahoo.com" % (300 + a, b % 40), "66.163.187"),
    (lambda a, b: "mail.newsletter-%d.example.com" % b, "74.63.%d" % 200),
]
EXT_DOMAINS = ["gmail.com", "outlook.com", "gmx.de", "web.de", "yahoo.com", "icloud.com",
               "posteo.de", "t-online.de", "example.net", "example.com"]
EXT_RELAYS = {"gmail.com": ("gmail-smtp-in.l.google.com", "142.250.27.%d"),
              "outlook.com": ("outlook-com.olc.protection.outlook.com", "52.101.68.%d"),
              "gmx.de": ("mx00.emig.gmx.net", "212.227.15.%d"),
              "web.de": ("mx-ha03.web.de", "212.227.17.%d"),
              "yahoo.com": ("mta7.am0.yahoodns.net", "67.195.204.%d"),
              "icloud.com": ("mx01.mail.icloud.com", "17.57.154.%d"),
              "posteo.de": ("mx01.posteo.de", "185.67.36.%d"),
              "t-online.de": ("mx00.t-online.de", "194.25.134.%d"),
              "example.net": ("mx.example.net", "198.18.0.%d"),
              "example.com": ("mx.example.com", "198.18.1.%d")}
CLIENT_V4 = [77, 78, 79, 81, 82, 83, 84, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 176, 178]
CLIENT_V6 = ["2a02:8109", "2a01:c23", "2003:e4", "2a02:810d", "2001:9e8"]
BOT_V4 = [45, 103, 141, 185, 193, 194, 36, 61, 222, 5]
BOT_V6 = ["2a0d:5600", "2602:fed2", "2a06:4880"]
SPAM_V4 = [113, 117, 171, 182, 190, 200, 201, 186, 187, 14]


def parse_size(s):
    s = s.strip().upper().rstrip("B").rstrip("I")
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if s and s[-1] in mult:
        return int(float(s[:-1]) * mult[s[-1]])
    return int(s)


def local_ip(rip):
    if rip.startswith("::ffff:"):
        return "::ffff:" + LIP4
    return LIP6 if ":" in rip else LIP4


def iso(ts):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Output: each log is a sequence of segments (rotations), written by a worker thread so that
# gzip compression overlaps with generation.


class Sink(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.q = queue.Queue(maxsize=32)
        self.error = None
        self.start()

    def run(self):
        raw = gz = None
        name = None
        try:
            while True:
                op, a = self.q.get()
                if op == "open":
                    path, isgz = a
                    raw = open(path, "wb", buffering=1 << 20)
                    name = os.path.basename(path)[:-3] if isgz else None
                    gz = gzip.GzipFile(filename=name, mode="wb", fileobj=raw, mtime=0,
                                       compresslevel=6) if isgz else None
                elif op == "data":
                    (gz or raw).write(a)
                elif op == "member":  # start a new gzip member (multi-member file)
                    gz.close()
                    gz = gzip.GzipFile(filename=name, mode="wb", fileobj=raw, mtime=0, compresslevel=6)
                elif op == "close":
                    if gz:
                        gz.close()
                    raw.close()
                    raw = gz = None
                elif op == "stop":
                    return
        except BaseException as e:  # reported by the main thread
            self.error = e
            while True:  # keep draining so the producer never blocks
                if self.q.get()[0] == "stop":
                    return


class LogWriter:
    """Routes time-ordered text chunks to rotation segments: [(start_t, filename, gz, split_t)]."""

    def __init__(self, outdir, segments, overlap):
        self.outdir, self.segs, self.overlap = outdir, segments, overlap
        self.sink = Sink()
        self.cur = -1
        self.buf, self.buflen = [], 0
        self.tail = []
        self.bytes = 0
        self.files = []
        self.split_done = False

    def _push(self):
        if self.buf:
            self.sink.q.put(("data", "".join(self.buf).encode("utf-8", "surrogateescape")))
            self.buf, self.buflen = [], 0

    def _open(self, i):
        _, name, isgz, _ = self.segs[i]
        self.sink.q.put(("open", (os.path.join(self.outdir, name), isgz)))
        self.files.append(name)
        self.cur = i
        self.split_done = False
        if self.tail:  # copytruncate: the last lines of the old file appear again in the new one
            s = "\n".join(self.tail) + "\n"
            self.buf.append(s)
            self.buflen += len(s)

    def write(self, t, lines):
        while self.cur + 1 < len(self.segs) and t >= self.segs[self.cur + 1][0]:
            if self.cur >= 0:
                self._push()
                self.sink.q.put(("close", None))
            self._open(self.cur + 1)
        if self.cur < 0:
            self._open(0)
        split = self.segs[self.cur][3]
        if split is not None and not self.split_done and t >= split:
            self._push()
            self.sink.q.put(("member", None))
            self.split_done = True
        s = "\n".join(lines) + "\n"
        self.buf.append(s)
        self.buflen += len(s)
        self.bytes += len(s)
        if self.overlap:
            self.tail = (self.tail + lines[-self.overlap:])[-self.overlap:]
        if self.buflen >= 1 << 22:
            self._push()

    def close(self):
        if self.cur < 0:
            self._open(0)
        self._push()
        self.sink.q.put(("close", None))
        self.sink.q.put(("stop", None))
        self.sink.join()
        if self.sink.error:
            raise self.sink.error


# --------------------------------------------------------------------------------------------


class Device:
    __slots__ = ("ip", "rip", "host", "user", "addr", "kind", "proto", "tz", "submit_p", "stop_at",
                 "script", "planted", "poll")

    def __init__(self, ip, user, addr, kind, proto="imap", rip=None, host="unknown", tz=0,
                 submit_p=0.05, stop_at=None, script=None, planted=None, poll=None):
        self.ip, self.rip, self.host, self.user, self.addr = ip, rip or ip, host, user, addr
        self.kind, self.proto, self.tz, self.submit_p = kind, proto, tz, submit_p
        self.stop_at, self.script, self.planted, self.poll = stop_at, script, planted, poll


class Gen:
    def __init__(self, args):
        self.args = args
        self.rng = Random(args.seed)
        self.rnd = self.rng.random
        d0 = datetime.datetime.strptime(args.start, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        self.START = int(d0.timestamp())
        self.END = self.START + args.days * 86400 - 1
        self.target = args.size
        self.heap = []
        self.seq = 0
        self.mb = {}   # minute -> [(t, text)]
        self.fb = {}   # minute -> [(ms, logger, text)]
        self.pid = 1800
        self.fpids = [(0, 812)]  # (from_ms, fail2ban pid)
        self.mult = 1.0
        # verdict bookkeeping (SPEC §3), only for device IPs
        self.dev_ips = set()
        self.auth_users = {}      # ip -> set(user) of successful authentications
        self.last_ok = {}         # ip -> latest healthy activity
        self.user_ip_ok = {}      # user -> {ip: latest healthy}
        self.last_fail = {}       # ip -> latest auth failure
        self.last_fault = {}      # ip -> latest failed session / server fault
        self.bans = {}            # ip -> [(jail, start_ms, end_ms)]
        self.deliv = {}           # recipient address -> [t] (status=sent via local/virtual/lmtp)
        self.fail_q = {j: {} for j in JAILS}
        self.ban_until = {}       # ip -> ms (any jail; a ban blocks every mail port)
        self.jail_ban = {j: {} for j in JAILS}
        self.smtpd_pool = [self.newpid() for _ in range(12)]
        self.sub_pool = [self.newpid() for _ in range(4)]
        self.qmgr = self.newpid()
        self.fdcache = {}

    # ---- primitives -----------------------------------------------------------------------
    def newpid(self):
        self.pid += 1 + int(self.rnd() * 6)
        if self.pid > 4_100_000:
            self.pid = 1200
        return self.pid

    def smtpd_pid(self, pool):
        i = int(self.rnd() * len(pool))
        if self.rnd() < 0.01:  # max_use reached: process replaced
            pool[i] = self.newpid()
        return pool[i]

    def sid(self):
        return base64.b64encode(self.rng.getrandbits(96).to_bytes(12, "little")).decode()

    def qid(self):
        return "%010X" % self.rng.getrandbits(40)

    def ml(self, t, text):
        if t > self.END:
            return False
        k = t // 60
        b = self.mb.get(k)
        if b is None:
            b = self.mb[k] = []
        b.append((t, text))
        return True

    def fl(self, ms, lg, text):
        if ms > self.END * 1000:
            return False
        k = ms // 60000
        b = self.fb.get(k)
        if b is None:
            b = self.fb[k] = []
        b.append((ms, lg, text))
        return True

    def fdate(self, t):
        k = t // 60
        p = self.fdcache.get(k)
        if p is None:
            if len(self.fdcache) > 4096:
                self.fdcache.clear()
            p = self.fdcache[k] = time.strftime("%Y-%m-%d %H:%M:", time.gmtime(k * 60))
        return "%s%02d" % (p, t - k * 60)

    def spawn(self, t, g):
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, g))

    # ---- bookkeeping -------------------------------------------------------------------------
    def rec_auth(self, ip, user):
        self.auth_users.setdefault(ip, set()).add(user)

    def rec_ok(self, ip, user, t):
        if t > self.END:
            return
        if t > self.last_ok.get(ip, -1):
            self.last_ok[ip] = t
        m = self.user_ip_ok.setdefault(user, {})
        if t > m.get(ip, -1):
            m[ip] = t

    def rec_fail(self, ip, t):
        if ip in self.dev_ips and t <= self.END and t > self.last_fail.get(ip, -1):
            self.last_fail[ip] = t

    def rec_fault(self, ip, t):
        if t <= self.END and t > self.last_fault.get(ip, -1):
            self.last_fault[ip] = t

    def banned(self, ip, t):
        return self.ban_until.get(ip, 0) > t * 1000

    # ---- fail2ban ----------------------------------------------------------------------------
    def found(self, jail, ip, t):
        ms = t * 1000 + 40 + int(self.rnd() * 900)
        if not self.fl(ms, F_FILTER, "[%s] Found %s - %s" % (jail, ip, self.fdate(t))):
            return
        q = self.fail_q[jail].setdefault(ip, [])
        q.append(ms)
        while q and q[0] <= ms - FINDTIME_MS:
            q.pop(0)
        if len(q) >= MAXRETRY and not self.ban_until.get(ip, 0) > ms:
            del self.fail_q[jail][ip]
            bms = ms + 1 + int(self.rnd() * 400)
            if not self.fl(bms, F_ACTIONS_N, "[%s] Ban %s" % (jail, ip)):
                return
            ums = bms + BANTIME_MS + int(self.rnd() * 900)
            self.ban_until[ip] = ums
            self.jail_ban[jail][ip] = ums
            end = ums if self.fl(ums, F_ACTIONS_N, "[%s] Unban %s" % (jail, ip)) else None
            if ip in self.dev_ips:
                self.bans.setdefault(ip, []).append((jail, bms, end))

    def f2b_start(self, ms, restore):
        L = self.fl
        L(ms, F_SERVER, "-" * 50)
        L(ms, F_SERVER, "Starting Fail2ban v1.0.2")
        L(ms + 1, F_OBSERVER, "Observer start...")
        L(ms + 9, F_DB, "Connected to fail2ban persistent database '/var/lib/fail2ban/fail2ban.sqlite3'")
        ms += 20
        logs = {"postfix-sasl": "/var/log/maillog", "dovecot": "/var/log/maillog", "sshd": "/var/log/secure"}
        for j in JAILS:
            L(ms, F_JAIL, "Creating new jail '%s'" % j)
            L(ms + 1, F_JAIL, "Jail '%s' uses pyinotify {}" % j)
            L(ms + 4, F_JAIL, "Initiated 'pyinotify' backend")
            L(ms + 5, F_FILTER, "  maxRetry: %d" % MAXRETRY)
            L(ms + 5, F_FILTER, "  findtime: %d" % (FINDTIME_MS // 1000))
            L(ms + 5, F_ACTIONS_I, "  banTime: %d" % (BANTIME_MS // 1000))
            L(ms + 5, F_FILTER, "  encoding: UTF-8")
            L(ms + 6, F_FILTER, "Added logfile: '%s' (pos = 0, hash = %040x)" % (logs[j], self.rng.getrandbits(160)))
            ms += 10
        for j in JAILS:
            L(ms, F_JAIL, "Jail '%s' started" % j)
            ms += 2
            if restore:
                for ip in sorted(ip for ip, u in self.jail_ban[j].items() if u > ms):
                    L(ms, F_ACTIONS_N, "[%s] Restore Ban %s" % (j, ip))
                    ms += 3
        return ms

    def f2b_restart_actor(self, t):
        yield t
        ms = t * 1000 + 117
        L = self.fl
        L(ms, F_SERVER, "Shutdown in progress...")
        L(ms + 1, F_SERVER, "Stopping all jails")
        ms += 5
        for j in JAILS:
            for ip in sorted(ip for ip, u in self.jail_ban[j].items() if u > ms):
                L(ms, F_ACTIONS_N, "[%s] Unban %s" % (j, ip))
                ms += 4
            L(ms, F_FILTER, "Removed logfile: '%s'" % ("/var/log/secure" if j == "sshd" else "/var/log/maillog"))
            L(ms + 2, F_JAIL, "Jail '%s' stopped" % j)
            ms += 30
        L(ms, F_OBSERVER, "Observer stop ... try to end queue 5 seconds")
        L(ms + 20, F_OBSERVER, "Observer stopped, 0 events remaining.")
        L(ms + 40, F_SERVER, "Stopping all jails")
        L(ms + 41, F_SERVER, "Exiting Fail2ban")
        ms += 2600
        self.fpids.append((ms, self.fpids[-1][1] + 40 + int(self.rnd() * 900)))
        self.f2b_start(ms, True)

    # ---- mail-log building blocks ------------------------------------------------------------
    def client(self, host, ip):
        return "%s[%s]" % (host, ip)

    def deliver(self, t, qid, u, msgid):
        """Final delivery to a local mailbox user (dict). Records status=sent deliveries."""
        r = self.rnd()
        dl = "delay=%.2f, delays=%.2f/%.2f/%.2f/%.2f, dsn=" % (0.3 + r, 0.1 + r, 0.01, 0.02, 0.05 + r / 3)
        tr = u["transport"]
        if r < 0.003:
            self.ml(t, "postfix/lmtp[%d]: %s: to=<%s>, relay=mx.example.org[private/dovecot-lmtp], %s4.2.2, "
                    "status=deferred (host mx.example.org[private/dovecot-lmtp] said: 452 4.2.2 <%s> Quota "
                    "exceeded (mailbox for user is full) (in reply to end of DATA command))"
                    % (self.newpid(), qid, u["addr"], dl, u["addr"]))
            return
        if tr == "lmtp":
            s = self.sid()
            lpid = self.newpid()
            if self.ml(t, "postfix/lmtp[%d]: %s: to=<%s>, relay=mx.example.org[private/dovecot-lmtp], %s2.0.0, "
                       "status=sent (250 2.0.0 <%s> %s Saved)" % (lpid, qid, u["addr"], dl, u["addr"], s)):
                self.deliv.setdefault(u["addr"], []).append(t)
            self.ml(t, "dovecot: lmtp(%s)<%d><%s>: msgid=<%s>: saved mail to INBOX" % (u["login"], lpid + 1, s, msgid))
        elif tr == "virtual":
            if self.ml(t, "postfix/virtual[%d]: %s: to=<%s>, relay=virtual, %s2.0.0, status=sent (delivered to maildir)"
                       % (self.newpid(), qid, u["addr"], dl)):
                self.deliv.setdefault(u["addr"], []).append(t)
        else:
            if self.ml(t, "postfix/local[%d]: %s: to=<%s>, relay=local, %s2.0.0, status=sent (delivered to mailbox)"
                       % (self.newpid(), qid, u["addr"], dl)):
                self.deliv.setdefault(u["addr"], []).append(t)

    def msgid(self, dom):
        return "%x.%x@%s" % (self.rng.getrandbits(40), self.rng.getrandbits(24), dom)

    def mta_client(self):
        rnd = self.rnd
        fn, pre = MTA_POOLS[int(rnd() * len(MTA_POOLS))]
        a, b = 1 + int(rnd() * 250), 1 + int(rnd() * 250)
        return "%s[%s.%d]" % (fn(a, b), pre, a)

    def inbound(self, t):
        rnd = self.rnd
        cl = self.mta_client()
        pid = self.smtpd_pid(self.smtpd_pool)
        p = "postfix/smtpd[%d]: " % pid
        qid = self.qid()
        dom = EXT_DOMAINS[int(rnd() * len(EXT_DOMAINS))]
        mid = self.msgid(dom)
        nr = 1 if rnd() < 0.85 else 2
        rcpts = [self.mailboxes[int(rnd() * len(self.mailboxes))] for _ in range(nr)]
        if nr == 2 and rcpts[0] is rcpts[1]:
            nr, rcpts = 1, rcpts[:1]
        ml = self.ml
        ml(t, p + "connect from " + cl)
        if rnd() < 0.8:
            ml(t, p + "Anonymous TLS connection established from %s: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 "
               "(256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256" % cl)
        t1 = t + (1 if rnd() < 0.5 else 0)
        ml(t1, "%s%s: client=%s" % (p, qid, cl))
        ml(t1, "postfix/cleanup[%d]: %s: message-id=<%s>" % (self.newpid() if rnd() < 0.05 else self.qmgr + 3, qid, mid))
        ml(t1, "postfix/qmgr[%d]: %s: from=<%s.%s@%s>, size=%d, nrcpt=%d (queue active)"
           % (self.qmgr, qid, FIRST[int(rnd() * 40)], LAST[int(rnd() * 28)], dom, 2000 + int(rnd() * 90000), nr))
        ml(t1, "%sdisconnect from %s ehlo=2 starttls=1 mail=1 rcpt=%d data=1 quit=1 commands=%d" % (p, cl, nr, 6 + nr))
        t2 = t1 + int(rnd() * 3)
        for u in rcpts:
            self.deliver(t2, qid, u, mid)
        ml(t2, "postfix/qmgr[%d]: %s: removed" % (self.qmgr, qid))

    def reject(self, t):
        rnd = self.rnd
        ip = "%d.%d.%d.%d" % (SPAM_V4[int(rnd() * len(SPAM_V4))], int(rnd() * 256), int(rnd() * 256), 1 + int(rnd() * 254))
        cl = "unknown[%s]" % ip
        p = "postfix/smtpd[%d]: " % self.smtpd_pid(self.smtpd_pool)
        ml = self.ml
        ml(t, p + "connect from " + cl)
        r = rnd()
        if r < 0.12:
            ml(t + 1, p + "lost connection after EHLO from " + cl)
            ml(t + 1, p + "disconnect from %s ehlo=1 commands=1" % cl)
            return
        rc = self.mailboxes[int(rnd() * len(self.mailboxes))]["addr"] if rnd() < 0.7 else "%s@%s" % (ROLE[int(rnd() * len(ROLE))], DOMAIN)
        frm = "%s@%s" % (LAST[int(rnd() * 28)], EXT_DOMAINS[int(rnd() * len(EXT_DOMAINS))])
        tail = "from=<%s> to=<%s> proto=ESMTP helo=<[%s]>" % (frm, rc, ip)
        if r < 0.6:
            why = "554 5.7.1 Service unavailable; Client host [%s] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/%s" % (ip, ip)
        elif r < 0.8:
            why = "450 4.7.1 Client host rejected: cannot find your hostname, [%s]" % ip
        else:
            why = "550 5.1.1 <%s>: Recipient address rejected: User unknown in virtual mailbox table" % rc
        ml(t + 1, p + "NOQUEUE: reject: RCPT from %s: %s; %s" % (cl, why, tail))
        ml(t + 1, p + "disconnect from %s ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4" % cl)

    def local_cron(self, t):
        qid = self.qid()
        ml = self.ml
        ml(t, "postfix/pickup[%d]: %s: uid=0 from=<root>" % (self.qmgr + 1, qid))
        ml(t, "postfix/cleanup[%d]: %s: message-id=<%s>" % (self.qmgr + 3, qid, self.msgid("mx.example.org")))
        ml(t, "postfix/qmgr[%d]: %s: from=<root@mx.example.org>, size=%d, nrcpt=1 (queue active)" % (self.qmgr, qid, 700 + int(self.rnd() * 3000)))
        ml(t, "postfix/local[%d]: %s: to=<root@mx.example.org>, orig_to=<root>, relay=local, delay=0.03, "
           "delays=0.01/0.01/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)" % (self.newpid(), qid))
        ml(t, "postfix/qmgr[%d]: %s: removed" % (self.qmgr, qid))

    def imap_session(self, d, t, crash=False, oom=False):
        rnd = self.rnd
        mpid = self.newpid()
        s = self.sid()
        u = d.user
        pr = d.proto
        lip = local_ip(d.rip)
        if not self.ml(t, "dovecot: %s-login: Login: user=<%s>, method=PLAIN, rip=%s, lip=%s, mpid=%d, TLS, session=<%s>"
                       % (pr, u, d.rip, lip, mpid, s)):
            return
        self.rec_auth(d.ip, u)
        if oom:
            t1 = t + 1 + int(rnd() * 3)
            self.ml(t1, "dovecot: %s(%s)<%d><%s>: Fatal: pool_system_malloc(8192): Out of memory" % (pr, u, mpid, s))
            self.ml(t1, "dovecot: master: Error: service(%s): child %d returned error 83 (Out of memory (service %s "
                    "{ vsz_limit=256 MB }, you may need to increase it) - set CORE_OUTOFMEM=1 environment to get core dump)"
                    % (pr, mpid, pr))
            self.rec_fault(d.ip, t1)
            return
        if crash:
            t1 = t + 5 + int(rnd() * 300)
            if self.ml(t1, "dovecot: master: Error: service(%s): child %d killed with signal 11 (core dumps disabled - "
                       "https://dovecot.org/bugreport.html#coredumps)" % (pr, mpid)):
                self.rec_fault(d.ip, t1)
            return
        self.rec_ok(d.ip, u, t)
        if d.kind == "phone":
            dur = 20 + int(rnd() * 1700)
        else:
            dur = 2 + int(rnd() * 600)
        te = t + dur
        if pr == "pop3":
            n = int(rnd() * 4)
            sz = n * (1000 + int(rnd() * 40000))
            if self.ml(te, "dovecot: pop3(%s)<%d><%s>: Disconnected: Logged out top=0/0, retr=%d/%d, del=%d/%d, size=%d"
                       % (u, mpid, s, n, sz, n, n, sz)):
                self.rec_ok(d.ip, u, te)
            return
        r = rnd()
        cnt = "in=%d out=%d deleted=0 expunged=0 trashed=0 hdr_count=%d hdr_bytes=%d body_count=%d body_bytes=%d" % (
            100 + int(r * 3000), 500 + int(r * 90000), int(r * 20), int(r * 9000), int(r * 4), int(r * 80000))
        if r < 0.7:
            if self.ml(te, "dovecot: imap(%s)<%d><%s>: Disconnected: Logged out %s" % (u, mpid, s, cnt)):
                self.rec_ok(d.ip, u, te)
        elif r < 0.95:
            if self.ml(te, "dovecot: imap(%s)<%d><%s>: Disconnected: Connection closed (IDLE running for %d.%03d + waiting "
                       "input for 0.001 secs, 2 B in + 10 B out, state=wait-input) %s" % (u, mpid, s, dur, int(r * 999), cnt)):
                self.rec_ok(d.ip, u, te)
        else:
            self.ml(t + 1800, "dovecot: imap(%s)<%d><%s>: Disconnected: Inactivity - no input for 1800 secs %s" % (u, mpid, s, cnt))

    def submission(self, d, t):
        rnd = self.rnd
        cl = self.client(d.host, d.ip)
        p = "postfix/submission/smtpd[%d]: " % self.smtpd_pid(self.sub_pool)
        qid = self.qid()
        mid = self.msgid(DOMAIN)
        ml = self.ml
        ml(t, p + "connect from " + cl)
        ml(t, p + "Anonymous TLS connection established from %s: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 "
           "(256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256" % cl)
        t1 = t + 1
        if ml(t1, "%s%s: client=%s, sasl_method=PLAIN, sasl_username=%s" % (p, qid, cl, d.user)):
            self.rec_auth(d.ip, d.user)
            self.rec_ok(d.ip, d.user, t1)
        ml(t1, "postfix/cleanup[%d]: %s: message-id=<%s>" % (self.qmgr + 3, qid, mid))
        ml(t1, "postfix/qmgr[%d]: %s: from=<%s>, size=%d, nrcpt=1 (queue active)" % (self.qmgr, qid, d.addr, 1500 + int(rnd() * 200000)))
        ml(t1, "%sdisconnect from %s ehlo=2 starttls=1 auth=1 mail=1 rcpt=1 data=1 quit=1 commands=8" % (p, cl))
        t2 = t1 + 1 + int(rnd() * 2)
        if rnd() < 0.3:
            self.deliver(t2, qid, self.mailboxes[int(rnd() * len(self.mailboxes))], mid)
        else:
            dom = EXT_DOMAINS[int(rnd() * len(EXT_DOMAINS))]
            rh, rip = EXT_RELAYS[dom]
            to = "%s.%s@%s" % (FIRST[int(rnd() * 40)], LAST[int(rnd() * 28)], dom)
            r = rnd()
            pre = "postfix/smtp[%d]: %s: to=<%s>, relay=%s[%s]:25, delay=%.1f, delays=0.1/0.01/0.3/%.1f, " % (
                self.newpid(), qid, to, rh, rip % (1 + int(r * 250)), 0.5 + r, 0.1 + r)
            if r < 0.95:
                ml(t2, pre + "dsn=2.0.0, status=sent (250 2.0.0 OK  %d %x - gsmtp)" % (t2, self.rng.getrandbits(48)))
            elif r < 0.99:
                ml(t2, pre + "dsn=4.7.0, status=deferred (host %s[%s] said: 421 4.7.0 Try again later, closing "
                   "connection. (in reply to end of DATA command))" % (rh, rip % 7))
            else:
                ml(t2, pre + "dsn=5.1.1, status=bounced (host %s[%s] said: 550 5.1.1 The email account that you tried "
                   "to reach does not exist. (in reply to RCPT TO command))" % (rh, rip % 7))
                bq = self.qid()
                ml(t2, "postfix/bounce[%d]: %s: sender non-delivery notification: %s" % (self.newpid(), qid, bq))
        ml(t2, "postfix/qmgr[%d]: %s: removed" % (self.qmgr, qid))

    def sasl_fail(self, ip, host, t, svc="postfix/smtpd", user=None, n=1, fault=False):
        """One SMTP connection with n failed AUTH attempts."""
        cl = "%s[%s]" % (host, ip)
        p = "%s[%d]: " % (svc, self.smtpd_pid(self.sub_pool if "submission" in svc else self.smtpd_pool))
        ml = self.ml
        ml(t, p + "connect from " + cl)
        for i in range(n):
            ti = t + 1 + 2 * i
            if fault:
                if ml(ti, p + "warning: %s: SASL LOGIN authentication failed: Connection lost to authentication server" % cl):
                    self.rec_fault(ip, ti)
            else:
                tail = ", sasl_username=%s" % user if user else ""
                if ml(ti, p + "warning: %s: SASL LOGIN authentication failed: UGFzc3dvcmQ6%s" % (cl, tail)):
                    self.rec_fail(ip, ti)
                    self.found("postfix-sasl", ip, ti)
        te = t + 1 + 2 * n
        if self.rnd() < 0.6:
            ml(te, p + "lost connection after AUTH from " + cl)
            ml(te, p + "disconnect from %s ehlo=1 auth=0/%d commands=1/%d" % (cl, n, n + 1))
        else:
            ml(te, p + "disconnect from %s ehlo=1 auth=0/%d rset=1 quit=1 commands=3/%d" % (cl, n, n + 3))

    def dovecot_fail(self, ip, t, user, proto="imap", rip=None, unknown=False):
        rnd = self.rnd
        s = self.sid()
        rip = rip or ip
        lip = local_ip(rip)
        if self.ml(t, "dovecot: auth: passwd-file(%s,%s,<%s>): %s" % (user, rip, s, "unknown user" if unknown else "Password mismatch")):
            self.rec_fail(ip, t)
        t1 = t + 2
        r = rnd()
        if r < 0.55:
            line = "dovecot: %s-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS, session=<%s>" % (proto, user, rip, lip, s)
        elif r < 0.75:
            line = "dovecot: %s-login: Disconnected: Connection closed (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS: Connection closed, session=<%s>" % (proto, user, rip, lip, s)
        elif r < 0.9:
            line = "dovecot: %s-login: Aborted login (auth failed, 1 attempts in 2 secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS, session=<%s>" % (proto, user, rip, lip, s)
        else:
            line = "dovecot: %s-login: Disconnected: Inactivity (auth failed, 1 attempts in 180 secs): user=<%s>, method=PLAIN, rip=%s, lip=%s, TLS, session=<%s>" % (proto, user, rip, lip, s)
            t1 = t + 180
        if self.ml(t1, line):
            self.rec_fail(ip, t1)
            self.found("dovecot", ip, t1)

    # ---- actors (generators yielding their next wake-up time) -------------------------------
    def diurnal(self, t, tz=0, depth=0.6):
        h = ((t // 3600) + tz) % 24
        return 1.0 - depth + depth * 2 * (0.5 - 0.5 * math.cos((h - 2) / 24 * 2 * math.pi)) * 0.9

    def poisson_actor(self, fn, base_rate, depth):
        rnd = self.rnd
        tf = float(self.START) + rnd()
        while True:
            rate = base_rate * self.mult * self.diurnal(int(tf), 0, depth)
            tf += -math.log(1.0 - rnd()) / max(rate, 1e-9)
            t = int(tf)
            if t > self.END:
                return
            yield t
            fn(t)

    def periodic_actor(self, fn, period, jitter):
        t = self.START + int(self.rnd() * period)
        while t <= self.END:
            yield t
            fn(t)
            t += period + int(self.rnd() * jitter)

    def device_actor(self, d):
        rnd = self.rnd
        t = self.START + int(rnd() * 900)
        poll = d.poll or (600 if d.kind == "laptop" else 900)
        while True:
            if d.stop_at is not None and t >= d.stop_at:
                if d.script:
                    yield from d.script(d)
                return
            if t > self.END:
                return
            h = ((t // 3600) + d.tz) % 24
            if d.kind == "laptop" and not (7 <= h < 19):
                t += 3600 - t % 3600 + int(rnd() * 600)
                continue
            if d.kind == "laptop" and (t // 86400 + d.tz) % 7 in (2, 3) and rnd() < 0.9:  # weekend, mostly off
                t += 3600
                continue
            yield t
            r = rnd()
            self.imap_session(d, t, crash=r < 0.0008)
            if rnd() < d.submit_p:
                self.submission(d, t + 3 + int(rnd() * 120))
            t += int(poll * (0.5 + rnd()))

    def bot_actor(self, t, ip, kind, interval, attempts, persist):
        rnd = self.rnd
        host = "unknown"
        svc = "postfix/submission/smtpd" if rnd() < 0.3 else "postfix/smtpd"
        with_user = rnd() < 0.5
        n = 0
        while n < attempts and t <= self.END:
            if self.banned(ip, t):
                if not persist:
                    return
                t = self.ban_until[ip] // 1000 + 1 + int(rnd() * 900)
                continue
            yield t
            if kind == "smtp":
                k = 1 if rnd() < 0.8 else 2
                self.sasl_fail(ip, host, t, svc, self.bot_user() if with_user else None, k)
                n += k
            elif kind == "ssh":
                self.found("sshd", ip, t)
                n += 1
            else:
                self.dovecot_fail(ip, t, self.bot_user(), "imap" if rnd() < 0.8 else "pop3", unknown=rnd() < 0.6)
                n += 1
            t += max(1, int(interval * (0.4 + 1.2 * rnd())))

    def bot_user(self):
        rnd = self.rnd
        r = rnd()
        if r < 0.0005:
            return HOSTILE_USERS[int(rnd() * len(HOSTILE_USERS))]
        if r < 0.5:
            return "%s@%s" % (ROLE[int(rnd() * len(ROLE))], DOMAIN)
        if r < 0.8:
            return ROLE[int(rnd() * len(ROLE))]
        u = self.mailboxes[int(rnd() * len(self.mailboxes))]
        return u["addr"]

    def bot_ip(self):
        rnd = self.rnd
        if rnd() < 0.1:
            pre = BOT_V6[int(rnd() * len(BOT_V6))]
            return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address(pre + "::")) | self.rng.getrandbits(64)))
        return "%d.%d.%d.%d" % (BOT_V4[int(rnd() * len(BOT_V4))], int(rnd() * 256), int(rnd() * 256), 1 + int(rnd() * 254))

    def campaign(self, t):
        rnd = self.rnd
        r = rnd()
        kind = "smtp" if r < 0.6 else ("imap" if r < 0.8 else "ssh")
        ip = self.bot_ip()
        if rnd() < 0.55:  # fast: gets banned
            self.spawn(t, self.bot_actor(t, ip, kind, 4 + rnd() * 40, 5 + int(rnd() * 60), rnd() < 0.4))
        else:             # low and slow: never reaches maxretry
            self.spawn(t, self.bot_actor(t, ip, kind, 400 + rnd() * 1500, 2 + int(rnd() * 25), False))

    def anvil(self, t):
        tm = time.gmtime(t)
        self.ml(t, "postfix/anvil[%d]: statistics: max connection rate %d/60s for (smtp:%s) at %s %2d %02d:%02d:%02d"
                % (self.newpid(), 1 + int(self.rnd() * 9), "%d.%d.%d.%d" % (BOT_V4[int(self.rnd() * 10)], 7, 7, 7),
                   MON[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min, max(0, tm.tm_sec - 1)))

    # ---- planted incidents (SPEC §3 verdicts) --------------------------------------------------
    def script(self, events):
        for t, fn in sorted(events, key=KEY0):
            yield t
            fn(t)

    def plant(self):
        E, H, M = self.END, 3600, 60
        rnd = self.rnd
        P = []

        def dev(ip, login, kind, planted, **kw):
            u = self.user_by_login.get(login) or self.add_user(login)
            d = Device(ip, login, u["addr"], kind, planted=planted, **kw)
            P.append(d)
            return d

        # banned: alice's laptop self-bans on postfix-sasl after a password change; her phone keeps working.
        def alice_laptop(d):
            ev = []
            for k in range(36):  # IMAP polls every 5 minutes with the old password
                ev.append((E - 3 * H + 120 + k * 300, lambda t: None if self.banned(d.ip, t) else
                           self.dovecot_fail(d.ip, t, d.user)))
            for base in (E - 150 * M, E - 45 * M):  # two Outbox retries: 6 SASL failures in 4 minutes
                for k in range(6):
                    ev.append((base + k * 40 + 7, lambda t: None if self.banned(d.ip, t) else
                               self.sasl_fail(d.ip, d.host, t, "postfix/submission/smtpd", d.user)))
            yield from self.script(ev)
        dev("203.0.113.7", "alice@example.org", "desktop", "banned", stop_at=E - 3 * H, script=alice_laptop,
            submit_p=0.3, poll=600)
        dev("2001:db8:4a1::17", "alice@example.org", "phone", "active-other-device-of-banned", poll=600)

        # auth-failing: bob's tablet keeps the old password; one burst got it banned and unbanned.
        def bob_tablet(d):
            ev = [(E - 6 * H + 600 + k * 1200, None) for k in range(18)]
            ev += [(E - 4 * H + k * 45, None) for k in range(5)]
            ev = [(t, lambda t: None if self.banned(d.ip, t) else self.dovecot_fail(d.ip, t, d.user)) for t, _ in ev]
            yield from self.script(ev)
        dev("198.51.100.41", "bob@example.org", "desktop", "auth-failing", stop_at=E - 6 * H, script=bob_tablet)

        # server-fault (a): carol's IMAP process dies of OOM at every login.
        def carol(d):
            yield from self.script([(E - 4 * H + k * 900, lambda t: self.imap_session(d, t, oom=True)) for k in range(16)])
        dev("198.51.100.52", "carol@example.org", "desktop", "server-fault", stop_at=E - 5 * H, script=carol)

        # server-fault (b): dave's submissions hit "Connection lost to authentication server".
        def dave(d):
            yield from self.script([(E - 3 * H + k * 1200, lambda t: self.sasl_fail(d.ip, d.host, t, "postfix/submission/smtpd", fault=True))
                                    for k in range(9)])
        dev("198.51.100.63", "dave", "desktop", "server-fault", stop_at=E - 4 * H, script=dave, submit_p=0.5,
            host="dsl-63.example-isp.net")

        # moved: erin's laptop changed ISP 30 hours before the end.
        dev("198.51.100.88", "erin@example.org", "desktop", "moved", stop_at=E - 30 * H)
        late = Device("203.0.113.99", "erin@example.org", "erin@example.org", "desktop", planted="active-new-ip-of-moved")
        P.append(late)

        # no-contact: frank's phone (dual-stack Dovecot writes ::ffff:) went quiet 9 hours ago.
        dev("198.51.100.40", "frank", "phone", "no-contact", rip="::ffff:198.51.100.40", stop_at=E - 9 * H, submit_p=0.0)

        # active: grace, IPv6 laptop/desktop with submissions right up to the end.
        def grace(d):
            yield from self.script([(E - 20 * M, lambda t: self.imap_session(d, t)),
                                    (E - 3 * M, lambda t: self.submission(d, t))])
        dev("2001:db8:1f::2", "grace@example.org", "desktop", "active", stop_at=E - 30 * M, script=grace, submit_p=0.2)
        return P, late

    # ---- population ----------------------------------------------------------------------------
    def add_user(self, login):
        local = login.split("@")[0]
        r = self.rnd()
        u = {"login": login, "addr": "%s@%s" % (local, DOMAIN),
             "transport": "lmtp" if r < 0.7 else ("virtual" if r < 0.9 else "local")}
        if login == "frank":
            u["transport"] = "local"
        self.users.append(u)
        self.user_by_login[login] = u
        return u

    def client_ip(self, v6):
        rnd = self.rnd
        if v6:
            pre = CLIENT_V6[int(rnd() * len(CLIENT_V6))]
            return str(ipaddress.IPv6Address(int(ipaddress.IPv6Address(pre + "::")) | self.rng.getrandbits(72)))
        return "%d.%d.%d.%d" % (CLIENT_V4[int(rnd() * len(CLIENT_V4))], int(rnd() * 256), int(rnd() * 256), 1 + int(rnd() * 254))

    def build(self):
        rnd = self.rnd
        days = self.args.days
        self.users, self.user_by_login = [], {}
        per_day = self.target / max(days, 1)
        n_users = max(8, int(per_day / 400_000))
        names = set()
        for i in range(n_users):
            while True:
                local = "%s.%s" % (FIRST[int(rnd() * len(FIRST))], LAST[int(rnd() * len(LAST))])
                if len(names) > len(FIRST) * len(LAST) // 2:
                    local += str(i)
                if local not in names:
                    break
            names.add(local)
            self.add_user(local if rnd() < 0.2 else "%s@%s" % (local, DOMAIN))
        devices = []
        used = set()
        for u in list(self.users):
            kinds = ["phone"] + (["laptop"] if rnd() < 0.7 else []) + (["desktop"] if rnd() < 0.15 else [])
            for kind in kinds:
                while True:
                    ip = self.client_ip(rnd() < 0.15)
                    if ip not in used:
                        break
                used.add(ip)
                host = "unknown" if rnd() < 0.6 else "dyn-%s.example-isp.net" % ip.replace(".", "-").replace(":", "-")
                devices.append(Device(ip, u["login"], u["addr"], kind, proto="pop3" if rnd() < 0.08 else "imap",
                                      host=host, tz=int(rnd() * 3) - 1, submit_p=0.02 + rnd() * 0.06))
        planted, late = self.plant()
        # shared mailboxes (no device of their own)
        for r in ("info", "office", "sales", "support"):
            self.add_user("%s@%s" % (r, DOMAIN))
        self.mailboxes = list(self.users)
        self.devices = planted + devices
        for d in self.devices:
            self.dev_ips.add(d.ip)
        for d in self.devices:
            if d is late:
                self.spawn(self.END - 29 * 3600, self.late_actor(d))
            else:
                self.spawn(self.START, self.device_actor(d))
        # bulk traffic, rates at mult 1.0 tuned so the size controller starts close
        dev_bytes = len(devices) * days * 45_000
        bulk = max(self.target - dev_bytes, self.target * 0.25) / (days * 86400)
        self.rate_in = 0.55 * bulk / 1500
        self.spawn(self.START, self.poisson_actor(self.inbound, self.rate_in, 0.5))
        self.spawn(self.START, self.poisson_actor(self.reject, 0.14 * bulk / 560, 0.2))
        self.spawn(self.START, self.poisson_actor(self.campaign, 0.26 * bulk / 6000, 0.1))
        self.spawn(self.START, self.periodic_actor(self.local_cron, 3600, 120))
        self.spawn(self.START, self.periodic_actor(self.anvil, 2400, 1200))
        self.spawn(self.START + days * 86400 // 3 + 3 * 3600 + 1500, self.f2b_restart_actor(self.START + days * 86400 // 3 + 3 * 3600 + 1500))
        self.spawn(self.END, self.final_actor())

    def late_actor(self, d):
        yield from self.device_actor_from(d, self.END - 29 * 3600)

    def device_actor_from(self, d, t0):
        rnd = self.rnd
        t = t0
        while t <= self.END:
            yield t
            self.imap_session(d, t)
            if rnd() < 0.05:
                self.submission(d, t + 10)
            t += int(600 * (0.5 + rnd()))

    def final_actor(self):
        yield self.END
        self.ml(self.END, "postfix/anvil[%d]: statistics: max cache size 4 at %s" % (
            self.newpid(), time.strftime("%b %e %H:%M:%S", time.gmtime(self.END))))

    # ---- main loop -------------------------------------------------------------------------------
    def segments(self, name):
        S, E, days = self.START, self.END, self.args.days
        if not self.args.rotate:
            return [(S, name, False, None)]
        if name == "maillog":
            cuts = [S + k * 86400 + 3 * 3600 + 25 * 60 for k in range(1, days)]
            segs = []
            bounds = [S] + cuts
            for i, b in enumerate(bounds):
                newest = len(bounds) - 1 - i
                if newest == 0:
                    segs.append((b, "maillog", False, None))
                elif newest == 1:
                    segs.append((b, "maillog.1", False, None))
                else:
                    rot = time.strftime("%Y%m%d", time.gmtime(bounds[i + 1]))
                    segs.append((b, "maillog-%s.gz" % rot, True, None))
            return segs
        third = (E - S) // 3 // 60 * 60
        return [(S, "fail2ban.log.2.gz", True, S + third // 2 // 60 * 60),
                (S + third, "fail2ban.log.1", False, None),
                (S + 2 * third, "fail2ban.log", False, None)]

    def flush_ml(self, k):
        b = self.mb.pop(k, None)
        if not b:
            return
        b.sort(key=KEY0)
        base = k * 60
        tm = time.gmtime(base)
        p = "%s %2d %02d:%02d:" % (MON[tm.tm_mon - 1], tm.tm_mday, tm.tm_hour, tm.tm_min)
        pre = ["%s%02d %s " % (p, s, HOST) for s in range(60)]
        self.mlw.write(base, [pre[t - base] + x for t, x in b])

    def flush_fb(self, k):
        b = self.fb.pop(k, None)
        if not b:
            return
        b.sort(key=KEY0)
        base = k * 60000
        p = time.strftime("%Y-%m-%d %H:%M:", time.gmtime(k * 60))
        pid = [p for ms, p in self.fpids if ms <= base][-1]
        later = [(ms, p) for ms, p in self.fpids if ms > base]
        cache = {}
        out = []
        for ms, lg, text in b:
            if later and ms >= later[0][0]:
                pid = later.pop(0)[1]
                cache = {}
            pr = cache.get(lg)
            if pr is None:
                name, lvl = LOGGERS[lg]
                pr = cache[lg] = "%-24s[%d]: %-7s " % (name, pid, lvl)
            off = ms - base
            out.append("%s%02d,%03d %s%s" % (p, off // 1000, off % 1000, pr, text))
        self.fbw.write(k * 60, out)

    def run(self):
        a = self.args
        self.mlw = LogWriter(a.out, self.segments("maillog"), a.overlap)
        self.fbw = LogWriter(a.out, self.segments("fail2ban.log"), a.overlap)
        self.build()
        self.f2b_start(self.START * 1000 + 512, False)
        heap = self.heap
        pop, push = heapq.heappop, heapq.heappush
        done_k = self.START // 60 - 1
        next_ctl = self.START + 3600
        span = self.END - self.START + 1
        w = [self.diurnal(self.START + h * 3600, 0, 0.5) for h in range((span + 3599) // 3600)]
        suffix = [0.0] * (len(w) + 1)
        for i in range(len(w) - 1, -1, -1):
            suffix[i] = suffix[i + 1] + w[i]
        acc_mw, last_h = 0.0, 0
        prog = sys.stderr.isatty() and not a.quiet
        while heap:
            t, _, g = pop(heap)
            k = t // 60
            if k - 1 > done_k:
                for kk in range(done_k + 1, k):
                    self.flush_ml(kk)
                    self.flush_fb(kk)
                done_k = k - 1
                if t >= next_ctl:  # size controller: spread the remaining byte budget over the remaining hours
                    h = min((t - self.START) // 3600, len(w))
                    acc_mw += self.mult * sum(w[last_h:h])
                    last_h = h
                    have = self.mlw.bytes
                    rest = suffix[h] if h < len(w) else 0.0
                    if have > 0 and rest > 0 and acc_mw > 0:
                        want = (self.target - have) / (have / acc_mw * rest)
                        self.mult = min(50.0, max(0.02, min(self.mult * 1.3, max(self.mult / 1.3, want))))
                    next_ctl = t + 3600
                    if prog:
                        sys.stderr.write("\r%5.1f%%  %d MiB" % (100 * (t - self.START) / span, self.mlw.bytes >> 20))
            try:
                nt = next(g)
            except StopIteration:
                continue
            self.seq += 1
            push(heap, (nt, self.seq, g))
        for kk in range(done_k + 1, self.END // 60 + 1):
            self.flush_ml(kk)
            self.flush_fb(kk)
        self.mlw.close()
        self.fbw.close()
        if prog:
            sys.stderr.write("\r" + " " * 30 + "\r")

    # ---- expected verdicts (SPEC §3, --silence 1h) -------------------------------------------
    def verdicts(self):
        E = self.END
        out = []
        planted = {}
        for d in self.devices:
            planted.setdefault(d.ip, d.planted)
        for ip in sorted(self.auth_users, key=lambda s: (":" in s, ipaddress.ip_address(s))):
            users = sorted(self.auth_users[ip])
            last = self.last_ok.get(ip)
            if last is not None and E - last <= SILENCE:
                v = "active"
            elif any(end is None for _, _, end in self.bans.get(ip, [])):
                v = "banned"
            elif self.last_fail.get(ip, -1) > (last if last is not None else -1):
                v = "auth-failing"
            elif self.last_fault.get(ip, -1) > (last if last is not None else -1):
                v = "server-fault"
            elif any(t > (last if last is not None else -1) for u in users
                     for oip, t in self.user_ip_ok.get(u, {}).items() if oip != ip):
                v = "moved"
            else:
                v = "no-contact"
            dws = 0
            if v != "active":
                rcpts = {a for a, u in ((u["addr"], u) for u in self.users)
                         if any(a == x or a.split("@")[0] == x for x in users)}
                lo = last if last is not None else -1
                dws = sum(1 for a in rcpts for t in self.deliv.get(a, ()) if t > lo)
            out.append({"ip": ip, "users": users, "verdict": v,
                        "lastSeen": iso(last) if last is not None else None,
                        "deliveredWhileSilent": dws,
                        "bans": [{"jail": j, "start": iso(s / 1000), "end": iso(e / 1000) if e else None}
                                 for j, s, e in self.bans.get(ip, [])],
                        "planted": planted.get(ip)})
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="100M", help="approximate bytes of maillog (all rotations), e.g. 100M, 1G")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="out")
    ap.add_argument("--start", default="2026-06-01", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--rotate", action="store_true", help="write logrotate-style rotations")
    ap.add_argument("--overlap", type=int, default=0,
                    help="with --rotate: repeat the last N lines of each rotated file at the start of the next (copytruncate)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    a.size = parse_size(a.size)
    if a.days < 2:
        ap.error("--days must be at least 2 (the planted incidents span 30 hours)")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    g = Gen(a)
    g.run()
    devs = g.verdicts()
    planted = {}
    for d in devs:
        if d["planted"]:
            planted.setdefault(d["planted"], []).append(d["ip"])
    exp = {"window_end": iso(g.END), "timezone": "UTC", "silence": "1h", "seed": a.seed, "size": a.size,
           "start": iso(g.START), "files": g.mlw.files + g.fbw.files,
           "planted": planted,
           "devices": devs}
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump(exp, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if not a.quiet:
        counts = {}
        for d in devs:
            counts[d["verdict"]] = counts.get(d["verdict"], 0) + 1
        print("maillog %d bytes, %d devices %s, %.1fs -> %s" % (g.mlw.bytes, len(devs), counts, time.time() - t0, a.out),
              file=sys.stderr)


if __name__ == "__main__":
    main()
