#!/bin/sh
# API ingestion of the quality workspace on SQLite: the real server, batches of
# 1,000–10,000 measurements posted over HTTP with an enterprise user's personal
# token, 1 or 4 concurrent clients. Target: ≥ 50,000 measurements/s.
#   bench/quality/run.sh [benchtime]
set -eu
cd "$(dirname "$0")/../.."
go test ./cmd/nscl/ -run '^$' -bench 'BenchmarkQualityIngest' -benchtime "${1:-3s}" | tee bench/quality/last.txt
