#!/usr/bin/env bash
# Throughput and peak memory of `relance evaluate --batch` on N requests, pinned to one core.
#   benchmarks/evaluate_batch.sh [N=100000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; runs=${2:-3}
input="var/bench-requests-$n.jsonl"
mkdir -p var
[ -s "$input" ] || .venv/bin/python benchmarks/make_requests.py "$n" > "$input"
echo "input: $n requests, $(du -h "$input" | cut -f1)"
for run in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %M" -o var/bench-time.txt taskset -c 0 .venv/bin/relance evaluate --batch "$input" > var/bench-decisions.jsonl 2>/dev/null || true
  read -r seconds peak_kb < var/bench-time.txt
  lines=$(wc -l < var/bench-decisions.jsonl)
  [ "$lines" -eq "$n" ] || { echo "expected $n decisions, got $lines" >&2; exit 1; }
  echo "run $run: ${seconds} s, $(python3 -c "print(round($n / $seconds))") decisions/s, peak RSS $((peak_kb / 1024)) MiB"
done
