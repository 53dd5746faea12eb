#!/usr/bin/env bash
# Import numbers (issue 3), measured in one run on this machine:
#   1. `nscl import enterprises` of N clean rows (an officer's CSV: headers in
#      Vietnamese, province names, dd/mm/yyyy dates, figures of one year) into
#      a freshly migrated SQLite file, against the sqlite3 command line's
#      `.import` of the same rows, already in table form, into the same
#      tables (enterprises + enterprise_figures) with the same indexes, with
#      the same synchronous=NORMAL WAL settings (target ratio ≤ 2);
#   2. the same on PostgreSQL against `psql \copy` (target ratio ≤ 2);
#   3. peak RSS of `nscl import` from /usr/bin/time -v (target ≤ 300 MB).
# `nscl import` does more than the loaders: it parses and validates every
# row (tax-code check digit, province names, dates, e-mail, phone, VSIC),
# folds names, looks every tax code up, and also keeps the name search
# index (FTS5 on SQLite), the facet counts and an audit entry per batch.
# The loaders get the rows pre-computed by bench/import/gen.
# Usage: bench/import/run.sh [rows]   (PostgreSQL: NSCL_BENCH_POSTGRES=
#        postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable, the
#        default; set it empty to skip)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
PG=${NSCL_BENCH_POSTGRES-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
OUT=bench/out
mkdir -p "$OUT"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
go build -o "$OUT/nscl" ./cmd/nscl
go build -o "$OUT/import-gen" ./bench/import/gen
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# seconds and peak RSS (MB) of a command, from /usr/bin/time -v.
timed() { # name cmd...
  local name=$1; shift
  /usr/bin/time -v "$@" >"$TMP/$name.out" 2>"$TMP/$name.time" || { cat "$TMP/$name.out" "$TMP/$name.time"; exit 1; }
  local el rss
  el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/$name.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$TMP/$name.time")
  echo "$el $rss"
}

echo "rows $N"
"$OUT/nscl" migrate --db "sqlite:$TMP/a.db" >/dev/null
"$OUT/nscl" migrate --db "sqlite:$TMP/b.db" >/dev/null
COLS=$(sqlite3 "$TMP/a.db" "SELECT group_concat(name) FROM pragma_table_info('enterprises')")
mkdir -p "$TMP/sqlite"
"$OUT/import-gen" -n "$N" -dir "$TMP/sqlite" -columns "$COLS"
echo "input_csv_mb $(du -m "$TMP/sqlite/input.csv" | cut -f1)"

read -r nscl_s nscl_rss < <(timed nscl_sqlite "$OUT/nscl" import enterprises "$TMP/sqlite/input.csv" --db "sqlite:$TMP/a.db")
tail -n 3 "$TMP/nscl_sqlite.out"
cat >"$TMP/load.sql" <<SQL
PRAGMA synchronous=NORMAL;
.import --csv --skip 1 $TMP/sqlite/enterprises.csv enterprises
.import --csv --skip 1 $TMP/sqlite/figures.csv enterprise_figures
SQL
read -r ref_s ref_rss < <(timed sqlite3_import sqlite3 "$TMP/b.db" ".read $TMP/load.sql")
a=$(sqlite3 "$TMP/a.db" "SELECT count(*) FROM enterprises"); b=$(sqlite3 "$TMP/b.db" "SELECT count(*) FROM enterprises")
echo "sqlite rows nscl=$a sqlite3=$b"
echo "sqlite nscl_import_s $nscl_s sqlite3_import_s $ref_s ratio $(awk -v a="$nscl_s" -v b="$ref_s" 'BEGIN{printf "%.2f", a/b}') nscl_peak_rss_mb $nscl_rss"

if [ -n "$PG" ]; then
  DBA=nscl_bench_import_a; DBB=nscl_bench_import_b
  base=${PG%/*}; q=""; case "$PG" in *\?*) q="?${PG#*\?}";; esac
  for d in $DBA $DBB; do psql "$PG" -qc "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d" >/dev/null; done
  URLA="$base/$DBA$q"; URLB="$base/$DBB$q"
  "$OUT/nscl" migrate --db "$URLA" >/dev/null
  "$OUT/nscl" migrate --db "$URLB" >/dev/null
  FILLED=id,tax_code,name,name_folded,province_code,created_at,updated_at,address,vsic,vsic_edition,section,industry,ownership,founded_on,email,phone,status,latest_year,size_class,employees,search_terms
  mkdir -p "$TMP/pg"
  "$OUT/import-gen" -n "$N" -dir "$TMP/pg" -columns "$FILLED"
  read -r pn_s pn_rss < <(timed nscl_pg "$OUT/nscl" import enterprises "$TMP/pg/input.csv" --db "$URLA")
  tail -n 3 "$TMP/nscl_pg.out"
  read -r pr_s pr_rss < <(timed psql_copy psql "$URLB" -v ON_ERROR_STOP=1 \
    -c "\\copy enterprises ($FILLED) FROM '$TMP/pg/enterprises.csv' WITH (FORMAT csv, HEADER true, FORCE_NOT_NULL (section, industry, size_class, address, vsic, ownership, founded_on, email, phone))" \
    -c "\\copy enterprise_figures FROM '$TMP/pg/figures.csv' WITH (FORMAT csv, HEADER true)")
  a=$(psql "$URLA" -Atc "SELECT count(*) FROM enterprises"); b=$(psql "$URLB" -Atc "SELECT count(*) FROM enterprises")
  echo "postgres rows nscl=$a psql=$b"
  echo "postgres nscl_import_s $pn_s psql_copy_s $pr_s ratio $(awk -v a="$pn_s" -v b="$pr_s" 'BEGIN{printf "%.2f", a/b}') nscl_peak_rss_mb $pn_rss"
  for d in $DBA $DBB; do psql "$PG" -qc "DROP DATABASE IF EXISTS $d" >/dev/null; done
fi
