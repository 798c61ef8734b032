"""The steering dashboard: envelope consumption, the live figures with drill-down, processing times."""

import base64
import statistics

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.clock import today
from relance.common.replica import replica_reads
from relance.funding.models import FundingRequest, TransitionLog
from relance.funding.workflow import Status
from relance.reports import perms
from relance.reports.queries import report_figures
from relance.rules.parameters import parameters_in_force

DECISIONS = [Status.APPROVED, Status.AWAITING_SECOND_APPROVAL, Status.REFUSED]


@login_required
@replica_reads()
def dashboard(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_live_report(request.user):
        raise PermissionDenied("Le pilotage est réservé aux responsables et aux auditeurs.")
    params = parameters_in_force(today())
    year = (
        int(request.GET["annee"])
        if request.GET.get("annee", "").isdigit()
        else (params.year if params else today().year)
    )
    from relance.reports import (
        charts,
    )  # matplotlib: imported when a chart is drawn, not at start-up

    figures = report_figures(year=year, as_of=today())
    chart = charts.render("monthly", figures, "svg") if figures["monthly"] else None
    context = {
        "year": year,
        "f": figures,
        "years": [2021, 2022],
        "chart": "data:image/svg+xml;base64," + base64.b64encode(chart).decode() if chart else None,
        "processing": processing_times(year),
    }
    return render(request, "www/dashboard/dashboard.html", context)


def processing_times(year: int) -> list[dict]:
    """Median days from submission to the first decision, by delegation."""
    first = TransitionLog.objects.filter(request=OuterRef("pk")).order_by("at")
    rows = (
        FundingRequest.objects.filter(envelope__year=year)
        .annotate(
            submitted=Subquery(first.filter(to_status=Status.SUBMITTED).values("at")[:1]),
            decided=Subquery(first.filter(to_status__in=DECISIONS).values("at")[:1]),
        )
        .filter(submitted__isnull=False, decided__isnull=False)
        .values_list("company__delegation__name", "submitted", "decided")
    )
    durations: dict[str, list[int]] = {}
    for name, submitted, decided in rows.iterator(chunk_size=5000):
        durations.setdefault(name, []).append((decided - submitted).days)
    return sorted(
        (
            {"delegation": name, "median": statistics.median(days), "count": len(days)}
            for name, days in durations.items()
        ),
        key=lambda r: r["delegation"],
    )
