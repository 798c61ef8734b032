#!/usr/bin/env bash
# The plain schemathesis command line, default phases and modes, against a server seeded with
# the 2022 demo year: no request may get a server error, and every answer has a documented
# status, content type and schema. Used by .ci/run; runs in ~4 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
export DATABASE_URL="sqlite:///$PWD/var/fuzz.sqlite3" RELANCE_TODAY=2022-03-15 RELANCE_TASKS_BACKEND=database
rm -f var/fuzz.sqlite3
.venv/bin/python manage.py migrate -v0
.venv/bin/relance load-reference > /dev/null
.venv/bin/relance demo --year 2022 --quiet > /dev/null
token=$(.venv/bin/relance createuser --role manager --username fuzz-manager --password "fuzz-Password-$RANDOM" --token | tail -1)
port=${FUZZ_PORT:-8765}
.venv/bin/relance serve "127.0.0.1:${port}" --no-worker > var/fuzz-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do curl -fs "http://127.0.0.1:${port}/api/v1/openapi.json" > /dev/null && break; sleep 1; done
.venv/bin/schemathesis run "http://127.0.0.1:${port}/api/v1/openapi.json" --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  -H "Authorization: Bearer ${token}"
