#!/usr/bin/env python3
"""Checks jailtrace's verdicts on a generated set against the generator's expected.json.

    check_expected.py SET_DIR [JAILTRACE]

Runs `JAILTRACE explain --tz UTC --format json SET_DIR` (default: the repository's
.build/release/jailtrace) and
compares every expected device's verdict, users, lastSeen and deliveredWhileSilent, and that no
unexpected device appears. Prints one line per mismatch (at most 20) and a summary; exit 1 on any
mismatch."""
import json, os, subprocess, sys

def main():
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    set_dir = sys.argv[1]
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    jt = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, ".build/release/jailtrace")
    expected = json.load(open(f"{set_dir}/expected.json"))
    out = subprocess.run([jt, "explain", "--tz", "UTC", "--silence", expected.get("silence", "1h"),
                          "--format", "json", set_dir], capture_output=True, text=True)
    if out.returncode not in (0, 3):
        print(out.stderr, file=sys.stderr)
        return 1
    got = {d["ip"]: d for d in json.loads(out.stdout)["devices"]}
    want = {d["ip"]: d for d in expected["devices"]}
    problems = []
    for ip, w in want.items():
        g = got.get(ip)
        if g is None:
            problems.append(f"{ip}: expected device missing")
            continue
        for key in ("verdict", "lastSeen", "deliveredWhileSilent"):
            if g[key] != w[key]:
                problems.append(f"{ip}: {key} {g[key]!r}, expected {w[key]!r}")
        if sorted(g["users"]) != sorted(w["users"]):
            problems.append(f"{ip}: users {g['users']}, expected {w['users']}")
    for ip in got.keys() - want.keys():
        problems.append(f"{ip}: unexpected device ({got[ip]['verdict']})")
    for p in problems[:20]:
        print(p)
    verdicts = {}
    for w in want.values():
        verdicts[w["verdict"]] = verdicts.get(w["verdict"], 0) + 1
    print(f"{len(want)} devices expected ({', '.join(f'{n} {v}' for v, n in sorted(verdicts.items()))}); "
          f"{len(got)} found; {len(problems)} mismatch(es)")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
