#!/usr/bin/env bash
# Side-by-side avatar timing: `bloocard avatar prepare` against GraphicsMagick and libvips
# (whichever are installed) on the same photos, run alternately, whole-process wall time.
# Prints each tool's median per photo, the ratios, and geometric means; bloocard's peak RSS too.
# With libjpeg-turbo's djpeg and cjpeg installed it also times the floor for each JPEG: a scaled
# decode (the smallest M/8 keeping a 1024 px short side) plus encoding a 1024² image at q85.
#
#   benches/compare.sh [--runs N] PHOTO...
#   benches/compare.sh --fetch DIR      # download real large photos (Debian wallpapers) into DIR
#
# The bloocard binary is ${BLOOCARD:-${CARGO_TARGET_DIR:-target}/release/bloocard}; build it with
# `cargo build --release`. Set PSNR=path/to/avatar_psnr (cargo build --release --example
# avatar_psnr) to also check output quality against a careful reference resize.
set -euo pipefail

runs=7
if [[ ${1:-} == --fetch ]]; then
    dir=${2:?usage: compare.sh --fetch DIR}
    mkdir -p "$dir"
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get download lomiri-wallpapers-20.04 mate-backgrounds plasma-workspace-wallpapers)
    for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
    share=$work/x/usr/share
    cp "$share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg" "$dir/kleiber-20mp.jpg"
    cp "$share/backgrounds/mate/abstract/Elephants_5640x3172.jpg" "$dir/elephants-18mp-progressive.jpg"
    cp "$share/wallpapers/SafeLanding/contents/images/5120x2880.jpg" "$dir/safelanding-15mp.jpg"
    cp "$share/wallpapers/Kay/contents/images/5120x2880.png" "$dir/kay-15mp-rgba.png"
    # A phone held upright stores the sensor's landscape pixels plus EXIF Orientation=6.
    # Give a real photo exactly that: its own EXIF segment replaced by one saying "rotate 90° CW".
    python3 - "$share/backgrounds/Infinite-Sea_by_Aury88.jpg" "$dir/sea-17mp-progressive-rot6.jpg" <<'PY'
import sys
src = open(sys.argv[1], 'rb').read()
tiff = b'MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00'
body = b'Exif\x00\x00' + tiff
out = bytearray(src[:2] + b'\xff\xe1' + (len(body) + 2).to_bytes(2, 'big') + body)
i = 2
while True:
    marker, length = src[i + 1], int.from_bytes(src[i + 2:i + 4], 'big')
    if marker == 0xDA:
        out += src[i:]
        break
    if not (marker == 0xE1 and src[i + 4:i + 10] == b'Exif\x00\x00'):
        out += src[i:i + 2 + length]
    i += 2 + length
open(sys.argv[2], 'wb').write(out)
PY
    ls -l "$dir"
    exit 0
fi
if [[ ${1:-} == --runs ]]; then runs=$2; shift 2; fi
(($# > 0)) || { echo "usage: compare.sh [--runs N] PHOTO... | --fetch DIR" >&2; exit 2; }

bloocard=${BLOOCARD:-${CARGO_TARGET_DIR:-target}/release/bloocard}
[[ -x $bloocard ]] || { echo "no bloocard binary at $bloocard (cargo build --release, or set BLOOCARD)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

tools=(bloocard)
command -v gm >/dev/null && tools+=(gm)
command -v vipsthumbnail >/dev/null && tools+=(vips)
command -v djpeg >/dev/null && command -v cjpeg >/dev/null && command -v gm >/dev/null && tools+=(floor)

is_jpeg() { [[ $(head -c 2 "$1" | od -An -tx1 | tr -d ' ') == ffd8 ]]; }
floor_scale() { # photo → the smallest M with ceil(short side × M / 8) ≥ 1024, as "M/8"
    gm identify -format '%w %h' "$1" | awk '{s = ($1 < $2) ? $1 : $2; for (m = 1; m < 8; m++) if (int((s * m + 7) / 8) >= 1024) break; print m "/8"}'
}

run() { # tool photo → runs it once, output in $out
    case $1 in
    bloocard) "$bloocard" avatar prepare "$2" -o "$out/bloocard.jpg" >/dev/null ;;
    gm) gm convert -size 1024x1024 "$2" -auto-orient -thumbnail '1024x1024^' -gravity center \
        -extent 1024x1024 -background white -flatten -strip -quality 85 "$out/gm.jpg" ;;
    vips) vipsthumbnail "$2" --size 1024x1024 --smartcrop centre -o "$out/vips.jpg[Q=85,strip]" ;;
    floor) djpeg -scale "$scale" -outfile /dev/null "$2" && cjpeg -quality 85 -outfile "$out/floor.jpg" "$out/square.ppm" ;;
    esac
}

ms() { # tool photo → wall milliseconds of one run
    local t0 t1
    t0=$(date +%s%N)
    run "$1" "$2"
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

declare -A med
printf '%-34s %6s' photo MP
for t in "${tools[@]}"; do printf ' %9s' "$t ms"; done
for t in "${tools[@]:1}"; do printf ' %12s' "bc/$t"; done
printf ' %9s\n' "bc RSS MB"
for photo in "$@"; do
    declare -A times=()
    here=("${tools[@]}")
    if [[ " ${tools[*]} " == *" floor "* ]]; then
        if is_jpeg "$photo"; then
            scale=$(floor_scale "$photo")
            "$bloocard" avatar prepare "$photo" -o "$out/square.jpg" >/dev/null
            djpeg -outfile "$out/square.ppm" "$out/square.jpg"
        else
            here=("${tools[@]/floor/}")
            times[floor]="- "
        fi
    fi
    for t in ${here[@]}; do run "$t" "$photo"; done # warm the page cache once
    for ((i = 0; i < runs; i++)); do
        for t in ${here[@]}; do times[$t]+="$(ms "$t" "$photo") "; done
    done
    rss_kb=$( { /usr/bin/time -f '%M' "$bloocard" avatar prepare "$photo" -o "$out/rss.jpg" >/dev/null; } 2>&1 | tail -1) || rss_kb=0
    mp=$(gm identify -format '%w %h' "$photo" 2>/dev/null | awk '{printf "%.1f", $1*$2/1e6}') || mp=?
    printf '%-34s %6s' "$(basename "$photo")" "$mp"
    for t in "${tools[@]}"; do
        med[$t,$photo]=$(tr ' ' '\n' <<<"${times[$t]}" | grep . | median)
        printf ' %9s' "${med[$t,$photo]}"
    done
    for t in "${tools[@]:1}"; do
        printf ' %12s' "$(awk -v a="${med[bloocard,$photo]}" -v b="${med[$t,$photo]}" 'BEGIN {if (b + 0 > 0) printf "%.2f", a/b; else print "-"}')"
    done
    printf ' %9s\n' "$(awk -v k="$rss_kb" 'BEGIN {printf "%.0f", k/1024}')"
    unset times
done
geo() { # tool → geometric mean of its medians
    local t=$1 photo logs=""
    for photo in "$@"; do [[ $photo == "$t" || ${med[$t,$photo]} == - ]] || logs+="${med[$t,$photo]} "; done
    awk -v l="$logs" 'BEGIN {n = split(l, v, " "); s = 0; for (i = 1; i <= n; i++) s += log(v[i]); printf "%.0f", exp(s / n)}'
}
printf '%-34s %6s' "geometric mean" ""
declare -A g
for t in "${tools[@]}"; do
    g[$t]=-
    [[ $t == floor ]] || g[$t]=$(geo "$t" "$@")
    printf ' %9s' "${g[$t]}"
done
for t in "${tools[@]:1}"; do
    printf ' %12s' "$(awk -v a="${g[bloocard]}" -v b="${g[$t]}" 'BEGIN {if (b + 0 > 0) printf "%.2f", a/b; else print "-"}')"
done
printf '\n(%d runs each, alternating; median wall ms per whole process; bc = bloocard)\n' "$runs"

if [[ -n ${PSNR:-} ]]; then
    "$PSNR" "$@"
fi
