"""The steering dashboard: envelope consumption, the live figures with drill-down, processing times."""

import base64

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.clock import today
from relance.common.replica import replica_reads
from relance.reports import perms
from relance.reports.document import svg_charts
from relance.reports.forecast import Forecast, envelope_forecast
from relance.reports.kept_reads import processing_medians
from relance.reports.queries import report_figures
from relance.rules.parameters import parameters_in_force


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
    figures = report_figures(year=year, as_of=today())
    forecast = envelope_forecast(year=year)
    chart = burn_up_chart(figures, forecast)
    context = {
        "year": year,
        "f": figures,
        "years": [2021, 2022],
        "chart": "data:image/svg+xml;base64," + base64.b64encode(chart).decode() if chart else None,
        "processing": processing_times(year),
        "forecast": forecast,
    }
    return render(request, "www/dashboard/dashboard.html", context)


def burn_up_chart(figures: dict, forecast: Forecast | None) -> bytes | None:
    """Net commitments month by month against the envelope, with the forecast's projection."""
    if not figures["monthly"]:
        return None
    projection = forecast.projection_by_month() if forecast else []
    return svg_charts({**figures, "projection": projection}, ("monthly",))["monthly"].encode()


def processing_times(year: int) -> list[dict]:
    """Median days from submission to the first decision, by delegation (kept histogram)."""
    return processing_medians(year)
