#!/usr/bin/env bash
# Foundation numbers (issue 2), measured in one run on this machine:
#   1. time from starting `nscl serve` on an empty SQLite DB to the first
#      200 from /healthz (target ≤ 1 s);
#   2. GET /login throughput relative to a bare net/http handler serving a
#      fixed page of the same size, both under the same wrk load
#      (target ≥ 40 %);
#   3. idle RSS of `nscl serve` after start and once idle after the load
#      (target ≤ 60 MB); for information, RSS once the JSON API (built on
#      its first request) has been used too.
# Usage: bench/foundation/run.sh [seconds-per-wrk-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
go build -o "$OUT/nscl" ./cmd/nscl
go build -o "$OUT/bare" ./bench/foundation/bare
TMP=$(mktemp -d)
PORT=8090
cleanup() { kill "${NSCL_PID:-}" "${BARE_PID:-}" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

start=$(date +%s%N)
"$OUT/nscl" serve --db "sqlite:$TMP/nscl.db" --addr "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
NSCL_PID=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  sleep 0.005
  if ! kill -0 "$NSCL_PID" 2>/dev/null; then cat "$TMP/serve.log"; exit 1; fi
done
ready=$(date +%s%N)
echo "healthz_after_start_ms $(( (ready - start) / 1000000 ))"
sleep 1
echo "idle_rss_mb_after_start $(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$NSCL_PID/status)"

curl -fs "http://127.0.0.1:$PORT/login" >"$TMP/login.html"
echo "login_page_bytes $(wc -c <"$TMP/login.html")"
"$OUT/bare" -addr 127.0.0.1:8091 -page "$TMP/login.html" &
BARE_PID=$!
sleep 0.3

rps() { wrk -t2 -c32 -d"${DUR}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
bare=$(rps http://127.0.0.1:8091/login)
nscl=$(rps "http://127.0.0.1:$PORT/login")
echo "bare_rps $bare"
echo "nscl_login_rps $nscl"
awk -v a="$nscl" -v b="$bare" 'BEGIN { printf "login_throughput_ratio %.2f (target >= 0.40)\n", a / b }'
rss() { awk '/VmRSS|RssAnon|RssFile/ {printf "%s %.1f  ", $1, $2/1024}' /proc/$NSCL_PID/status; echo; }
sleep 2
echo "rss_mb_2s_after_load $(rss)"
# A server hands its free heap back after a whole idle period (10 s) that
# follows a busy one.
sleep 23
echo "idle_rss_mb_after_load $(rss)"
curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/v1/enterprises" || true
curl -fs -o /dev/null "http://127.0.0.1:$PORT/api/openapi.json"
sleep 23
echo "idle_rss_mb_after_api_use $(rss)"
