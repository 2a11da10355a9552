#!/usr/bin/env bash
# Fuzz parse()/parse_bytes() for a given time, keeping a corpus.
#   fuzz/run.sh [seconds] [extra libFuzzer flags...]
# New inputs go to fuzz/corpus/ (gitignored); fuzz/seeds/ is read-only seed material.
# Crashes/hangs go to $FUZZ_ARTIFACTS (default /tmp/reviewparse-fuzz-artifacts/).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-$root/.venv/bin/python}"
seconds="${1:-60}"
shift || true
artifacts="${FUZZ_ARTIFACTS:-/tmp/reviewparse-fuzz-artifacts}"
mkdir -p "$here/corpus" "$artifacts"
exec "$python" "$here/fuzz_parse.py" "$here/corpus" "$here/seeds" \
    -max_total_time="$seconds" \
    -dict="$here/page.dict" \
    -max_len=8192 \
    -timeout=20 \
    -rss_limit_mb=4096 \
    -print_final_stats=1 \
    -artifact_prefix="$artifacts/" \
    "$@"
