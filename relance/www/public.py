"""The scheme's public page and the anonymous "Suis-je éligible ?" simulator (nothing is kept)."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.clock import today
from relance.funding.models import AidRegime
from relance.reference.choices import PathwayKind, SituationKind
from relance.reference.models import Branch
from relance.reports.models import ReportEdition
from relance.rules.contract import evaluate_json
from relance.rules.labels import SITUATION_LABELS
from relance.rules.parameters import all_parameters, parameters_in_force
from relance.www.wizard_forms import DATE_INPUT


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


MONEY = {"min_value": 0, "max_digits": 14, "decimal_places": 2, "required": False}


class SimulatorForm(forms.Form):
    headcount = forms.IntegerField(
        label="Effectif de l'entreprise", min_value=0, max_value=1_000_000
    )
    idcc = forms.CharField(
        label="IDCC de la convention collective (facultatif)", max_length=4, required=False
    )
    annual_turnover = forms.DecimalField(label="Chiffre d'affaires annuel (€, facultatif)", **MONEY)
    balance_sheet_total = forms.DecimalField(label="Total du bilan (€, facultatif)", **MONEY)
    situation = forms.ChoiceField(label="Situation actuelle", choices=SituationKind.choices)
    situation_start = forms.DateField(label="Depuis le", widget=DATE_INPUT)
    aid_regime = forms.ChoiceField(label="Régime d'aide", choices=AidRegime.choices)
    pathway = forms.ChoiceField(label="Parcours", choices=PathwayKind.choices)
    start = forms.DateField(label="Début de la formation", widget=DATE_INPUT)
    end = forms.DateField(label="Fin de la formation", widget=DATE_INPUT)
    cost = forms.DecimalField(
        label="Coût pédagogique total (€)", min_value=0, max_digits=12, decimal_places=2
    )
    permanent = forms.IntegerField(
        label="Salariés en CDI ou CDD couvrant la formation",
        min_value=0,
        max_value=10_000,
        initial=1,
    )
    disadvantaged = forms.IntegerField(
        label="dont travailleurs handicapés ou défavorisés",
        min_value=0,
        max_value=10_000,
        initial=0,
        required=False,
    )
    apprentices = forms.IntegerField(
        label="Apprentis ou contrats de professionnalisation",
        min_value=0,
        max_value=10_000,
        initial=0,
    )
    mandatory_safety = forms.BooleanField(
        label="Formation obligatoire à la sécurité", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la formation précède son début.")
        if (data.get("disadvantaged") or 0) > (data.get("permanent") or 0):
            self.add_error(
                "disadvantaged", "Ils sont comptés parmi les salariés en CDI ou CDD ci-dessus."
            )
        if data.get("idcc") and not data["idcc"].strip().isdigit():
            self.add_error("idcc", "L'IDCC est un numéro de 1 à 4 chiffres.")
        return data


def simulator(request: HttpRequest) -> HttpResponse:
    form = SimulatorForm(request.GET or None, initial={"situation_start": dt.date(2021, 1, 1)})
    decision = (
        evaluate_json(_contract(form.cleaned_data)) if request.GET and form.is_valid() else None
    )
    outside = decision is not None and any(
        r["code"] == "idcc_outside_perimeter" for r in decision.get("reasons", [])
    )
    branches = Branch.objects.prefetch_related("agreements").order_by("name") if outside else []
    return render(
        request,
        "www/public/simulator.html",
        {"form": form, "decision": decision, "today": today(), "branches": branches},
    )


def _contract(data: dict) -> dict:
    employee = {"contract": "permanent", "contract_end": None, "leaving_under_pse_or_rcc": False}
    disadvantaged = data.get("disadvantaged") or 0
    apprentice = {
        "contract": "apprenticeship",
        "contract_end": None,
        "leaving_under_pse_or_rcc": False,
    }
    return {
        "filed_on": today().isoformat(),
        "company": {
            "headcount": data["headcount"],
            "situations": [
                {
                    "kind": data["situation"],
                    "start": data["situation_start"].isoformat(),
                    "end": None,
                }
            ],
            "in_difficulty_on_2019_12_31": False,
            "ceasing_activity": False,
            "pse_negotiation": False,
            "state_aid_received": "0.00",
            **_optional_company_fields(data),
        },
        "aid_regime": data["aid_regime"],
        "pathway": data["pathway"],
        "training": {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "cost": f"{Decimal(data['cost']):.2f}",
            "mandatory_safety": data["mandatory_safety"],
        },
        "trainees": [{**employee, "disadvantaged": True}] * disadvantaged
        + [employee] * (data["permanent"] - disadvantaged)
        + [apprentice] * data["apprentices"],
    }


def _optional_company_fields(data: dict) -> dict:
    """Given only when filled in: without them the rules decide on headcount alone."""
    fields = {"idcc": data["idcc"].strip().zfill(4)} if data.get("idcc") else {}
    for name in ("annual_turnover", "balance_sheet_total"):
        if data.get(name) is not None:
            fields[name] = f"{Decimal(data[name]):.2f}"
    return fields
