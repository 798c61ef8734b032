"""The public simulator's form and the evaluation contract it builds (nothing is kept)."""

import datetime as dt
from decimal import Decimal

from django import forms

from relance.reference.choices import PathwayKind, SituationKind
from relance.reference.models import Branch
from relance.reference.perimeter import idcc_in_perimeter
from relance.www.fields import FrenchDecimalField
from relance.www.wizard_forms import DATE_INPUT

MONEY = {"min_value": 0, "max_digits": 14, "decimal_places": 2, "required": False}
OTHER_BRANCH = "autre"


class SimulatorForm(forms.Form):
    headcount = forms.IntegerField(
        label="Effectif de l'entreprise", min_value=0, max_value=1_000_000
    )
    idcc = forms.CharField(
        label="IDCC de la convention collective",
        help_text="Le numéro à 4 chiffres qui figure sur les bulletins de paie ; à défaut, la branche.",
        max_length=4,
        required=False,
    )
    branch = forms.ChoiceField(label="ou branche professionnelle", required=False)
    annual_turnover = FrenchDecimalField(label="Chiffre d'affaires annuel (€, facultatif)", **MONEY)
    balance_sheet_total = FrenchDecimalField(label="Total du bilan (€, facultatif)", **MONEY)
    state_aid_received = FrenchDecimalField(
        label="Aides d'État déjà reçues au titre de l'encadrement temporaire (€, facultatif)",
        **MONEY,
    )
    situation = forms.ChoiceField(label="Situation actuelle", choices=SituationKind.choices)
    situation_start = forms.DateField(label="Depuis le", widget=DATE_INPUT)
    pathway = forms.ChoiceField(label="Parcours", choices=PathwayKind.choices)
    start = forms.DateField(label="Début de la formation", widget=DATE_INPUT)
    end = forms.DateField(label="Fin de la formation", widget=DATE_INPUT)
    cost = FrenchDecimalField(
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [
            ("", "—"),
            *Branch.objects.order_by("name").values_list("code", "name"),
            (OTHER_BRANCH, "Autre branche"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la formation précède son début.")
        if (data.get("disadvantaged") or 0) > (data.get("permanent") or 0):
            self.add_error(
                "disadvantaged", "Ils sont comptés parmi les salariés en CDI ou CDD ci-dessus."
            )
        idcc = data.get("idcc", "").strip()
        if idcc and not idcc.isdigit():
            self.add_error("idcc", "L'IDCC est un numéro de 1 à 4 chiffres.")
        elif not idcc and not data.get("branch") and "idcc" not in self.errors:
            self.add_error(
                "idcc",
                "Indiquez l'IDCC de votre convention collective ou choisissez votre branche.",
            )
        return data

    def outside_perimeter(self) -> bool:
        """An IDCC outside the operator's branches, or no IDCC and another branch."""
        idcc = self.cleaned_data["idcc"].strip()
        return not idcc_in_perimeter(idcc) if idcc else self.cleaned_data["branch"] == OTHER_BRANCH


def comparison_payload(data: dict, filed_on: dt.date) -> dict:
    """The evaluation contract of the simulated request, without its aid regime (both are
    compared)."""
    return {
        "filed_on": filed_on.isoformat(),
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
            "state_aid_received": f"{Decimal(data.get('state_aid_received') or 0):.2f}",
            **_optional_company_fields(data),
        },
        "pathway": data["pathway"],
        "training": {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "cost": f"{Decimal(data['cost']):.2f}",
            "mandatory_safety": data["mandatory_safety"],
        },
        "trainees": _trainees(data),
    }


def _trainees(data: dict) -> list[dict]:
    employee = {"contract": "permanent", "contract_end": None, "leaving_under_pse_or_rcc": False}
    apprentice = {**employee, "contract": "apprenticeship"}
    disadvantaged = data.get("disadvantaged") or 0
    return (
        [{**employee, "disadvantaged": True}] * disadvantaged
        + [employee] * (data["permanent"] - disadvantaged)
        + [apprentice] * data["apprentices"]
    )


def _optional_company_fields(data: dict) -> dict:
    """Given only when filled in: without them the rules decide on headcount alone."""
    fields = {"idcc": data["idcc"].strip().zfill(4)} if data.get("idcc") else {}
    for name in ("annual_turnover", "balance_sheet_total"):
        if data.get(name) is not None:
            fields[name] = f"{Decimal(data[name]):.2f}"
    return fields
