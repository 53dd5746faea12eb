#!/usr/bin/env bash
# Verification numbers (issue 6), measured in one run on this machine:
# GET /verify/{code} of `nscl serve` on SQLite with 50,000 certificates
# against a bare net/http handler serving a fixed page of the same size,
# under the same wrk load (2 threads, 32 connections). Two loads of the
# verification page:
#   hot  — each request one of HOT (default 1,000) certificates' codes: the
#          certificates people keep checking; the signature checks, the
#          register rows (1 s) and the pages are in the server's caches;
#   all  — each request a random code of all the certificates: mostly
#          cold (a signature check, a look-up by number, the page).
# Targets: p95 ≤ 10 ms; throughput ≥ 50 % of the bare handler's.
# Usage: bench/verify/run.sh [seconds-per-wrk-run] [certificates] (HOT=n in the environment)
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-10}
N=${2:-50000}
HOT=${HOT:-1000}
OUT=bench/out
mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
go build -o "$OUT/nscl" ./cmd/nscl
go build -o "$OUT/verify-bare" ./bench/verify/bare
go build -o "$OUT/verify-gen" ./bench/verify/gen
TMP=$(mktemp -d)
PORT=8092
cleanup() { kill "${NSCL_PID:-}" "${BARE_PID:-}" 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

start=$(date +%s)
"$OUT/verify-gen" -n "$N" -db "$TMP/nscl.db" -codes "$TMP/codes.txt"
echo "dataset_certificates $(wc -l <"$TMP/codes.txt") (made in $(( $(date +%s) - start )) s)"

"$OUT/nscl" serve --db "sqlite:$TMP/nscl.db" --addr "127.0.0.1:$PORT" >"$TMP/serve.log" 2>&1 &
NSCL_PID=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
  sleep 0.05
  if ! kill -0 "$NSCL_PID" 2>/dev/null; then cat "$TMP/serve.log"; exit 1; fi
done
code=$(head -1 "$TMP/codes.txt")
curl -fs "http://127.0.0.1:$PORT/verify/$code" >"$TMP/verify.html"
grep -q 'cert-result-valid' "$TMP/verify.html" || { echo "the verification page does not say valid"; exit 1; }
echo "verify_page_bytes $(wc -c <"$TMP/verify.html")"
"$OUT/verify-bare" -addr 127.0.0.1:8093 -page "$TMP/verify.html" &
BARE_PID=$!
sleep 0.3

head -n "$HOT" "$TMP/codes.txt" >"$TMP/hot.txt"
bench() { CODES="$2" wrk -t2 -c32 -d"${DUR}s" -s bench/verify/codes.lua "$1"; }
# Warm both (the CPU frequency, the hot certificates), then measure.
bench http://127.0.0.1:8093/ "$TMP/codes.txt" >/dev/null
CODES="$TMP/hot.txt" wrk -t2 -c32 -d2s -s bench/verify/codes.lua "http://127.0.0.1:$PORT/" >/dev/null
bare=$(bench http://127.0.0.1:8093/ "$TMP/codes.txt")
hot=$(bench "http://127.0.0.1:$PORT/" "$TMP/hot.txt")
all=$(bench "http://127.0.0.1:$PORT/" "$TMP/codes.txt")
b=$(echo "$bare" | awk '/Requests\/sec/ {print $2}')
echo "bare_rps $b"
echo "$bare" | awk '/^p95_ms/ {print "bare_p95_ms", $2}'
for load in hot all; do
  out=${!load}
  echo "$out" | awk -v l="$load" '/Requests\/sec/ {print "verify_" l "_rps", $2} /^p(50|95|99)_ms/ {print "verify_" l "_" $1, $2} /^non2xx|^errors/ {print "verify_" l "_" $1, $2}'
  v=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p95=$(echo "$out" | awk '/^p95_ms/ {print $2}')
  awk -v a="$v" -v b="$b" -v l="$load" 'BEGIN { printf "verify_%s_throughput_ratio %.2f (target >= 0.50)\n", l, a / b }'
  awk -v p="$p95" -v l="$load" 'BEGIN { printf "verify_%s_p95_ms %.2f (target <= 10)\n", l, p }'
done
