#!/usr/bin/env bash
# relance import companies on N rows (default 100,000), dry run then --apply then re-import,
# against a fresh PostgreSQL database (IMPORT_DB, default relance_bench_import). Times and peak
# memory (maximum resident set size) by /usr/bin/time. The largest file allowed:
#   benchmarks/import_companies.sh 1000000   (RELANCE_MAX_IMPORT_ROWS, about 95 MB of CSV)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
db=${IMPORT_DB:-relance_bench_import}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" -c "CREATE DATABASE ${db}" postgres
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
.venv/bin/python manage.py migrate -v0 && .venv/bin/relance load-reference > /dev/null
file="var/bench-companies-${n}.csv"
mkdir -p var
.venv/bin/python benchmarks/make_companies.py "$n" > "$file"
for mode in "" "--apply" "--apply"; do
  /usr/bin/time -f "%e %M" -o var/bench-import.txt .venv/bin/relance import companies "$file" $mode --quiet --report var/bench-rejets.csv > var/bench-import.out
  read -r seconds peak < var/bench-import.txt
  echo "import ${mode:-(dry run)}: ${seconds} s, peak RSS $((peak / 1024)) MiB — $(head -1 var/bench-import.out)"
done
