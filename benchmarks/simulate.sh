#!/usr/bin/env bash
# Wall time, CPU time and peak memory of `relance simulate` on the database DATABASE_URL points
# at (a demo year: 1× after `relance demo --year 2021`, 10× after `--scale 10`), for each example
# reform, with the median of the runs; and, once per reform, that the result agrees to the cent
# with `relance export-inputs | relance evaluate --batch --reform F`.
#   DATABASE_URL=… benchmarks/simulate.sh [YEAR=2021] [RUNS=3]
#   DATABASE_URL=… BASE=main benchmarks/simulate.sh 2021 5   # before/after, runs interleaved
# With BASE (a git revision), its `relance/` is extracted into var/bench-base and run with the
# same environment, alternating with this tree's, so that both see the same machine load; the
# script prints both medians and their ratio. hyperfine is not installed here: repeated runs of
# /usr/bin/time instead. Both cores may be used. Budget: 2 s at 1×, 15 s at 10× (wall).
set -euo pipefail
cd "$(dirname "$0")/.."
year=${1:-2021}; runs=${2:-3}; base=${BASE:-}
mkdir -p var
# These machines set PYTHONDONTWRITEBYTECODE=1: without compiled files every command start
# compiles Django again (3.8 s of CPU instead of 1.0 s). `make install` ships them (uv
# --compile-bytecode); compile anyway (a no-op when up to date), as a deployment would.
.venv/bin/python -m compileall -q -j0 .venv/lib relance > /dev/null
if [ -n "$base" ]; then
  rm -rf var/bench-base && mkdir -p var/bench-base
  git archive "$base" relance | tar -x -C var/bench-base
  .venv/bin/python -m compileall -q -j0 var/bench-base > /dev/null
fi
echo "cores: $(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# One timed run: "wall cpu peak_mib" on stdout; the JSON in var/bench-simulation.json.
timed() {  # timed DIR REFORM
  (cd "$1" && /usr/bin/time -f "%e %U %S %M" -o "$OLDPWD/var/bench-time.txt" \
    "$OLDPWD/.venv/bin/python" -m relance.cli simulate --year "$year" --reform "$2" \
    --format json > "$OLDPWD/var/bench-simulation.json")
  read -r wall user system peak_kb < var/bench-time.txt
  python3 -c "print($wall, round($user + $system, 2), $peak_kb // 1024)"
}

for reform in "$PWD"/examples/reforms/*.toml; do
  : > var/bench-branch.txt; : > var/bench-base.txt
  for run in $(seq 1 "$runs"); do
    if [ -n "$base" ]; then
      timed var/bench-base "$reform" >> var/bench-base.txt
      cp var/bench-simulation.json var/bench-base-simulation.json
    fi
    timed . "$reform" >> var/bench-branch.txt
    if [ -n "$base" ]; then
      cmp -s var/bench-simulation.json var/bench-base-simulation.json \
        || { echo "the result differs from $base's"; exit 1; }
    fi
  done
  python3 - "$(basename "$reform")" "$base" <<'EOF'
import json, statistics, sys
name, base = sys.argv[1], sys.argv[2]
def read(path):
    return [tuple(map(float, line.split())) for line in open(path) if line.strip()]
def line(label, rows):
    walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
    print(f"  {label}: wall median {statistics.median(walls):.2f} s "
          f"({min(walls):.2f}–{max(walls):.2f}), CPU median {statistics.median(cpus):.2f} s, "
          f"peak RSS {int(max(r[2] for r in rows))} MiB")
    return statistics.median(walls), statistics.median(cpus)
s = json.load(open("var/bench-simulation.json"))
print(f"{name}: {s['requests']} requests, difference {s['difference']} ({len(read('var/bench-branch.txt'))} runs)")
wall, cpu = line("this tree", read("var/bench-branch.txt"))
if base:
    base_wall, base_cpu = line(base, read("var/bench-base.txt"))
    print(f"  this tree / {base}: wall × {wall / base_wall:.2f}, CPU × {cpu / base_cpu:.2f} (same results)")
EOF
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
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
