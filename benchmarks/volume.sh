#!/usr/bin/env bash
# The product at volume: each page's median (3 requests after a warm-up, logged in, server
# otherwise idle), the report's figures in-process, and DuckDB on the same rows, with the ratio.
#
#   benchmarks/volume.sh            PostgreSQL, 2021 at scale 10 (builds relance_volume, or reuses it)
#   benchmarks/volume.sh --sqlite   SQLite at 1×: the data `make run` serves (var/relance.sqlite3)
#
# Environment: VOLUME_DB (PostgreSQL database, default relance_volume), VOLUME_SCALE (10),
# VOLUME_PORT (8111). To time another page, add it to the lists below: {request} is the id of
# the year's latest request, {thread} that of a request with a message thread, {reference} its
# reference, {siren} its company's SIREN and {name} its company's name typed without accents.
# The bulk approval (50 requests in review at a time) runs last: it changes the data.
MANAGER_PAGES=(
  "/gestion/"
  "/gestion/?onglet=a_traiter"
  "/gestion/?onglet=suivies"
  "/gestion/?onglet=seconde_validation"
  "/gestion/?onglet=instruction"
  "/gestion/?onglet=traitees"
  "/gestion/?onglet=toutes"
  "/gestion/?q={name}"
  "/gestion/?q={siren}"
  "/gestion/?q={reference}"
  "/gestion/?montant_min=10000&montant_max=20000"
  "/gestion/?onglet=traitees&montant_min=5000&montant_max=15000&tri=montant"
  "/gestion/?statut=approved&branche=metallurgie"
  "/gestion/?delegation=ARA&parcours=anticipation&tri=montant"
  "/gestion/?annee=2021&age=60&tri=ancien"
  "/gestion/?tri=entreprise"
  "/gestion/?onglet=toutes&page=1500"
  "/gestion/?page=99999"
  "/gestion/export.csv?onglet=instruction"
  "/gestion/export.xlsx?onglet=instruction"
  "/gestion/export.csv?onglet=toutes"
  "/gestion/export.xlsx?onglet=toutes"
  "/finances/"
  "/finances/?page=99999"
  "/audit/"
  "/audit/?reference=FNE-2021-7381&du=2021-06-01&au=2021-12-31"
  "/audit/?page=99999"
  "/demandes/{request}/"
  "/demandes/{thread}/"
  "/enveloppes/2021/"
  "/pilotage/?annee=2021"
  "/pilotage/"
  "/bilan/2021"
)
ADVISER_PAGES=(
  "/gestion/"
  "/gestion/?onglet=suivies"
  "/gestion/?onglet=instruction"
  "/gestion/?onglet=toutes"
  "/gestion/?q={name}"
  "/gestion/?onglet=toutes&page=150"
  "/gestion/export.csv?onglet=traitees"
  "/gestion/export.xlsx?onglet=traitees"
  "/demandes/{thread}/"
)
FINANCE_PAGES=(
  "/finances/"
  "/finances/?q={name}"
  "/finances/?q={siren}"
  "/finances/?statut=paid&beneficiaire=company&du=2021-06-01&au=2021-09-30"
  "/finances/?page=2000"
  "/finances/export.csv?statut=approved"
  "/finances/export.xlsx?statut=approved"
)
COMPANY_PAGES=("/espace/")
MANAGER=demo-responsable
ADVISER=demo-conseiller
FINANCE=demo-finances
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

placeholders=$(.venv/bin/python manage.py shell -v0 -c "$(cat << 'PY'
from django.db.models import Count
from relance.companies.search import search_key
from relance.funding.models import FundingRequest as R
year = R.objects.filter(envelope__year=2021, company__delegation__code='ARA')
latest = year.order_by('-pk').first()
thread = year.annotate(n=Count('messages')).filter(n__gt=1, company__name__regex='[éèàç]').order_by('-pk').first() or latest
print(f'request={latest.pk} thread={thread.pk} reference={thread.reference} siren={thread.company.siren} name={search_key(thread.company.name).replace(" ", "+")}')
PY
)")
echo "$placeholders"
fill() {
  local page=$1 pair
  for pair in $placeholders; do page=${page//\{${pair%%=*}\}/${pair#*=}}; done
  echo "$page"
}
pages() { local page; for page in "$@"; do fill "$page"; done; }
mapfile -t MANAGER_PAGES < <(pages "${MANAGER_PAGES[@]}")
mapfile -t ADVISER_PAGES < <(pages "${ADVISER_PAGES[@]}")
mapfile -t FINANCE_PAGES < <(pages "${FINANCE_PAGES[@]}")
.venv/bin/relance serve "127.0.0.1:${PORT}" --no-worker > var/volume-serve.log 2>&1 &
server=$!
trap 'kill "$server" 2> /dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs -o /dev/null "http://127.0.0.1:${PORT}/" && break
  sleep 1
done
base="http://127.0.0.1:${PORT}"
echo "-- $MANAGER"
python3 benchmarks/page_medians.py "$base" "$MANAGER" "$PASSWORD" "${MANAGER_PAGES[@]}"
echo "-- $ADVISER"
python3 benchmarks/page_medians.py "$base" "$ADVISER" "$PASSWORD" "${ADVISER_PAGES[@]}"
echo "-- $FINANCE"
python3 benchmarks/page_medians.py "$base" "$FINANCE" "$PASSWORD" "${FINANCE_PAGES[@]}"
echo "-- $COMPANY"
python3 benchmarks/page_medians.py "$base" "$COMPANY" "$PASSWORD" "${COMPANY_PAGES[@]}"
echo "-- $MANAGER, bulk approval"
python3 benchmarks/page_medians.py "$base" "$MANAGER" "$PASSWORD" \
  --bulk "/gestion/?onglet=instruction&statut=in_review" approve 50
kill "$server"
wait "$server" 2> /dev/null || true

product=$(.venv/bin/python benchmarks/report_time.py 2021)
duck=$(.venv/bin/python benchmarks/duckdb_report.py 2021)
echo "$product"
echo "$duck"
ours=$(sed -E 's/.*median ([0-9]+) ms.*/\1/' <<< "$product")
theirs=$(sed -E 's/.*median ([0-9]+) ms.*/\1/' <<< "$duck")
python3 -c "print(f'report in-process / DuckDB full scan: {${ours} / max(${theirs}, 1):.2f}')"
