#!/usr/bin/env bash
# Wall time, CPU time and peak memory of `relance simulate` on the database DATABASE_URL points
# at (a demo year: 1× after `relance demo --year 2021`, 10× a copy of the reference database),
# for each example reform; and, once, that the result agrees to the cent with
# `relance export-inputs | relance evaluate --batch --reform F`.
#   DATABASE_URL=postgres://… benchmarks/simulate.sh [YEAR=2021] [RUNS=3]
# Both cores may be used: from 6 000 requests the year is cut into parts of 2 000 that one
# process per core reads from the database and judges. Budget: 2 s at 1×, 15 s at 10×.
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2021}; runs=${2:-3}
mkdir -p var
# These machines set PYTHONDONTWRITEBYTECODE=1: without compiled files every command start
# compiles Django and the project again (3.8 s of CPU instead of 1.0 s). Compile them once
# (a no-op when up to date), as a deployment would.
.venv/bin/python -m compileall -q -j0 .venv/lib relance > /dev/null
echo "cores: $(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for reform in examples/reforms/*.toml; do
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o var/bench-time.txt \
      .venv/bin/relance simulate --year "$year" --reform "$reform" --format json > var/bench-simulation.json
    read -r seconds user system peak_kb < var/bench-time.txt
    summary=$(python3 -c "import json; s = json.load(open('var/bench-simulation.json')); print(s['requests'], 'requests, difference', s['difference'])")
    cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
    echo "$(basename "$reform") run $run: ${seconds} s wall, ${cpu} s CPU, peak RSS $((peak_kb / 1024)) MiB ($summary)"
  done
  # The same year through the pipe, summed: the simulated side must agree to the cent.
  .venv/bin/relance export-inputs --year "$year" \
    | .venv/bin/relance evaluate --batch --reform "$reform" 2>/dev/null \
    | python3 -c "
import json, sys
from decimal import Decimal
answers = [json.loads(line) for line in sys.stdin]
funded = sum((Decimal(a['funded_amount']) for a in answers if a.get('eligible')), Decimal('0.00'))
simulated = json.load(open('var/bench-simulation.json'))['simulated']['funded']
assert f'{funded:.2f}' == simulated, (funded, simulated)
print(f'  agrees with export-inputs | evaluate --batch: {simulated} €')
"
done
