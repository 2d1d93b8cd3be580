-- A fail2ban 0.11+ database (schema version 4), written for jailtrace's tests:
-- sqlite3 Fixtures/databases/fail2ban-v4.sqlite3 < Fixtures/databases/fail2ban-v4.sql
CREATE TABLE fail2banDb(version INTEGER);
INSERT INTO fail2banDb VALUES(4);
CREATE TABLE jails(name TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL DEFAULT 1);
INSERT INTO jails VALUES('postfix-sasl', 1), ('dovecot', 1);
CREATE TABLE logs(jail TEXT NOT NULL, path TEXT, firstlinemd5 TEXT, lastfilepos INTEGER DEFAULT 0, FOREIGN KEY(jail) REFERENCES jails(name) ON DELETE CASCADE, UNIQUE(jail, path), UNIQUE(jail, path, firstlinemd5));
CREATE TABLE bans(jail TEXT NOT NULL, ip TEXT, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, FOREIGN KEY(jail) REFERENCES jails(name));
CREATE INDEX bans_jail_timeofban_ip ON bans(jail, timeofban);
CREATE INDEX bans_jail_ip ON bans(jail, ip);
CREATE INDEX bans_ip ON bans(ip);
CREATE TABLE bips(ip TEXT NOT NULL, jail TEXT NOT NULL, timeofban INTEGER NOT NULL, bantime INTEGER NOT NULL, bancount INTEGER NOT NULL default 1, data JSON, PRIMARY KEY(ip, jail), FOREIGN KEY(jail) REFERENCES jails(name));
-- 2026-06-05 14:04:21 UTC: the laptop's fifth failure; banned for a day (still in force at 18:00).
INSERT INTO bans VALUES('postfix-sasl', '198.51.100.23', 1780668261, 86400, 1, '{"matches": ["Jun  5 14:04:21 mx postfix/submission/smtpd[2211]: warning: laptop.example.net[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=bob@example.org"], "failures": 5}');
-- 2026-06-05 08:00:00 UTC: a one-hour ban long over by the end of the logs.
INSERT INTO bans VALUES('dovecot', '203.0.113.50', 1780646400, 3600, 2, '{"matches": [], "failures": 3}');
-- a row with a broken address is skipped with a warning
INSERT INTO bans VALUES('dovecot', 'not-an-ip', 1780646400, 3600, 1, NULL);
INSERT INTO bips VALUES('198.51.100.23', 'postfix-sasl', 1780668261, 86400, 1, NULL);
