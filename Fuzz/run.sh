#!/usr/bin/env bash
# Builds the libFuzzer targets (ASan + fuzzer, debug) and runs each for a bounded time, one after
# the other. Usage: Fuzz/run.sh [TARGET...]   (default: all four)
#   SECONDS_PER_TARGET=600  run time per target
#   SKIP_BUILD=1            reuse the last build (when several run.sh run side by side)
#   NICE=10                 niceness of the fuzzers
#   KEEP_GOING=1            libFuzzer fork mode (-fork=1 -ignore_crashes=1 …): keep fuzzing after a
#                           crash for the whole time and collect every crash input (default: stop
#                           at the first crash, as plain libFuzzer does)
#   FUZZ_JOBS_DIR=…         where corpora and logs go (default Fuzz/.build-fuzz, ignored by git)
# Crash/timeout/OOM inputs are saved under Fixtures/fuzz-regressions/<target>/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$here"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzLine FuzzDecompress FuzzJailConfig FuzzPipeline)
seconds="${SECONDS_PER_TARGET:-600}"
work="${FUZZ_JOBS_DIR:-$here/.build-fuzz}"
regressions="$repo/Fixtures/fuzz-regressions"

# `--sanitize fuzzer --sanitize address` alone hands swiftc two separate `-sanitize=` options and the
# last one wins (ASan without coverage counters: libFuzzer then fuzzes blind, "Is the code
# instrumented for coverage?"); the extra `-sanitize=fuzzer,address` restores both.
build=(swift build -c debug --sanitize fuzzer --sanitize address
       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    "${build[@]}" 2>&1 \
        | grep -v 'ld.gold: warning: Cannot export local symbol' | tail -n 20
fi
bin="$("${build[@]}" --show-bin-path)"

# Seed corpora, made at run time from the fixtures (never committed).
mkdir -p "$work"
python3 "$here/seeds/make-seeds.py" "$repo" "$work/seeds"

export SWIFT_BACKTRACE=enable=no   # Swift's backtracer reports false errors under libFuzzer and can hang
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1}"

for t in "${targets[@]}"; do
    case "$t" in
        FuzzLine) max_len=4096 ;;
        FuzzJailConfig) max_len=16384 ;;
        *) max_len=65536 ;;
    esac
    corpus="$work/corpus/$t"
    artifacts="$regressions/$t"
    log="$work/$t.log"
    mkdir -p "$corpus" "$artifacts"
    marker="$work/.start-$t"; touch "$marker"
    echo "== $t: ${seconds}s, -max_len=$max_len, log $log"
    mode=()
    [ "${KEEP_GOING:-0}" = 1 ] && mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    status=0
    nice -n "${NICE:-10}" "$bin/$t" "${mode[@]}" -max_total_time="$seconds" -max_len="$max_len" \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "$work/seeds/$t" >"$log" 2>&1 || status=$?
    execs=$(grep -a '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}' || true)
    rate=$(grep -a '^stat::average_exec_per_sec:' "$log" | tail -1 | awk '{print $2}' || true)
    if [ -z "$execs" ]; then   # fork mode prints no stat:: lines: take the parent's last status line
        last=$(grep -a -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
        execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
        elapsed=$(sed -E 's/.* time: ([0-9]+)s.*/\1/' <<<"$last")
        [ -n "$execs" ] && [ "${elapsed:-0}" -gt 0 ] && rate=$((execs / elapsed))
        echo "    (fork mode: $(sed -E 's/.*(oom\/timeout\/crash: [0-9\/]+).*/\1/' <<<"$last"))"
    fi
    found=$(find "$artifacts" -maxdepth 1 -type f -newer "$marker" \
            \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    echo "$t: exit $status, exec/s ${rate:-?}, total executions ${execs:-?}, findings $found, corpus $(ls "$corpus" | wc -l) units"
    if [ "$found" -gt 0 ]; then
        find "$artifacts" -maxdepth 1 -type f -newer "$marker" | sed "s#^$repo/#    #"
        grep -a -m1 -E '^==[0-9]+==|ERROR: libFuzzer|Fatal error' "$log" | sed 's/^/    /' || true
    else
        rmdir "$artifacts" 2>/dev/null || true
        rmdir "$regressions" 2>/dev/null || true
    fi
done
