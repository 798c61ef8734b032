"""The scheme's public page and the anonymous "Suis-je éligible ?" simulator (nothing is kept)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.clock import today
from relance.funding.models import AidRegime
from relance.reference.models import Branch
from relance.reference.perimeter import delegation_contacts, other_schemes
from relance.reports.models import ReportEdition
from relance.rules.comparison import COMPARED_REGIMES, compare, explain
from relance.rules.labels import SITUATION_LABELS
from relance.rules.parameters import all_parameters, parameters_in_force
from relance.www.simulator_forms import SimulatorForm, comparison_payload


def scheme(request: HttpRequest) -> HttpResponse:
    params = parameters_in_force(today()) or all_parameters()[-1]
    regimes = [
        (
            r.label,
            [
                (b.max_headcount, {SITUATION_LABELS[k]: rate for k, rate in b.rates.items()})
                for b in r.bands
            ],
        )
        for r in params.regimes.values()
    ]
    editions = ReportEdition.objects.order_by("-year", "-number")[:5]
    return render(
        request,
        "www/public/scheme.html",
        {"params": params, "regimes": regimes, "editions": editions, "years": [2021, 2022]},
    )


def simulator(request: HttpRequest) -> HttpResponse:
    """A GET form: nothing is kept, so an answer can be bookmarked and no CSRF token is needed."""
    form = SimulatorForm(request.GET or None, initial={"situation_start": dt.date(2021, 1, 1)})
    context = {"form": form, "today": today()}
    if request.GET and form.is_valid():
        context |= _outside(form) if form.outside_perimeter() else _compared(form.cleaned_data)
    return render(request, "www/public/simulator.html", context)


def _outside(form: SimulatorForm) -> dict:
    idcc = form.cleaned_data["idcc"].strip()
    return {
        "outside": {
            "what": f"La convention collective IDCC {idcc.zfill(4)}" if idcc else "Votre branche",
            "schemes": other_schemes(),
            "contacts": delegation_contacts(),
            "branches": Branch.objects.prefetch_related("agreements").order_by("name"),
        }
    }


def _compared(data: dict) -> dict:
    result = compare(comparison_payload(data, today()))
    if "errors" in result:
        return {"errors": result}
    columns = [
        {
            "code": code,
            "label": AidRegime(code).label,
            "decision": result[code],
            "recommended": code == result["recommended"],
        }
        for code in COMPARED_REGIMES
    ]
    return {"columns": columns, "explanation": explain(result)}
