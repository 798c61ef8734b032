#!/usr/bin/env bash
# The whole suite in two passes: everything that can share the machine on all its cores
# (pytest-xdist, one test database per worker; the demo builds too), then, on one core, what
# must not: the tests marked serial (they time themselves or fork a process pool) and the
# concurrency tests (their threads contend for row locks). Extra arguments (paths, -k …) go to both passes. A pass that selects no test is
# reported; if neither ran a test, that is a failure (exit 5), never a silent pass.
set -uo pipefail
cd "$(dirname "$0")/.."
workers=${PYTEST_WORKERS:-2}
alone="serial or concurrency"
ran=0

pass() {
  local name=$1
  shift
  local start=$SECONDS
  .venv/bin/pytest "$@"
  local status=$?
  echo "make test: the ${name} pass ended with status ${status} after $((SECONDS - start)) s" >&2
  case "$status" in
    0) ran=1 ;;
    5) echo "make test: the ${name} pass selected no test." >&2 ;;
    *) exit "$status" ;;
  esac
}

pass "parallel (${workers} workers)" -n "$workers" -m "not (${alone})" "$@"
pass "one-core" -m "${alone}" "$@"
if [ "$ran" -eq 0 ]; then
  echo "make test: no test ran; that is a failure, not a pass." >&2
  exit 5
fi
