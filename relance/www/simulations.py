"""The managers' simulations: build or upload a reform, follow its replay, read and download it."""

import base64

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from relance.simulations import perms
from relance.simulations.builder import editable
from relance.simulations.charts import comparison_svg
from relance.simulations.exports import workbook
from relance.simulations.models import Simulation
from relance.simulations.services import simulation_start
from relance.www.simulation_forms import YEARS, BuilderForm, UploadForm

SHOWN_CHANGES = 100
TABLES = {
    "by_delegation": "Par délégation",
    "by_branch": "Par branche",
    "by_size_band": "Par taille d'entreprise",
    "by_pathway": "Par parcours",
}


def _manager(request: HttpRequest) -> None:
    if not perms.can_simulate(request.user):
        raise PermissionDenied("Les simulations sont réservées aux responsables.")


@login_required
def simulation_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    simulations = Simulation.objects.select_related("created_by").defer("summary", "changes")[:50]
    return render(request, "www/simulations/list.html", {"simulations": simulations})


@login_required
def simulation_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    asked = request.GET.get("annee", "")
    year = int(asked) if asked in {str(y) for y in YEARS} else YEARS[0]
    fields = editable(year)
    upload = UploadForm(request.POST or None, request.FILES or None, prefix="upload")
    builder = BuilderForm(request.POST or None, fields=fields, year=year, prefix="form")
    if request.method == "POST":
        form = upload if "upload" in request.POST else builder
        if form.is_valid():
            simulation = simulation_start(actor=request.user, **form.reform())
            return redirect("simulation-detail", pk=simulation.pk)
    context = {"upload": upload, "builder": builder, "year": year, "years": YEARS}
    return render(request, "www/simulations/new.html", context)


def _data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    simulation = get_object_or_404(Simulation, pk=pk)
    summary = simulation.summary
    context = {
        "simulation": simulation,
        "s": summary,
        # An image, not inline SVG: the CSP (no inline styles) would paint matplotlib's shapes black.
        "chart": _data_uri(comparison_svg(summary)) if summary else None,
        "tables": [(title, summary[axis]) for axis, title in TABLES.items()] if summary else [],
        "changes": (simulation.changes or [])[:SHOWN_CHANGES],
        "more_changes": max(0, len(simulation.changes or []) - SHOWN_CHANGES),
    }
    return render(request, "www/simulations/detail.html", context)


@login_required
def simulation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    simulation = get_object_or_404(Simulation, pk=pk, state=Simulation.State.DONE)
    response = HttpResponse(
        workbook(simulation.summary, simulation.changes or []),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="simulation-{simulation.pk}.xlsx"'
    return response


@login_required
def simulation_reform(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    simulation = get_object_or_404(Simulation, pk=pk)
    response = HttpResponse(simulation.reform, content_type="application/toml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{simulation.name}.toml"'
    return response
