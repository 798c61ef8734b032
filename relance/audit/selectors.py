"""The audit trail: every transition of every request, with amounts before and after."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from relance.funding.models import TransitionLog


def audit_log(
    *,
    reference: str = "",
    actor: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[TransitionLog]:
    entries = TransitionLog.objects.select_related("request__company", "actor").order_by(
        "-at", "-pk"
    )
    if reference:
        entries = entries.filter(request__reference__icontains=reference)
    if actor:
        entries = entries.filter(actor__username__icontains=actor)
    # Ranges on the timestamp itself, not on its date, so the (at, id) index serves them.
    if since:
        entries = entries.filter(at__gte=_midnight(since))
    if until:
        entries = entries.filter(at__lt=_midnight(until + dt.timedelta(days=1)))
    return entries


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a day in the operator's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_row(entry: TransitionLog) -> list[str]:
    changes = "; ".join(
        f"{field} : {before} → {after}" for field, (before, after) in (entry.changes or {}).items()
    )
    return [
        entry.at.strftime("%d/%m/%Y %H:%M"),
        entry.actor.username if entry.actor else "—",
        entry.action,
        entry.request.reference,
        entry.request.company.siren,
        entry.get_from_status_display() or "—",
        entry.get_to_status_display(),
        changes,
        entry.comment,
    ]


AUDIT_HEADER = [
    "Date",
    "Par",
    "Action",
    "Demande",
    "SIREN",
    "Statut avant",
    "Statut après",
    "Montants avant → après",
    "Commentaire",
]
