#!/usr/bin/env bash
# Replays saved crash inputs and groups them by failure: the Swift fatal error (or sanitizer
# report) and the first jailtrace frame. Usage: Fuzz/triage.sh [TARGET...]  (default: every
# directory under Fixtures/fuzz-regressions). Needs a build made by run.sh.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$here"
bin="$(swift build -c debug --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
       -Xswiftc -parse-as-library --show-bin-path)"
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for d in "$repo"/Fixtures/fuzz-regressions/*/; do [ -d "$d" ] && targets+=("$(basename "$d")"); done
fi
for t in "${targets[@]}"; do
    for f in "$repo/Fixtures/fuzz-regressions/$t"/*; do
        [ -f "$f" ] || continue
        out="$("$bin/$t" -runs=1 -timeout="${TIMEOUT:-10}" -rss_limit_mb=2048 "$f" 2>&1)"
        what="$(grep -a -m1 -E 'Fatal error|runtime failure|ERROR: AddressSanitizer|ERROR: libFuzzer: timeout|out-of-memory' <<<"$out" \
                | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //; s/==[0-9]+==//')"
        where="$(grep -a -m1 -E '/Sources/(JailTrace|LogInput|PCRE2)/' <<<"$out" | sed -E 's/.* (\/[^ ]+:[0-9]+:[0-9]+).*/\1/; s#.*/Sources/#Sources/#')"
        printf '%s\t%s\t%s\t%s\n' "$t" "${where:-?}" "${what:-no crash now}" "$(basename "$f")"
    done
done | sort | awk -F'\t' '{ k = $1 "\t" $2 "\t" $3; n[k]++; if (!(k in ex)) ex[k] = $4 }
    END { for (k in n) printf "%s\t%d input(s), e.g. %s\n", k, n[k], ex[k] }' | sort
