#!/usr/bin/env bash
# Generates the benchmark logs (deterministic: same seed, same bytes) if missing, then runs the
# ordo-one benchmarks. Usage: Benchmarks/scripts/bench.sh [SIZE]   (default 1G)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
size="${1:-1G}"
dir="${JAILTRACE_BENCH_DIR:-/tmp/jailtrace-bench}"
if [ ! -s "$dir/maillog" ] || [ "$(cat "$dir/.size" 2>/dev/null)" != "$size" ]; then
    rm -rf "$dir"
    python3 "$here/generator/generate_logs.py" --size "$size" --seed 1 --out "$dir" --quiet
    echo "$size" > "$dir/.size"
fi
if [ ! -s "$dir-gz/maillog.gz" ] || [ "$dir-gz/maillog.gz" -ot "$dir/maillog" ]; then
    mkdir -p "$dir-gz" && gzip -6 -c "$dir/maillog" > "$dir-gz/maillog.gz"
fi
cd "$here"
JAILTRACE_BENCH_DIR="$dir" swift package --disable-sandbox benchmark --format markdown "${@:2}"
