#!/usr/bin/env bash
# The fault and hostile-input campaign of issue 12, rerunnable; prints the figures the README's
# « Exploitation et sécurité » reports. Everything stays on this machine (127.0.0.1).
#   1. hostile inputs (API, pages, commands) and the login lockout behind a simulated proxy,
#      against `relance serve` with RELANCE_PROXY_COUNT=1 (benchmarks/hostile_inputs.py);
#   2. the 1 MB and 3 MB XLSX bombs through `relance import companies`, timed with their peak
#      memory (/usr/bin/time -v);
#   3. with KILL_DATABASE_URL=postgres://…/<db> (dropped and created afresh): 20 kill -9 of task
#      workers amid decision letters (benchmarks/kill_workers.py 120 20).
# Restored documents on a new host are checked by tests/audit/test_backup_archive.py, the
# import page's refusal of a bomb by tests/imports/test_bounded_imports.py.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${CAMPAIGN_PORT:-8112}
work=$(mktemp -d "${TMPDIR:-/tmp}/relance-campaign-XXXXXX")
export RELANCE_VAR_DIR="$work/var" RELANCE_TODAY=2022-03-15 RELANCE_TASKS_BACKEND=database \
       RELANCE_PROXY_COUNT=1 DATABASE_URL="sqlite:///$work/var/campaign.sqlite3"
mkdir -p "$RELANCE_VAR_DIR"
relance=.venv/bin/relance
# Byte-compiled as an installed deployment is (where PYTHONDONTWRITEBYTECODE is set, every
# command would otherwise compile Django and matplotlib again: seconds of CPU per command).
.venv/bin/python -m compileall -q -j0 relance .venv/lib > /dev/null 2>&1 || true
export DEBUG=false  # as in production: Django's own error pages, whitenoise's collected files
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py collectstatic --noinput -v0
$relance load-reference > /dev/null
$relance import companies examples/companies.csv --apply --quiet > /dev/null
password="Campagne-$RANDOM-$RANDOM-$RANDOM"
manager=$($relance createuser --role manager --username campagne-responsable --password "$password" --token | tail -1)
company=$($relance createuser --role company --siren 552100554 --username campagne-entreprise --password "$password" --token | tail -1)
$relance createuser --role finance --username campagne-finances --password "$password" > /dev/null
$relance createuser --role auditor --username campagne-victime --password "$password" > /dev/null
$relance serve "127.0.0.1:${port}" --no-worker > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:${port}/healthz" > /dev/null && break; sleep 1; done

echo "== 1. hostile inputs and lockout"
status=0
.venv/bin/python benchmarks/hostile_inputs.py "http://127.0.0.1:${port}" "$manager" "$company" "$password" || status=1
kill $server 2>/dev/null || true

echo "== 2. XLSX bombs (relance import companies; must exit 2 within 10 s under 300 MB)"
.venv/bin/python benchmarks/xlsx_bombs.py "$work"
for bomb in bomb-1mb bomb-3mb; do
  code=0
  /usr/bin/time -v -o "$work/$bomb.time" $relance import companies "$work/$bomb.xlsx" --apply \
    > /dev/null 2> "$work/$bomb.err" || code=$?
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$bomb.time")
  peak=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$work/$bomb.time")
  echo "$bomb.xlsx ($(du -k "$work/$bomb.xlsx" | cut -f1) kB): exit $code, ${seconds}, peak RSS ${peak} MiB — $(head -1 "$work/$bomb.err")"
  [ "$code" = 2 ] && [ "$peak" -lt 300 ] || status=1
done

if [ -n "${KILL_DATABASE_URL:-}" ]; then
  echo "== 3. 20 worker kills amid decision letters"
  DATABASE_URL="$KILL_DATABASE_URL" .venv/bin/python benchmarks/kill_workers.py 120 20 || status=1
fi
rm -rf "$work"
exit $status
