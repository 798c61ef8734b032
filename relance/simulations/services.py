"""Simulations: replay a year under a reform; only the saved simulation itself is written."""

from collections.abc import Callable

from django.db import transaction

from relance.rules.reforms import Reform
from relance.simulations.models import Simulation
from relance.simulations.replay import Stored, judge, status_changes, summarise
from relance.simulations.selectors import decided_requests, stored_chunks


def simulation_compute(
    *, year: int, reform: Reform, progress: Callable[[int, int], None] | None = None
) -> tuple[dict, list[dict]]:
    """The summary (`relance simulate`'s JSON) and the requests whose eligibility changes.
    Reads only: the envelope and the ledger are never touched."""
    total = decided_requests(year=year).count()
    rows: list[Stored] = []

    def texts():
        for chunk in stored_chunks(year=year):
            rows.extend(chunk)
            yield [row.inputs for row in chunk]

    judged = judge(
        texts(),
        reform,
        year=year,
        total=total,
        progress=(lambda done: progress(done, total)) if progress else None,
    )
    return summarise(year, reform, rows, judged), status_changes(rows, judged)


@transaction.atomic
def simulation_start(*, actor, year: int, text: str, name: str, description: str) -> Simulation:
    """Save a simulation and ask the `long` queue to run it (after commit)."""
    simulation = Simulation.objects.create(
        name=name, description=description, year=year, reform=text, created_by=actor
    )
    from relance.simulations.tasks import run_simulation

    run_simulation.defer(simulation.pk)
    return simulation
