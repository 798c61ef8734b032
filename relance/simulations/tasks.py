"""A simulation as a background task on the `long` queue, its progress saved as it goes."""

from django.utils import timezone

from relance.rules.reforms import ReformError, loads
from relance.simulations.models import Simulation
from relance.simulations.services import simulation_compute
from relance.tasks.queues import LONG_QUEUE
from relance.tasks.runs import durable

State = Simulation.State


@durable(queue_name=LONG_QUEUE)
def run_simulation(simulation_id: int) -> str:
    simulation = Simulation.objects.get(pk=simulation_id)
    rows = Simulation.objects.filter(pk=simulation_id)
    # A recovered run starts over: the simulation writes nothing but its own row.
    rows.update(state=State.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        rows.update(done=done, total=total)

    try:
        reform = loads(simulation.reform, source=simulation.name, year=simulation.year)
    except ReformError as error:
        rows.update(state=State.FAILED, error=str(error), finished_at=timezone.now())
        return str(error)
    summary, changes = simulation_compute(year=simulation.year, reform=reform, progress=progress)
    rows.update(state=State.DONE, summary=summary, changes=changes, finished_at=timezone.now())
    return f"{summary['requests']} demandes rejugées"
