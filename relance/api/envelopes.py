from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from relance.accounts.models import User
from relance.api.auth import guard
from relance.api.schemas import ERRORS, Strict
from relance.budget import perms
from relance.budget.selectors import envelope_totals
from relance.budget.services import envelope_get_or_create, envelope_set_amount
from relance.budget.thresholds import KEEP
from relance.common.errors import Forbidden, NotFound
from relance.reports.forecast import envelope_forecast
from relance.rules.parameters import parameters_for_year

router = Router(tags=["Enveloppes"])


class EnvelopeOut(Schema):
    amount: str
    operator_costs: str
    second_approval_above: str | None
    committed: str
    released: str
    net_committed: str
    paid: str
    available: str


class PipelineOut(Schema):
    requests: int
    amount: str


class ForecastOut(Schema):
    as_of: str
    available: str
    pipeline: PipelineOut
    approval_ratio: str | None
    weekly_run_rate: str
    exhaustion_date: str | None


class EnvelopeIn(Strict):
    amount: Decimal
    # The operator's own costs, never committed; absent = unchanged (0 on a new envelope).
    operator_costs: Decimal | None = None
    # The four-eyes threshold: an amount, null = off; absent = unchanged.
    second_approval_above: Decimal | None = None


def _year(year: str) -> int:
    if not year.isdigit() or not 2000 <= int(year) <= 2100:
        raise NotFound("Enveloppe introuvable.")
    return int(year)


def _may(check):
    def guard_check(request: HttpRequest, user: User, scheme: str, year: str) -> None:
        exists = parameters_for_year(_year(year), scheme) is not None
        if not exists:
            raise NotFound(f"Aucune enveloppe {scheme} pour {year}.")
        if not check(user):
            raise Forbidden("Votre rôle ne permet pas cette opération sur les enveloppes.")

    return guard_check


@router.get("/envelopes/{scheme}/{year}", response={200: EnvelopeOut, **ERRORS})
@guard(_may(perms.can_view_envelope))
def envelope_get(request: HttpRequest, scheme: str, year: str):
    """Montant, frais de gestion de l'opérateur, engagements (bruts), dégagements, engagements nets, paiements, disponible (montant − frais de gestion − engagements nets) et seuil de double validation (null : aucun) d'une enveloppe."""
    envelope = envelope_get_or_create(scheme=scheme, year=_year(year))
    return _out(envelope, envelope_totals(envelope))


@router.put("/envelopes/{scheme}/{year}", response={200: EnvelopeOut, **ERRORS})
@guard(_may(perms.can_adjust_envelope))
def envelope_put(request: HttpRequest, scheme: str, year: str, payload: EnvelopeIn):
    """Fixe le montant de l'enveloppe (écriture d'ajustement) et, si donnés, ses frais de gestion de l'opérateur (absents : inchangés, 0 pour une enveloppe créée ici) et son seuil de double validation `second_approval_above` (un montant, null : pas de double validation ; absent : inchangé ; chaque changement est journalisé dans l'audit) ; jamais sous les engagements nets augmentés des frais de gestion (409)."""
    threshold = (
        payload.second_approval_above
        if "second_approval_above" in payload.model_fields_set
        else KEEP
    )
    envelope, totals = envelope_set_amount(
        actor=request.auth,
        scheme=scheme,
        year=_year(year),
        amount=payload.amount,
        operator_costs=payload.operator_costs,
        second_approval_above=threshold,
    )
    return _out(envelope, totals)


def _out(envelope, totals) -> dict:
    threshold = envelope.second_approval_above
    return {
        **totals.as_dict(),
        "second_approval_above": None if threshold is None else f"{threshold:.2f}",
    }


@router.get("/envelopes/{scheme}/{year}/forecast", response={200: ForecastOut, **ERRORS})
@guard(_may(perms.can_view_envelope))
def envelope_forecast_get(request: HttpRequest, scheme: str, year: str):
    """Prévision d'épuisement : disponible, demandes en cours, taux d'approbation, rythme hebdomadaire des 8 dernières semaines et date d'épuisement (null si l'enveloppe dure au-delà de la date limite de dépôt)."""
    forecast = envelope_forecast(scheme=scheme, year=_year(year))
    if forecast is None:
        raise NotFound(f"Aucune enveloppe {scheme} pour {year}.")
    return forecast.as_dict()
