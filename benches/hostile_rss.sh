#!/usr/bin/env bash
# Peak memory of bloocard on hostile avatars: a decompression bomb must be refused from its header,
# and a huge or broken avatar from the server must not blow up memory. Each case prints its peak
# RSS, exit code and the one line bloocard said; the run fails if any case passes 200 MB or if
# bloocard accepted what it should refuse.
#
#   cargo build --release && benches/hostile_rss.sh
#   BLOOCARD=target/debug/bloocard benches/hostile_rss.sh
#
# Needs GNU time (/usr/bin/time, Debian package `time`), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BLOOCARD:-${CARGO_TARGET_DIR:-target}/release/bloocard}
[[ -x $bin ]] || { echo "no bloocard binary at $bin (cargo build --release, or set BLOOCARD=)" >&2; exit 2; }
limit_kb=$((200 * 1024))
work=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Hostile files, made here so nothing large is committed.
python3 - "$work" assets/demo-avatar-maya.jpg <<'PY'
import struct, sys, zlib
out, real = sys.argv[1], open(sys.argv[2], "rb").read()
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")
open(f"{out}/bomb.png", "wb").write(png)
# A JPEG whose SOF0 claims 60000x60000: the real file with its frame header rewritten.
i = real.index(b"\xff\xc0")
bomb = bytearray(real)
bomb[i + 5:i + 9] = struct.pack(">HH", 60000, 60000)
open(f"{out}/bomb.jpg", "wb").write(bytes(bomb))
open(f"{out}/truncated.jpg", "wb").write(real[: len(real) // 2])
open(f"{out}/not-an-image.jpg", "wb").write(b"<html>this is a web page</html>\n" * 100)
PY

fail=0
printf '%-34s %9s %5s  %s\n' case "peak MB" exit "what bloocard said"
measure() { # name, expect (ok|refuse), command...
    local name=$1 expect=$2; shift 2
    local code=0
    /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err" || code=$?
    local kb; kb=$(tail -1 "$work/rss")
    local said; said=$({ grep -v '^Command exited' "$work/err" || grep -h 'Avatar' "$work/out" || true; } | tail -1 | cut -c1-110)
    printf '%-34s %9.1f %5s  %s\n' "$name" "$(awk -v kb="$kb" 'BEGIN { print kb / 1024 }')" "$code" "$said"
    if ((kb > limit_kb)); then echo "  ^ over 200 MB" >&2; fail=1; fi
    if [[ $expect == refuse && $code == 0 ]]; then echo "  ^ accepted a hostile input" >&2; fail=1; fi
}

for f in bomb.png bomb.jpg truncated.jpg not-an-image.jpg; do
    measure "avatar prepare $f" refuse "$bin" avatar prepare "$work/$f" -o "$work/out.jpg"
done

# Hostile avatars from the server: run the demo backend with faults, arm one per case.
"$bin" demo-server --faults >"$work/server" 2>/dev/null &
server_pid=$!
for _ in $(seq 50); do [[ $(wc -l <"$work/server") -ge 2 ]] && break; sleep 0.1; done
export BLOOIO_BASE_URL BLOOIO_API_KEY XDG_STATE_HOME=$work/state
BLOOIO_BASE_URL=$(sed -n 's/^BLOOIO_BASE_URL=//p' "$work/server")
BLOOIO_API_KEY=$(sed -n 's/^BLOOIO_API_KEY=//p' "$work/server")
knobs=${BLOOIO_BASE_URL%/v2/api}/__demo/faults
arm() { curl -sf -X POST -H 'content-type: application/json' -d "$1" "$knobs" >/dev/null; }
card() { # a card GET answered with the given avatar JSON value
    printf '{"path":"/contact-card","action":{"kind":"respond","body":{"phone_number":"+14155550123","first_name":"M","avatar":%s}}}' "$1"
}
number=+14155550123
arm "$(card '"not base64 at all!"')"
measure "card get: invalid base64 avatar" ok "$bin" card get "$number"
arm "$(card "\"data:image/jpeg;base64,$(base64 -w0 assets/demo-avatar-maya.jpg)\"")"
measure "card get: data: prefixed avatar" ok "$bin" card get "$number"
arm "$(card "\"$(base64 -w0 "$work/bomb.png")\"")"
measure "card get: bomb PNG avatar" ok "$bin" card get "$number"
arm '{"path":"/contact-card","action":{"kind":"oversized","bytes":52428800}}'
measure "card get: 50 MB body" refuse "$bin" card get "$number"
arm '{"path":"/contact-card","action":{"kind":"oversized","bytes":52428800,"chunked":true}}'
measure "card get: 50 MB chunked body" refuse "$bin" card get "$number"
exit $fail
