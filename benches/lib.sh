# Shared by benches/fleet.sh and benches/share.sh: the binary, a demo server per case, and one
# measured run (wall time and peak RSS from GNU time). Source it; it sets $bin and $work.
#
#   start_server ARGS...     demo-server --faults ARGS (its knobs serve GET /__demo/load); sets
#                            BLOOIO_BASE_URL, BLOOIO_API_KEY and $knobs; stop_server ends it
#   measure NAME COMMAND...  runs COMMAND; sets $secs, $rss_mb, $code; keeps $work/NAME.{out,err}
#   load_json                the server's GET /__demo/load answer
#   rate_check WHAT LIMIT    after a run against --rate-limit LIMIT: the rate the server admitted
#                            (its own count) against LIMIT, and its share of 429s; sets fail=1
#                            below 0.85 of the rate or above 2 % 429s
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z ${BLOOCARD:-} ]]; then
    cargo build --release --quiet --bin bloocard
fi
bin=${BLOOCARD:-${CARGO_TARGET_DIR:-target}/release/bloocard}
[[ -x $bin ]] || { echo "no bloocard binary at $bin" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 2; }
work=$(mktemp -d)
server_pid=
stop_server() { if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=; fi; }
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

start_server() {
    stop_server
    rm -f "$work/env"
    "$bin" demo-server --faults --env-file "$work/env" "$@" >/dev/null 2>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 300); do
        [[ -s $work/env ]] && break
        sleep 0.1
    done
    [[ -s $work/env ]] || { echo "the demo server did not start: $(cat "$work/server.log")" >&2; exit 2; }
    set -a; source "$work/env"; set +a
    knobs=${BLOOIO_BASE_URL%/v2/api}/__demo
    export XDG_STATE_HOME=$work/state-$RANDOM
}

load_json() { curl -sf "$knobs/load"; }

measure() { # name command...
    local name=$1; shift
    code=0
    /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || code=$?
    # GNU time puts "Command exited with non-zero status N" first when the exit is not 0.
    read -r secs rss_kb < <(tail -n 1 "$work/$name.time")
    rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
over() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

rate_check() { # what limit
    local load admitted refused per_s of_limit share_429
    load=$(load_json)
    admitted=$(jq .rate_limit.admitted <<<"$load")
    refused=$(jq .rate_limit.refused <<<"$load")
    per_s=$(ratio "$admitted" "$secs")
    of_limit=$(ratio "$per_s" "$2")
    share_429=$(awk -v r="$refused" -v a="$admitted" 'BEGIN { printf "%.2f", 100 * r / (r + a) }')
    printf 'rate     %s at --rate-limit %s: %6.1f s, %s admitted requests/s = %s of the limit, %s 429s of %s requests = %s %%  (exit %d)\n' \
        "$1" "$2" "$secs" "$per_s" "$of_limit" "$refused" "$((admitted + refused))" "$share_429" "$code"
    if over 0.85 "$of_limit"; then echo "FAIL: $of_limit of the rate < 0.85"; fail=1; fi
    if over "$share_429" 2; then echo "FAIL: $share_429 % 429s > 2 %"; fail=1; fi
}
