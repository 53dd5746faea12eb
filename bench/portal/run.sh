#!/usr/bin/env bash
# Portal numbers (issue 8), measured in one run on this machine: the public
# home page (GET / for an anonymous visitor), a year of the honour roll
# (GET /vinh-danh/{year}) and one honour's page, of `nscl serve` on SQLite
# with the small demo, each against a bare net/http handler serving the
# same bytes, under the same wrk load (2 threads, 32 connections). The
# pages come from the portal's cache (data and rendered bytes per
# language, a minute, single-flight refresh).
# Targets: p95 ≤ 20 ms; throughput ≥ 50 % of the bare handler's.
# Usage: bench/portal/run.sh [seconds-per-wrk-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
go build -o "$OUT/nscl" ./cmd/nscl
go build -o "$OUT/portal-bare" ./bench/portal/bare
TMP=$(mktemp -d)
PORT=8094
BPORT=8095
cleanup() { kill "${NSCL_PID:-}" "${BARE_PID:-}" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

start=$(date +%s)
"$OUT/nscl" demo --db "sqlite:$TMP/nscl.db" --scale small >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log"; exit 1; }
echo "demo_seconds $(( $(date +%s) - start ))"

"$OUT/nscl" serve --db "sqlite:$TMP/nscl.db" --addr "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
NSCL_PID=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  sleep 0.05
  if ! kill -0 "$NSCL_PID" 2>/dev/null; then cat "$TMP/serve.log"; exit 1; fi
done

# The pages: the home page, the roll's latest year, its first honour.
curl -fs "http://127.0.0.1:$PORT/" >"$TMP/home.html"
grep -q 'portal-figures' "$TMP/home.html" || { echo "the home page is not the portal"; exit 1; }
curl -fs "http://127.0.0.1:$PORT/vinh-danh" >"$TMP/roll0.html"
YEAR=$(grep -o 'href="/vinh-danh/20[0-9][0-9]"' "$TMP/roll0.html" | head -1 | grep -o '20[0-9][0-9]')
curl -fs "http://127.0.0.1:$PORT/vinh-danh/$YEAR" >"$TMP/roll.html"
HONOUR=$(grep -o 'href="/vinh-danh/'"$YEAR"'/[a-z0-9-]*"' "$TMP/roll.html" | head -1 | cut -d'"' -f2)
[ -n "$HONOUR" ] || { echo "no honour on /vinh-danh/$YEAR"; exit 1; }
curl -fs "http://127.0.0.1:$PORT$HONOUR" >"$TMP/honour.html"
echo "pages / /vinh-danh/$YEAR $HONOUR"

run() { PAGE="$2" wrk -t2 -c32 -d"${DUR}s" -s bench/portal/path.lua "$1"; }
for name in home roll honour; do
  case $name in
    home) path=/ ;;
    roll) path=/vinh-danh/$YEAR ;;
    honour) path=$HONOUR ;;
  esac
  echo "${name}_page_bytes $(wc -c <"$TMP/$name.html")"
  "$OUT/portal-bare" -addr "127.0.0.1:$BPORT" -page "$TMP/$name.html" &
  BARE_PID=$!
  sleep 0.3
  # Warm both, then measure the bare handler and the page one after the other.
  PAGE=/ wrk -t2 -c32 -d2s -s bench/portal/path.lua "http://127.0.0.1:$BPORT" >/dev/null
  PAGE="$path" wrk -t2 -c32 -d2s -s bench/portal/path.lua "http://127.0.0.1:$PORT" >/dev/null
  bare=$(run "http://127.0.0.1:$BPORT" /)
  page=$(run "http://127.0.0.1:$PORT" "$path")
  kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true; BARE_PID=
  b=$(echo "$bare" | awk '/Requests\/sec/ {print $2}')
  p=$(echo "$page" | awk '/Requests\/sec/ {print $2}')
  echo "${name}_bare_rps $b"
  echo "$bare" | awk -v n="$name" '/^p95_ms/ {print n "_bare_p95_ms", $2}'
  echo "$page" | awk -v n="$name" '/Requests\/sec/ {print n "_rps", $2} /^p(50|95|99)_ms/ {print n "_" $1, $2} /^non2xx|^errors/ {print n "_" $1, $2}'
  p95=$(echo "$page" | awk '/^p95_ms/ {print $2}')
  awk -v a="$p" -v b="$b" -v n="$name" 'BEGIN { printf "%s_throughput_ratio %.2f (target >= 0.50)\n", n, a / b }'
  awk -v q="$p95" -v n="$name" 'BEGIN { printf "%s_p95_ms %.2f (target <= 20)\n", n, q }'
done
