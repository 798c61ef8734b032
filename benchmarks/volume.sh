#!/usr/bin/env bash
# The product at volume: each page's median (3 requests after a warm-up, logged in, server
# otherwise idle), the report's figures in-process, and DuckDB on the same rows, with the ratio.
#
#   benchmarks/volume.sh            PostgreSQL, 2021 at scale 10 (builds relance_volume, or reuses it)
#   benchmarks/volume.sh --sqlite   SQLite at 1×: the data `make run` serves (var/relance.sqlite3)
#
# Environment: VOLUME_DB (PostgreSQL database, default relance_volume), VOLUME_SCALE (10),
# VOLUME_PORT (8111). To time another page, add it to the lists below ({request} is the id of
# the year's latest request).
MANAGER_PAGES=(
  "/gestion/"
  "/gestion/?statut=approved&branche=metallurgie"
  "/gestion/?delegation=ARA&parcours=anticipation&tri=montant"
  "/gestion/?annee=2021&age=60&tri=ancien"
  "/gestion/?tri=entreprise"
  "/gestion/?page=99999"
  "/finances/"
  "/finances/?page=99999"
  "/audit/"
  "/audit/?reference=FNE-2021-7381&du=2021-06-01&au=2021-12-31"
  "/audit/?page=99999"
  "/demandes/{request}/"
  "/pilotage/?annee=2021"
  "/pilotage/"
  "/bilan/2021"
)
COMPANY_PAGES=("/espace/")
MANAGER=demo-responsable
COMPANY=demo-entreprise
PASSWORD=demo-relance-2022

set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never RELANCE_TODAY=2022-03-15
PORT=${VOLUME_PORT:-8111}
uv sync --locked --group benchmark -q

if [ "${1:-}" = "--sqlite" ]; then
  export DATABASE_URL=""
  .venv/bin/python manage.py migrate -v0 && .venv/bin/relance load-reference > /dev/null
  .venv/bin/relance demo --year 2021 --if-empty --quiet > /dev/null
  .venv/bin/relance demo --year 2022 --if-empty --quiet > /dev/null
  echo "== SQLite, 1× (the data make run serves)"
else
  DB=${VOLUME_DB:-relance_volume}
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}"
  if psql -h 127.0.0.1 -U postgres -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    .venv/bin/python manage.py migrate -v0
  else
    createdb -h 127.0.0.1 -U postgres "$DB"
    .venv/bin/python manage.py migrate -v0 && .venv/bin/relance load-reference > /dev/null
    /usr/bin/time -f "relance demo --year 2021 --scale ${VOLUME_SCALE:-10}: %e s, peak RSS %M KiB" \
      nice .venv/bin/relance demo --year 2021 --scale "${VOLUME_SCALE:-10}" --quiet > /dev/null
  fi
  echo "== PostgreSQL ${DB}"
fi

request=$(.venv/bin/python manage.py shell -v0 -c "from relance.funding.models import FundingRequest as R; print(R.objects.filter(envelope__year=2021).order_by('-pk').values_list('pk', flat=True).first())")
.venv/bin/relance serve "127.0.0.1:${PORT}" --no-worker > var/volume-serve.log 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:${PORT}/" && break
  sleep 1
done
python3 benchmarks/page_medians.py "http://127.0.0.1:${PORT}" "$MANAGER" "$PASSWORD" "${MANAGER_PAGES[@]//\{request\}/$request}"
python3 benchmarks/page_medians.py "http://127.0.0.1:${PORT}" "$COMPANY" "$PASSWORD" "${COMPANY_PAGES[@]}"
kill "$server"
wait "$server" 2> /dev/null || true

product=$(.venv/bin/python benchmarks/report_time.py 2021)
duck=$(.venv/bin/python benchmarks/duckdb_report.py 2021)
echo "$product"
echo "$duck"
ours=$(sed -E 's/.*median ([0-9]+) ms.*/\1/' <<< "$product")
theirs=$(sed -E 's/.*median ([0-9]+) ms.*/\1/' <<< "$duck")
python3 -c "print(f'report in-process / DuckDB full scan: {${ours} / max(${theirs}, 1):.2f}')"
