#!/usr/bin/env bash
# relance demo and relance report --format json at scale 1 and 10, against PostgreSQL.
#   benchmarks/demo_report.sh [SCALES="1 10"]
# Each scale gets a fresh database relance_bench_s<N>; times and peak memory by /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
export RELANCE_TODAY=2022-03-15
for scale in ${1:-1 10}; do
  db="relance_bench_s${scale}"
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" -c "CREATE DATABASE ${db}" postgres
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
  .venv/bin/python manage.py migrate -v0 && .venv/bin/relance load-reference > /dev/null
  /usr/bin/time -f "%e %M" -o var/bench-demo.txt .venv/bin/relance demo --year 2021 --scale "$scale" --quiet > /dev/null
  read -r seconds peak < var/bench-demo.txt
  echo "scale ${scale}: relance demo --year 2021: ${seconds} s, peak RSS $((peak / 1024)) MiB"
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o var/bench-report.txt .venv/bin/relance report --year 2021 --format json > var/bench-report.json
    read -r seconds peak < var/bench-report.txt
    echo "scale ${scale}: relance report --format json (run ${run}): ${seconds} s, peak RSS $((peak / 1024)) MiB"
  done
  .venv/bin/python benchmarks/report_plans.py
done
