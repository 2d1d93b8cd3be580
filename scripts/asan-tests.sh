#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (a separate build folder, .build-asan).
# Kept out of .ci/run for time: a sanitized build of everything takes several minutes here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps
export SWIFT_BACKTRACE=enable=no   # Swift's backtracer and ASan's reports do not mix
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
swift build --build-tests --sanitize address --scratch-path .build-asan
swift test --skip-build --sanitize address --scratch-path .build-asan "$@"
