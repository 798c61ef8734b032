"""The steps of the company's request form, and the spreadsheet paste of trainees."""

import datetime as dt
import re
from decimal import Decimal

from django import forms

from relance.common.errors import ErrorCollector
from relance.funding.data import ActionData, validate_parts
from relance.funding.models import AidRegime
from relance.reference.choices import PathwayKind, SituationKind
from relance.www.fields import FrenchDecimalField
from relance.www.trainee_paste import parse_trainees

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SituationStep(forms.Form):
    kind = forms.ChoiceField(
        label="Situation de l'entreprise",
        choices=[("", "— déjà enregistrée —"), *SituationKind.choices],
        required=False,
    )
    start = forms.DateField(label="Depuis le", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="Jusqu'au (facultatif)", required=False, widget=DATE_INPUT)
    evidence = forms.CharField(
        label="Référence du justificatif (n° d'autorisation AP, d'accord APLD…)",
        required=False,
        max_length=200,
    )
    evidence_file = forms.FileField(
        label="Justificatif (PDF, PNG ou JPEG, 10 Mo au plus)", required=False
    )

    def __init__(self, *args, has_active_situation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_active_situation = has_active_situation

    def clean(self):
        data = super().clean()
        if data.get("kind") and not data.get("start"):
            self.add_error("start", "Indiquez depuis quand la situation s'applique.")
        if not data.get("kind") and not self.has_active_situation:
            self.add_error(
                "kind",
                "Aucune situation n'est enregistrée pour votre entreprise : déclarez-en une.",
            )
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin précède le début.")
        return data


class PathwayStep(forms.Form):
    pathway = forms.ChoiceField(
        label="Parcours de formation", choices=PathwayKind.choices, widget=forms.RadioSelect
    )
    aid_regime = forms.ChoiceField(
        label="Régime d'aide d'État", choices=AidRegime.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label="Votre référence interne (facultatif)", required=False, max_length=60
    )


class ActionForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    provider_siret = forms.CharField(label="SIRET de l'organisme", max_length=20)
    provider_declaration_number = forms.CharField(
        label="N° de déclaration d'activité", max_length=14
    )
    hours = FrenchDecimalField(label="Heures", min_value=0, max_digits=8, decimal_places=2)
    start = forms.DateField(label="Début", widget=DATE_INPUT)
    end = forms.DateField(label="Fin", widget=DATE_INPUT)
    cost = FrenchDecimalField(
        label="Coût pédagogique (€)", min_value=0, max_digits=14, decimal_places=2
    )
    mandatory_safety = forms.BooleanField(
        label="Formation obligatoire à la sécurité", required=False
    )

    def clean(self):
        """The request's own checks (SIRET key, declaration number, dates…), run on this action
        now rather than at « Déposer »."""
        data = super().clean()
        if self.errors or not data:
            return data
        errors = ErrorCollector()
        validate_parts([ActionData(**data)], [], errors)
        for problem in errors.errors:
            match = re.match(r"training_actions\[0\]\.(\w+)", problem.field or "")
            if match and match[1] in self.fields:
                self.add_error(match[1], problem.message)
        return data


# One empty action to start with (min_num); « Ajouter une action » asks for one more.
ActionFormSet = forms.formset_factory(ActionForm, extra=0, max_num=10, min_num=1, validate_min=True)
MoreActionsFormSet = forms.formset_factory(
    ActionForm, extra=1, max_num=10, min_num=1, validate_min=True
)


class TraineesStep(forms.Form):
    rows = forms.CharField(
        label="Stagiaires : une ligne par salarié — référence ; contrat (CDI, CDD, apprentissage, professionnalisation) ; fin de contrat (jj/mm/aaaa, pour un CDD) ; sortant PSE/RCC (oui/non) ; travailleur handicapé ou défavorisé (oui/non)",
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "MAT-001;CDI\nMAT-002;CDD;30/06/2022\nMAT-003;CDI;;non;oui",
            }
        ),
        help_text="Collez directement les colonnes de votre tableur (tabulations ou points-virgules), avec ou sans sa ligne d'en-tête. N'indiquez jamais le numéro de sécurité sociale.",
    )

    def clean_rows(self) -> list[dict]:
        trainees, problems = parse_trainees(self.cleaned_data["rows"])
        if problems:
            raise forms.ValidationError(problems)
        if not trainees:
            raise forms.ValidationError("Indiquez au moins un stagiaire.")
        return trainees


def action_to_json(data: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, Decimal) else v)
        for k, v in data.items()
    }
