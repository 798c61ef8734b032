"""Build the rules engine's input (the `relance evaluate` JSON contract) from a stored request.

Storing the input in this shape lets anyone replay a decision with `relance evaluate`.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum

from relance.budget.models import EntryKind, LedgerEntry
from relance.funding.models import AidRegime, FundingRequest

ZERO = Decimal("0.00")


def state_aid_received(request: FundingRequest) -> Decimal:
    """The company's State aid under the temporary framework: what it declared received elsewhere
    plus the net commitments of its other requests under that framework in this system."""
    sums = (
        LedgerEntry.objects.filter(
            request__company_id=request.company_id,
            request__aid_regime=AidRegime.TEMPORARY_FRAMEWORK,
        )
        .exclude(request_id=request.pk)
        .aggregate(
            committed=Sum("amount", filter=Q(kind=EntryKind.COMMITMENT)),
            released=Sum("amount", filter=Q(kind=EntryKind.RELEASE)),
        )
    )
    net = (sums["committed"] or ZERO) - (sums["released"] or ZERO)
    return request.company.declared_state_aid + net


def rules_request(request: FundingRequest, *, filed_on: dt.date) -> dict:
    company = request.company
    actions = list(request.actions.all())
    return {
        "filed_on": filed_on.isoformat(),
        "company": {
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
            "state_aid_received": f"{state_aid_received(request):.2f}",
        },
        "aid_regime": request.aid_regime,
        "pathway": request.pathway,
        "training": {
            "start": min(a.start for a in actions).isoformat(),
            "end": max(a.end for a in actions).isoformat(),
            "cost": f"{sum((a.cost for a in actions), ZERO):.2f}",
            "hours": f"{sum((a.hours for a in actions), ZERO):.2f}",
            "mandatory_safety": any(a.mandatory_safety for a in actions),
        },
        "trainees": [
            {
                "contract": t.contract,
                "contract_end": t.contract_end.isoformat() if t.contract_end else None,
                "leaving_under_pse_or_rcc": t.leaving_under_pse_or_rcc,
            }
            for t in request.trainees.all()
        ],
    }
