#!/usr/bin/env bash
# Launch → first frame of `bloocard --demo` in tmux, default options (`--image auto`) against
# `--image halfblocks`, run alternately N times each. Launched as a person does it: the command
# line is typed at a shell prompt in a 120×40 tmux window and Enter pressed; the clock starts at
# Enter and stops when capture-pane first shows
#   paint:   the alternate screen with the TUI's frame drawn (any box-drawing corner), and
#   numbers: the demo's numbers listed (the first frame with content).
# The screen is polled as fast as tmux answers (one capture-pane is ~1–3 ms), which is the
# resolution of the figures. Prints median and max per mode, and auto/halfblocks ratios.
#
# Then launch → photo drawn in real graphical terminals under Xvfb (benches/photo_drawn.rs), the
# same binary typed at a shell prompt: xterm -ti vt340 with default options and with
# --image sixel (the protocol named, nothing to detect), and tmux inside kitty with default
# options. The clock stops when a screenshot shows the card's photo (the check of
# tests/it/emulators.rs); PHOTO_RUNS launches each (default 5), a fresh terminal for each.
#
#   benches/first_frame.sh [RUNS]        (default 20; builds the release binary if needed)
#   BLOOCARD_BIN=path benches/first_frame.sh   to time another build
#   PHOTO_RUNS=0 benches/first_frame.sh        to leave the photo timing out
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
target="${CARGO_TARGET_DIR:-target}"
bin="${BLOOCARD_BIN:-$target/release/bloocard}"
if [ -z "${BLOOCARD_BIN:-}" ]; then
    cargo build --release --quiet --bin bloocard
fi
bin="$(realpath "$bin")"
command -v tmux >/dev/null || { echo "first_frame: tmux is not installed" >&2; exit 1; }

work="$(mktemp -d)"
# A private server per launch, its socket in the scratch dir (removed at the end).
run=0
socket="$work/tmux-0.sock"
tm() { tmux -S "$socket" -f /dev/null -u "$@"; }
cleanup() { tm kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%N | awk '{ printf "%.1f", $1 / 1000000 }'; }

# One launch; prints "paint_ms numbers_ms".
one() {
    local mode_args="$1"
    tm kill-server 2>/dev/null || true
    run=$((run + 1))
    socket="$work/tmux-$run.sock"
    env -i PATH="$PATH" HOME="$work" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" \
        LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1='$ ' TERM=xterm-256color \
        tmux -S "$socket" -f /dev/null -u new-session -d -x 120 -y 40 sh
    until tm capture-pane -p | grep -q '^[$#]'; do :; done
    tm send-keys -l "$bin --demo $mode_args"
    local start paint="" numbers="" deadline screen t
    start="$(now_ms)"
    deadline=$(( $(date +%s) + 30 ))
    tm send-keys Enter
    while [ -z "$numbers" ]; do
        screen="$(tm capture-pane -p)"
        t="$(now_ms)"
        if [ -z "$paint" ] && [ "$(tm display-message -p '#{alternate_on}')" = 1 ] \
            && grep -q '┌' <<<"$screen"; then
            paint="$t"
        fi
        if [ -n "$paint" ] && [ "$(grep -Ec '^[^[:alnum:]]*\+[0-9]{10}' <<<"$screen")" -ge 2 ]; then
            numbers="$t"
        fi
        if [ "$(date +%s)" -gt "$deadline" ]; then
            echo "first_frame: no frame after 30 s ($mode_args); screen:" >&2
            echo "$screen" >&2
            exit 1
        fi
    done
    tm send-keys q
    while [ "$(tm display-message -p '#{alternate_on}')" = 1 ]; do :; done
    awk -v s="$start" -v p="$paint" -v n="$numbers" 'BEGIN { printf "%.1f %.1f\n", p - s, n - s }'
}

stats() { # column → "median max"
    sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.1f %.1f", m, v[NR] }'
}

: >"$work/auto"
: >"$work/half"
for _ in $(seq "$runs"); do
    one "" >>"$work/auto"
    one "--image halfblocks" >>"$work/half"
done

read -r ap_med ap_max <<<"$(cut -d' ' -f1 "$work/auto" | stats)"
read -r an_med an_max <<<"$(cut -d' ' -f2 "$work/auto" | stats)"
read -r hp_med hp_max <<<"$(cut -d' ' -f1 "$work/half" | stats)"
read -r hn_med hn_max <<<"$(cut -d' ' -f2 "$work/half" | stats)"

echo "bloocard --demo in tmux 120x40, $runs runs each, ms from Enter (median / max)"
printf '%-22s %16s %16s\n' "" "frame painted" "numbers listed"
printf '%-22s %7s / %-6s %7s / %-6s\n' "default (--image auto)" "$ap_med" "$ap_max" "$an_med" "$an_max"
printf '%-22s %7s / %-6s %7s / %-6s\n' "--image halfblocks" "$hp_med" "$hp_max" "$hn_med" "$hn_max"
awk -v a="$an_med" -v h="$hn_med" 'BEGIN { printf "auto / halfblocks (numbers listed, median): %.2f\n", a / h }'

photo_runs="${PHOTO_RUNS:-5}"
if [ "$photo_runs" -gt 0 ]; then
    echo
    # The dev profile: the harness shares the test build (the binary timed is still $bin).
    cargo bench --quiet --profile dev --bench photo_drawn -- "$photo_runs" "$bin"
fi
