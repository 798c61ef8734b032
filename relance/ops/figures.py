"""Figures read from the database at scrape time: right whichever process answers, and after
restarts (the history and the ledger are the source, not an in-memory counter)."""

from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from relance.budget.models import Envelope
from relance.budget.selectors import envelope_totals
from relance.funding.models import TransitionLog
from relance.funding.workflow import Status
from relance.tasks.models import TaskRun


class DatabaseFigures:
    def collect(self) -> Iterator:
        yield self._tasks()
        approvals = CounterMetricFamily("relance_approvals", "Demandes accordées (engagements)")
        approvals.add_metric([], TransitionLog.objects.filter(to_status=Status.APPROVED).count())
        yield approvals
        yield self._envelopes()

    def _tasks(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "relance_tasks", "Tâches de fond par état et par file", labels=["state", "queue"]
        )
        counts = {
            (row["state"], row["queue_name"]): row["n"]
            for row in TaskRun.objects.values("state", "queue_name").annotate(n=Count("pk"))
        }
        for state in TaskRun.State.values:
            for queue in sorted({queue for _, queue in counts} | {"default"}):
                family.add_metric([state, queue], counts.get((state, queue), 0))
        return family

    def _envelopes(self) -> GaugeMetricFamily:
        family = GaugeMetricFamily(
            "relance_envelope_available_euros",
            "Enveloppe disponible (montant moins engagements nets), par année",
            labels=["scheme", "year"],
        )
        for envelope in Envelope.objects.order_by("scheme", "year"):
            available = envelope_totals(envelope).available
            family.add_metric([envelope.scheme, str(envelope.year)], float(available))
        return family
