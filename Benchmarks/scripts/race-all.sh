#!/usr/bin/env bash
# race-all.sh — the whole race of the speed issue in one run, on the generated set:
#   1. the 1 GiB maillog: cat, wc -l, gzip -dc of its .gz, rg -c -f (6 patterns), jailtrace
#      report/explain/events;
#   2. the same maillog gzipped, one file: jailtrace report against gzip -dc;
#   3. a 100 MB slice of it: fail2ban-regex (one filter), pflogsumm, jailtrace report.
# Usage: race-all.sh [-n ROUNDS] [SET_DIR]   (SET_DIR from generate_logs.py; default
# /tmp/jailtrace-bench, made with --size 1G --seed 1 when missing). Prints markdown tables.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
if [[ "${1:-}" == -n ]]; then rounds="${2:?}"; shift 2; fi
dir="${1:-/tmp/jailtrace-bench}"
if [[ ! -s "$dir/maillog" ]]; then
    python3 "$here/../generator/generate_logs.py" --size 1G --seed 1 --out "$dir" --quiet
fi
gzdir="$dir-gz"
if [[ ! -s "$gzdir/maillog.gz" || "$gzdir/maillog.gz" -ot "$dir/maillog" ]]; then
    mkdir -p "$gzdir" && gzip -6 -c "$dir/maillog" > "$gzdir/maillog.gz"
fi
slice="$dir-slice/maillog"
if [[ ! -s "$slice" ]]; then
    mkdir -p "$dir-slice"
    head -c 100000000 "$dir/maillog" | sed '$d' > "$slice"   # whole lines only
fi
"$here/race.sh" -n "$rounds" --gz "$gzdir/maillog.gz" \
    --cmd 'JT report --tz UTC --format json FILE' --cmd 'JT explain --tz UTC --format json FILE' \
    --cmd 'JT events --tz UTC --format jsonl FILE' "$dir/maillog"
echo
"$here/race.sh" -n "$rounds" --cmd 'JT report --tz UTC --format json FILE' "$gzdir/maillog.gz"
echo
"$here/race.sh" -n "$rounds" --cmd 'JT report --tz UTC --format json FILE' \
    --tool 'fail2ban-regex FILE postfix[mode=auth]' --tool 'pflogsumm FILE' "$slice"
