#!/usr/bin/env bash
# race.sh — race jailtrace against baseline tools on the same log file, interleaved rounds, medians.
#
#   race.sh [-n ROUNDS] [--gz FILE.gz] [--cmd 'JT events --format jsonl FILE']...
#           [--tool 'fail2ban-regex FILE postfix[mode=auth]']... FILE
#
# FILE is a plain log or a .gz. Baselines: `cat FILE`, `wc -l FILE`, `rg -c -f PATTERNS FILE`
# (6 patterns, one per rule family; `rg -z` for .gz; skipped with a note when rg is absent) and
# `gzip -dc` of FILE (when it is a .gz) or of --gz FILE.gz. Each --cmd is a jailtrace command in
# which the words JT and FILE become the binary ($JAILTRACE, default .build/release/jailtrace)
# and the input file. Each --tool is another program's command line (FILE becomes the input),
# raced the same way and skipped with a note when the program is absent. All stdout goes to
# /dev/null.
#
# Per tool: median wall time over ROUNDS (default 5; one warm-up `cat` first so the file is in
# the page cache), MiB/s of the uncompressed input (of the compressed bytes for `cat` of a .gz),
# peak RSS over all rounds (GNU /usr/bin/time -f %M, else python3's
# resource.getrusage(RUSAGE_CHILDREN)), and the ratio of its median to cat's and to rg's.
# Prints a markdown table. Needs bash, python3 and coreutils; rg and gzip are optional.
# Env: JAILTRACE (binary), RG (rg binary; RG=none skips it), RACE_RSS=python (force the fallback).
set -euo pipefail

usage() { sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 2; }

rounds=5
gz=""
cmds=()
tools=()
file=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        -n|--rounds) rounds="${2:?}"; shift 2 ;;
        --gz) gz="${2:?}"; shift 2 ;;
        --cmd) cmds+=("${2:?}"); shift 2 ;;
        --tool) tools+=("${2:?}"); shift 2 ;;
        -h|--help) usage ;;
        -*) echo "race.sh: unknown option $1" >&2; exit 2 ;;
        *) [[ -z "$file" ]] || { echo "race.sh: one FILE only" >&2; exit 2; }; file="$1"; shift ;;
    esac
done
[[ -n "$file" ]] || usage
[[ -r "$file" ]] || { echo "race.sh: cannot read $file" >&2; exit 2; }
[[ -z "$gz" || -r "$gz" ]] || { echo "race.sh: cannot read $gz" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "race.sh: -n wants a positive integer" >&2; exit 2; }

jt="${JAILTRACE:-.build/release/jailtrace}"
work="$(mktemp -d "${TMPDIR:-/tmp}/race.XXXXXX")"
trap 'rm -rf "$work"' EXIT
notes=()

is_gz() { [[ "$(head -c 2 "$1" | od -An -tx1 | tr -d ' \n')" == "1f8b" ]]; }

# Patterns: one per rule family.
patterns="$work/patterns.txt"
cat > "$patterns" <<'EOF'
SASL [A-Za-z0-9-]+ authentication failed
(smtpd|postscreen)\[[0-9]+\]: (connect|disconnect) from
: to=<[^>]*>,.* status=(sent|deferred|bounced)
-login: (Login|Logged in): user=<
\(auth failed|Login aborted:|Password mismatch|unknown user|pam_authenticate\(\) failed
\] (Restore |Re)?[Bb]an [0-9A-Fa-f.:]+
EOF

q() { printf '%q' "$1"; }
qf="$(q "$file")"

labels=()
lines=()
bytes_of=()   # input bytes for MiB/s, per tool

if is_gz "$file"; then
    ubytes="$(gzip -dc "$file" | wc -c)"
    labels+=("cat (compressed bytes)"); lines+=("cat $qf"); bytes_of+=("$(wc -c < "$file")")
    labels+=("gzip -dc"); lines+=("gzip -dc $qf"); bytes_of+=("$ubytes")
    rgflag="-z "
else
    ubytes="$(wc -c < "$file")"
    labels+=("cat"); lines+=("cat $qf"); bytes_of+=("$ubytes")
    labels+=("wc -l"); lines+=("wc -l $qf"); bytes_of+=("$ubytes")
    rgflag=""
    if [[ -n "$gz" ]]; then
        gzbytes="$(gzip -dc "$gz" | wc -c)"
        labels+=("gzip -dc (--gz)"); lines+=("gzip -dc $(q "$gz")"); bytes_of+=("$gzbytes")
    fi
fi
rg="${RG:-rg}"
if command -v "$rg" >/dev/null 2>&1; then
    labels+=("rg -c -f patterns"); lines+=("$(q "$rg") ${rgflag}-c -f $(q "$patterns") $qf"); bytes_of+=("$ubytes")
else
    notes+=("rg not found: the rg baseline and the × rg column are skipped")
fi

for c in "${cmds[@]+"${cmds[@]}"}"; do
    if [[ ! -x "$jt" ]]; then
        notes+=("jailtrace binary $jt not executable (set JAILTRACE): skipped '$c'")
        continue
    fi
    words=()
    read -ra words <<< "$c"
    out=""
    for w in "${words[@]}"; do
        case "$w" in
            JT) out+="$(q "$jt") " ;;
            FILE) out+="$qf " ;;
            *) out+="$w " ;;
        esac
    done
    labels+=("jailtrace ${c#JT }"); lines+=("$out"); bytes_of+=("$ubytes")
done

for c in "${tools[@]+"${tools[@]}"}"; do
    words=()
    read -ra words <<< "$c"
    if ! command -v "${words[0]}" >/dev/null 2>&1; then
        notes+=("${words[0]} not found: skipped '$c'")
        continue
    fi
    out=""
    for w in "${words[@]}"; do
        if [[ "$w" == FILE ]]; then out+="$qf "; else out+="$(q "$w") "; fi
    done
    labels+=("$c"); lines+=("$out"); bytes_of+=("$ubytes")
done

if [[ "${RACE_RSS:-}" != python ]] && [[ -x /usr/bin/time ]] && /usr/bin/time -f %M -o "$work/probe" true 2>/dev/null; then
    rss_mode="/usr/bin/time -f %M"
else
    rss_mode="python3 resource.getrusage(RUSAGE_CHILDREN)"
    notes+=("peak RSS from python's getrusage has a floor of the python wrapper's own size (the child inherits its high-water mark until exec)")
fi

now() { if [[ -n "${EPOCHREALTIME:-}" ]]; then echo "${EPOCHREALTIME/,/.}"; else date +%s.%N; fi; }

# measure LINE -> prints "wall_seconds rss_kib rc"
measure() {
    local line="$1" t0 t1 rc rss
    if [[ "$rss_mode" == /usr/bin/time* ]]; then
        t0="$(now)"
        set +e
        /usr/bin/time -f %M -o "$work/rss" bash -c "$line" > /dev/null 2>> "$work/stderr"
        rc=$?
        set -e
        t1="$(now)"
        rss="$(tail -n 1 "$work/rss" 2>/dev/null || echo 0)"
        [[ "$rss" =~ ^[0-9]+$ ]] || rss=0
        echo "$(python3 -c "print(f'{$t1 - $t0:.6f}')") $rss $rc"
    else
        python3 -S - "$line" 2>> "$work/stderr" <<'EOF'
import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(["bash", "-c", sys.argv[1]], stdout=subprocess.DEVNULL).returncode
w = time.perf_counter() - t
print(f"{w:.6f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {rc}")
EOF
    fi
}

cat "$file" > /dev/null   # warm the page cache
[[ -z "$gz" ]] || cat "$gz" > /dev/null

results="$work/results.tsv"
: > "$results"
for ((r = 1; r <= rounds; r++)); do
    for i in "${!lines[@]}"; do
        [[ ! -t 2 ]] || printf '\rround %d/%d: %-40.40s' "$r" "$rounds" "${labels[$i]}" >&2
        read -r wall rss rc < <(measure "${lines[$i]}")
        printf '%s\t%s\t%s\t%s\t%s\n' "$i" "$r" "$wall" "$rss" "$rc" >> "$results"
    done
done
[[ ! -t 2 ]] || printf '\r%60s\r' '' >&2

rgver="$(command -v "$rg" >/dev/null 2>&1 && "$rg" --version | sed -n 1p || echo absent)"   # sed reads it all: no SIGPIPE under pipefail
{
    printf '%s\n' "${labels[@]}" > "$work/labels"
    printf '%s\n' "${bytes_of[@]}" > "$work/bytes"
    printf '%s\n' "${lines[@]}" > "$work/lines"
    printf '%s\n' "${notes[@]+"${notes[@]}"}" > "$work/notes"
}
python3 - "$work" "$file" "$ubytes" "$rounds" "$rss_mode" "$rgver" <<'EOF'
import os, platform, statistics, sys, time
work, path, ubytes, rounds, rss_mode, rgver = sys.argv[1:7]
labels = open(os.path.join(work, "labels")).read().splitlines()
nbytes = [int(x) for x in open(os.path.join(work, "bytes")).read().splitlines()]
notes = [n for n in open(os.path.join(work, "notes")).read().splitlines() if n]
walls, rss, rcs = {}, {}, {}
for row in open(os.path.join(work, "results.tsv")):
    i, r, w, m, rc = row.split("\t")
    i = int(i)
    walls.setdefault(i, []).append(float(w))
    rss[i] = max(rss.get(i, 0), int(m))
    rcs.setdefault(i, set()).add(int(rc))
med = {i: statistics.median(v) for i, v in walls.items()}
cat_i = next((i for i, l in enumerate(labels) if l.startswith("cat")), None)
rg_i = next((i for i, l in enumerate(labels) if l.startswith("rg ")), None)
print(f"### race: `{path}` — {int(ubytes) / 2**20:.1f} MiB, median of {rounds} interleaved rounds")
print()
print(f"{time.strftime('%Y-%m-%d %H:%M')} · {platform.machine()} · {os.cpu_count()} CPUs · "
      f"{platform.system()} {platform.release()} · rg: {rgver} · peak RSS via {rss_mode}")
print()
print("| tool | median s | MiB/s | peak RSS MiB | × cat | × rg | exit |")
print("|---|---:|---:|---:|---:|---:|---|")
for i, l in enumerate(labels):
    m = med[i]
    mibs = nbytes[i] / 2**20 / m if m > 0 else float("inf")
    xc = f"{m / med[cat_i]:.2f}" if cat_i is not None and med[cat_i] > 0 else "–"
    xr = f"{m / med[rg_i]:.2f}" if rg_i is not None and med[rg_i] > 0 else "–"
    ex = ",".join(str(x) for x in sorted(rcs[i]))
    name = l.replace("|", "\\|")
    print(f"| {name} | {m:.3f} | {mibs:.0f} | {rss[i] / 1024:.1f} | {xc} | {xr} | {ex} |")
if notes:
    print()
    for n in notes:
        print(f"- {n}")
bad = [labels[i] for i in rcs if rcs[i] - {0}]
if bad:
    print()
    print("- non-zero exit (stderr kept below): " + ", ".join(bad))
EOF
if [[ -s "$work/stderr" ]]; then
    echo
    echo "stderr of the runs (last 20 lines):"
    tail -n 20 "$work/stderr" | sed 's/^/    /'
fi
