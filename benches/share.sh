#!/usr/bin/env bash
# `share --all-chats` at scale against the demo backend, as ratios to the ideal:
#   - rate limit: 2,000 chats against `demo-server --rate-limit 10`; the rate the server admitted
#     (its own count, GET /__demo/load) against 10 requests/s, and the share of requests it
#     answered 429. Targets: at least 0.85 of the rate, at most 2 % 429s.
#   - latency: 2,000 chats at 100 ms a request, --concurrency 8, no limit, against the ideal
#     2,000 / 8 × 100 ms = 25 s. Target: at most 1.1×.
#   - memory: peak RSS of staging 20,000 chats (--json, the largest output). Target: 50 MB.
# Prints each figure; exits 1 when one misses its target.
#
#   benches/share.sh                       # builds the release binary first
#   BLOOCARD=target/debug/bloocard benches/share.sh
#   SHARE_BENCH=latency benches/share.sh   # one case: rate, latency or memory
source "$(dirname "$0")/lib.sh"
fail=0
only=${SHARE_BENCH:-all}
echo "bloocard: $bin"

if [[ $only == all || $only == rate ]]; then
    start_server --chats 2000 --rate-limit 10
    measure rate "$bin" share --all-chats --yes
    rate_check "2,000 chats" 10
fi

if [[ $only == all || $only == latency ]]; then
    start_server --chats 2000 --latency-ms 100
    measure latency "$bin" share --all-chats --yes --concurrency 8
    ideal=25
    r=$(ratio "$secs" "$ideal")
    printf 'latency  2,000 chats at 100 ms, --concurrency 8: %6.1f s, ideal %d s, ratio %s  (exit %d)\n' "$secs" "$ideal" "$r" "$code"
    over "$r" 1.1 && { echo "FAIL: ratio $r > 1.1"; fail=1; }
fi

if [[ $only == all || $only == memory ]]; then
    start_server --chats 20000
    measure memory "$bin" share --all-chats --yes --json --concurrency 8
    chats=$(jq '.chats | length' "$work/memory.out")
    printf 'memory   %s chats staged (--json): %6.1f s, peak RSS %s MB  (exit %d)\n' "$chats" "$secs" "$rss_mb" "$code"
    over "$rss_mb" 50 && { echo "FAIL: peak RSS $rss_mb MB > 50 MB"; fail=1; }
fi
exit $fail
