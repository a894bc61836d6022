#!/usr/bin/env bash
# Fleet benchmark against the demo backend with 200 numbers and 100 ms of latency per request:
#   - `fleet plan` at --concurrency 8 against its ideal, 200 reads / 8 × 100 ms = 2.5 s;
#   - `fleet apply` at --concurrency 8, changing every number (read, write, read back), against
#     3 round trips × 200 / 8 × 100 ms = 7.5 s;
#   - peak RSS of the apply (200 avatars go through it).
# Prints both ratios and the RSS; fails when a ratio passes 1.25 or the RSS 50 MB.
#
#   benches/fleet.sh                       # builds the release binary first
#   BLOOCARD=target/debug/bloocard benches/fleet.sh
#
# Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${BLOOCARD:-} ]]; then
    cargo build --release --quiet
fi
bin=${BLOOCARD:-${CARGO_TARGET_DIR:-target}/release/bloocard}
[[ -x $bin ]] || { echo "no bloocard binary at $bin" >&2; exit 2; }
numbers=200 latency_ms=100 concurrency=8
work=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$bin" demo-server --numbers $numbers --latency-ms $latency_ms >"$work/env" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
    [[ $(wc -l <"$work/env") -ge 2 ]] && break
    sleep 0.1
done
set -a; source "$work/env"; set +a
export XDG_STATE_HOME=$work/state

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

measure() { # name ideal_seconds command...
    local name=$1 ideal=$2; shift 2
    local code=0
    /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || code=$?
    # GNU time puts "Command exited with non-zero status N" first when the exit is not 0.
    read -r secs rss_kb < <(tail -n 1 "$work/$name.time")
    local ratio
    ratio=$(awk -v s="$secs" -v i="$ideal" 'BEGIN { printf "%.2f", s / i }')
    printf '%-6s %6.2f s  ideal %4.1f s  ratio %s  peak RSS %5.1f MB  exit %d  (%s)\n' \
        "$name" "$secs" "$ideal" "$ratio" "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" \
        "$code" "$(tail -n 1 "$work/$name.out")"
    echo "$ratio $rss_kb" >"$work/$name.result"
}

plan_ideal=$(awk -v n=$numbers -v c=$concurrency -v l=$latency_ms 'BEGIN { print n / c * l / 1000 }')
apply_ideal=$(awk -v n=$numbers -v c=$concurrency -v l=$latency_ms 'BEGIN { print 3 * n / c * l / 1000 }')
echo "demo-server --numbers $numbers --latency-ms $latency_ms; --concurrency $concurrency; $bin"
measure plan "$plan_ideal" "$bin" fleet plan --concurrency $concurrency "$work/cards.toml"
measure apply "$apply_ideal" "$bin" fleet apply --yes --concurrency $concurrency "$work/cards.toml"
grep -h '^✗' "$work/apply.out" | sed 's/^/  (expected: the demo'"'"'s offline trial number) /' || true

fail=0
read -r plan_ratio _ <"$work/plan.result"
read -r apply_ratio apply_rss <"$work/apply.result"
awk -v r="$plan_ratio" 'BEGIN { exit !(r > 1.25) }' && { echo "FAIL: plan ratio $plan_ratio > 1.25"; fail=1; }
awk -v r="$apply_ratio" 'BEGIN { exit !(r > 1.25) }' && { echo "FAIL: apply ratio $apply_ratio > 1.25"; fail=1; }
(( apply_rss > 50 * 1024 )) && { echo "FAIL: apply peak RSS $((apply_rss / 1024)) MB > 50 MB"; fail=1; }
exit $fail
