#!/bin/sh
# Times the plain-R reference (reference.R) and the Go engine on the same
# 1,000,000-value dataset and prints R time / Go time for X̄–R and I–MR
# with Nelson rules. Run from anywhere: sh bench/spc/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"

have_r=1
if ! command -v Rscript >/dev/null 2>&1; then
	echo "Rscript not found; trying: apt-get install -y --no-install-recommends r-base-core"
	if ! { apt-get install -y --no-install-recommends r-base-core >"$tmp/apt.log" 2>&1 ||
		{ apt-get update >>"$tmp/apt.log" 2>&1 &&
			apt-get install -y --no-install-recommends r-base-core >>"$tmp/apt.log" 2>&1; }; }; then
		echo "apt-get could not install R (see below); reporting the Go figures only"
		tail -n 3 "$tmp/apt.log"
		have_r=0
	fi
fi

echo "generating 1,000,000 values (bench/spc/gen, fixed seed)"
go run ./bench/spc/gen -n 1000000 -o "$tmp/data.csv"

echo "Go: go test -run '^$' -bench Dataset -benchtime 20x -cpu 1 ./internal/spc/"
SPC_BENCH_CSV="$tmp/data.csv" go test -run '^$' -bench Dataset -benchtime 20x -cpu 1 ./internal/spc/ | tee "$tmp/go.txt"
go_imr=$(awk '/^BenchmarkDatasetIMRNelson/ {print $3/1e9}' "$tmp/go.txt")
go_xbar=$(awk '/^BenchmarkDatasetXbarR/ {print $3/1e9}' "$tmp/go.txt")

if [ "$have_r" = 1 ]; then
	echo "R: Rscript bench/spc/reference.R (plain loops)"
	Rscript "$here/reference.R" "$tmp/data.csv" | tee "$tmp/r.txt"
	r_xbar=$(awk '$1 == "xbar_r_seconds" {print $2}' "$tmp/r.txt")
	r_imr=$(awk '$1 == "imr_nelson_seconds" {print $2}' "$tmp/r.txt")
	awk -v rx="$r_xbar" -v gx="$go_xbar" -v ri="$r_imr" -v gi="$go_imr" 'BEGIN {
		printf "X̄–R        R %8.3f s   Go %8.4f s   ratio %6.0fx\n", rx, gx, rx / gx
		printf "I–MR+Nelson R %8.3f s   Go %8.4f s   ratio %6.0fx\n", ri, gi, ri / gi
	}'
else
	awk -v gx="$go_xbar" -v gi="$go_imr" 'BEGIN {
		printf "X̄–R        Go %8.4f s (reference: about 3 s in plain R)\n", gx
		printf "I–MR+Nelson Go %8.4f s (reference: about 8 s in plain R)\n", gi
	}'
fi
