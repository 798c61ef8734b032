"""Simulations: replay a year under a reform; only the saved simulation itself is written."""

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, connections, transaction

from relance.reports.kept import Bands
from relance.rules.reforms import Reform, RuleSet
from relance.simulations.models import Simulation
from relance.simulations.replay import Part, judge_rows, status_changes, summarise
from relance.simulations.selectors import decided_ids, stored_rows

PARALLEL_FROM = 6000  # below, forking costs more than it saves
PART_SIZE = 2000  # requests per part: one query each, and the progress steps

# What every part needs, set before forking so that the workers inherit it (only the parts'
# bounds and their tallies travel between processes).
_JOB: tuple[int, RuleSet, RuleSet, Bands] | None = None
_IN_POOL = False  # true in the forked workers only


def simulation_compute(
    *, year: int, reform: Reform, progress: Callable[[int, int], None] | None = None
) -> tuple[dict, list[dict]]:
    """The summary (`relance simulate`'s JSON) and the requests whose eligibility changes.
    Reads only: the envelope and the ledger are never touched."""
    global _JOB
    ids = decided_ids(year=year)
    bounds = [
        (ids[i], ids[min(i + PART_SIZE, len(ids)) - 1]) for i in range(0, len(ids), PART_SIZE)
    ]
    _JOB = (year, RuleSet.of(None), RuleSet.of(reform, year=year), Bands())
    # The parameters, modules and rules live until the end: out of the cyclic collector's way
    # (and, once forked, pages the workers share stay shared).
    gc.freeze()
    total = Part()
    try:
        for part in _judged_parts(bounds, parallel=len(ids) >= PARALLEL_FROM):
            total.merge(part)
            if progress:
                progress(total.requests, len(ids))
    finally:
        _JOB = None
        gc.unfreeze()
    return summarise(year, reform.name, total), status_changes(total)


def _judged_parts(bounds: Sequence[tuple[int, int]], *, parallel: bool) -> Iterator[Part]:
    """Each part judged, in the order they finish. The engine is pure Python and holds the
    interpreter's lock: a large year is shared between processes, one per core, each reading
    its own parts from the database."""
    workers = min(os.cpu_count() or 1, len(bounds))
    # Inside a transaction the workers' own connections would not see its rows, and closing
    # ours would break it: judge in this process.
    if not parallel or workers < 2 or connection.in_atomic_block:
        yield from map(_judge_part, bounds)
        return
    connections.close_all()  # a forked worker must open its own connection, never share ours
    with multiprocessing.get_context("fork").Pool(workers, initializer=_enter_pool) as pool:
        yield from pool.imap_unordered(_judge_part, bounds)


def _judge_part(bounds: tuple[int, int]) -> Part:
    year, actual, simulated, bands = _JOB
    part = judge_rows(
        stored_rows(year=year, first=bounds[0], last=bounds[1], bands=bands), actual, simulated
    )
    if _IN_POOL:
        connections.close_all()  # the pool ends its workers abruptly: say goodbye to the server
    return part


def _enter_pool() -> None:
    global _IN_POOL
    _IN_POOL = True


@transaction.atomic
def simulation_start(*, actor, year: int, text: str, name: str, description: str) -> Simulation:
    """Save a simulation and ask the `long` queue to run it (after commit)."""
    simulation = Simulation.objects.create(
        name=name, description=description, year=year, reform=text, created_by=actor
    )
    from relance.simulations.tasks import run_simulation

    run_simulation.defer(simulation.pk)
    return simulation
