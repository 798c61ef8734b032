"""Build the rules engine's input (the `relance evaluate` JSON contract) from a request, stored
or being filled in. Storing the input in this shape lets anyone replay a decision."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Q, Sum

from relance.budget.models import EntryKind, LedgerEntry
from relance.clock import today
from relance.funding.models import AidRegime, FundingRequest

ZERO = Decimal("0.00")


def state_aid_received(company, *, excluding_request_id: int | None = None) -> Decimal:
    """The company's State aid under the temporary framework: what it declared received elsewhere
    plus the net commitments of its (other) requests under that framework in this system."""
    entries = LedgerEntry.objects.filter(
        request__company_id=company.pk, request__aid_regime=AidRegime.TEMPORARY_FRAMEWORK
    )
    if excluding_request_id is not None:
        entries = entries.exclude(request_id=excluding_request_id)
    sums = entries.aggregate(
        committed=Sum("amount", filter=Q(kind=EntryKind.COMMITMENT)),
        released=Sum("amount", filter=Q(kind=EntryKind.RELEASE)),
    )
    return company.declared_state_aid + (sums["committed"] or ZERO) - (sums["released"] or ZERO)


def _company(company, aid_received: Decimal) -> dict:
    """The optional financial figures are given only when known (absent = headcount alone)."""
    shape = {
        "headcount": company.headcount,
        "idcc": company.idcc,
        "situations": [
            {
                "kind": s.kind,
                "start": s.start.isoformat(),
                "end": s.end.isoformat() if s.end else None,
            }
            for s in company.situations.all()
        ],
        "in_difficulty_on_2019_12_31": company.in_difficulty_on_2019_12_31,
        "ceasing_activity": company.ceasing_activity,
        "pse_negotiation": company.pse_negotiation,
        "state_aid_received": f"{aid_received:.2f}",
    }
    for name in ("annual_turnover", "balance_sheet_total"):
        if (value := getattr(company, name)) is not None:
            shape[name] = f"{value:.2f}"
    return shape


def _trainee(trainee) -> dict:
    shape = {
        "contract": trainee.contract,
        "contract_end": trainee.contract_end.isoformat() if trainee.contract_end else None,
        "leaving_under_pse_or_rcc": trainee.leaving_under_pse_or_rcc,
    }
    if trainee.disadvantaged:  # absent = false: stored inputs of earlier requests stay as they were
        shape["disadvantaged"] = True
    return shape


def contract(
    *,
    company,
    filed_on: dt.date,
    aid_regime: str,
    pathway: str,
    actions: Sequence,
    trainees: Sequence,
    aid_received: Decimal,
) -> dict:
    """Actions are summed into one training: earliest start, latest end, total cost and hours."""
    return {
        "filed_on": filed_on.isoformat(),
        "company": _company(company, aid_received),
        "aid_regime": aid_regime,
        "pathway": pathway,
        "training": {
            "start": min(a.start for a in actions).isoformat(),
            "end": max(a.end for a in actions).isoformat(),
            "cost": f"{sum((a.cost for a in actions), ZERO):.2f}",
            "hours": f"{sum((a.hours for a in actions), ZERO):.2f}",
            "mandatory_safety": any(a.mandatory_safety for a in actions),
        },
        "trainees": [_trainee(t) for t in trainees],
    }


def rules_request(
    request: FundingRequest, *, filed_on: dt.date, trainees: Sequence | None = None
) -> dict:
    """`trainees` (in primary-key order) may be given as plain rows already read."""
    return contract(
        company=request.company,
        filed_on=filed_on,
        aid_regime=request.aid_regime,
        pathway=request.pathway,
        actions=list(request.actions.all()),
        trainees=list(request.trainees.all()) if trainees is None else trainees,
        aid_received=state_aid_received(request.company, excluding_request_id=request.pk),
    )


def estimate(*, company, data, filed_on: dt.date | None = None) -> dict:
    """The rules' decision on a request being filled in (nothing is stored)."""
    from relance.rules.contract import evaluate_json

    if not data.training_actions or not data.trainees:
        return {"eligible": False, "incomplete": True, "reasons": []}
    return evaluate_json(
        contract(
            company=company,
            filed_on=filed_on or today(),
            aid_regime=data.aid_regime,
            pathway=data.pathway,
            actions=data.training_actions,
            trainees=data.trainees,
            aid_received=state_aid_received(company),
        )
    )
