#!/usr/bin/env bash
# Wall time and peak memory of `relance simulate` on the database DATABASE_URL points at
# (a demo year: 1× after `relance demo --year 2021`, 10× a copy of the reference database).
#   DATABASE_URL=postgres://… benchmarks/simulate.sh [YEAR=2021] [RUNS=3]
# Both cores may be used (the judging forks once the year has more than 6 000 requests).
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2021}; runs=${2:-3}
mkdir -p var
for reform in examples/reforms/*.toml; do
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o var/bench-time.txt \
      .venv/bin/relance simulate --year "$year" --reform "$reform" --format json > var/bench-simulation.json
    read -r seconds peak_kb < var/bench-time.txt
    summary=$(python3 -c "import json; s = json.load(open('var/bench-simulation.json')); print(s['requests'], 'requests, difference', s['difference'])")
    echo "$(basename "$reform") run $run: ${seconds} s, peak RSS $((peak_kb / 1024)) MiB ($summary)"
  done
done
