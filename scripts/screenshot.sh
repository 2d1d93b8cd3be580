#!/usr/bin/env bash
# Renders the bundled incident as HTML with the built jailtrace and photographs the pages with
# headless Chromium: docs/report.png (`report`) and docs/explain.png (`explain`), 1280 px wide.
#   scripts/screenshot.sh                    # builds in .build if needed
#   JAILTRACE_SCRATCH=.build-x scripts/screenshot.sh
# Needs the Debian package `chromium` (JAILTRACE_BROWSER=1 scripts/install-deps installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${JAILTRACE_SCRATCH:-.build}"
fixture="Fixtures/scenarios/incident-laptop-self-ban"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
    echo "screenshot.sh: chromium not found (install it: JAILTRACE_BROWSER=1 scripts/install-deps)" >&2
    exit 2
fi
swift build --scratch-path "$scratch" --product jailtrace >/dev/null
bin="$scratch/debug/jailtrace"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs
"$bin" report --tz UTC --format html --output "$tmp/report.html" "$fixture"
"$bin" explain --tz UTC --format html --output "$tmp/explain.html" "$fixture"
for page in report explain; do
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$tmp/profile" --screenshot="docs/$page.png" --window-size=1280,1600 \
        "file://$tmp/$page.html" >/dev/null 2>&1
    echo "docs/$page.png"
done
