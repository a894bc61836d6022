#!/usr/bin/env bash
# Fleet benchmark against the demo backend with 200 numbers, as ratios to the ideal:
#   - latency: 100 ms a request, --concurrency 8, no limit:
#       `fleet plan` against 200 reads / 8 × 100 ms = 2.5 s;
#       `fleet apply`, changing every number (read, write, read back), against
#       3 round trips × 200 / 8 × 100 ms = 7.5 s. Target: at most 1.1× each.
#   - peak RSS of that apply (200 avatars go through it). Target: 50 MB.
#   - rate limit: `fleet apply` against `demo-server --rate-limit 10`; the rate the server
#     admitted (its own count, GET /__demo/load) against 10 requests/s, and the share of requests
#     it answered 429. Targets: at least 0.85 of the rate, at most 2 % 429s.
# Prints each figure; exits 1 when one misses its target.
#
#   benches/fleet.sh                       # builds the release binary first
#   BLOOCARD=target/debug/bloocard benches/fleet.sh
#   FLEET_BENCH=rate benches/fleet.sh      # one case: latency or rate
source "$(dirname "$0")/lib.sh"
fail=0
only=${FLEET_BENCH:-all}
numbers=200 concurrency=8
echo "bloocard: $bin"

# Every number changes: names (dedicated ones), avatar, and audience and name format on all.
cp assets/fleet/logo.png "$work/"
cat >"$work/cards.toml" <<'TOML'
version = 1
numbers = "all"
[card]
first_name = "Bench"
last_name = "Fleet"
avatar = "logo.png"
sharing = true
audience = "contacts"
name_format = "first"
TOML

if [[ $only == all || $only == latency ]]; then
    start_server --numbers $numbers --latency-ms 100
    measure plan "$bin" fleet plan --concurrency $concurrency "$work/cards.toml"
    r=$(ratio "$secs" 2.5)
    printf 'plan     %d numbers at 100 ms, --concurrency %d: %6.2f s, ideal 2.5 s, ratio %s  (exit %d)\n' $numbers $concurrency "$secs" "$r" "$code"
    over "$r" 1.1 && { echo "FAIL: plan ratio $r > 1.1"; fail=1; }
    measure apply "$bin" fleet apply --yes --concurrency $concurrency "$work/cards.toml"
    r=$(ratio "$secs" 7.5)
    printf 'apply    %d numbers at 100 ms, --concurrency %d: %6.2f s, ideal 7.5 s, ratio %s, peak RSS %s MB  (exit %d: %s)\n' \
        $numbers $concurrency "$secs" "$r" "$rss_mb" "$code" "$(tail -n 1 "$work/apply.out")"
    grep -h '^✗' "$work/apply.out" | sed 's/^/  (expected: the demo'"'"'s offline trial number) /' || true
    over "$r" 1.1 && { echo "FAIL: apply ratio $r > 1.1"; fail=1; }
    over "$rss_mb" 50 && { echo "FAIL: apply peak RSS $rss_mb MB > 50 MB"; fail=1; }
fi

if [[ $only == all || $only == rate ]]; then
    start_server --numbers $numbers --rate-limit 10
    measure rate "$bin" fleet apply --yes "$work/cards.toml"
    rate_check "apply of $numbers numbers" 10
fi
exit $fail
