"""The request form's live estimate: the rules' decision on what is typed so far, and both aid
regimes side by side with the one that funds more. Nothing is stored: the estimate endpoint
reads the step's fields as they are (htmx), the steps themselves recompute it on each submit."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from relance.clock import today
from relance.funding import perms
from relance.funding.data import ActionData, RequestData, TraineeData
from relance.funding.rules_input import contract, state_aid_received
from relance.rules.comparison import COMPARED_REGIMES, compare, explain
from relance.rules.labels import REGIME_LABELS
from relance.www.trainee_paste import parse_trainees
from relance.www.wizard_forms import ActionFormSet, action_to_json

SESSION_KEY = "request_wizard"
REGIMES = ("pathway", "aid_regime")


def request_data(wizard: dict, company) -> RequestData:
    actions = [
        ActionData(
            **{
                **a,
                "hours": Decimal(a["hours"]),
                "cost": Decimal(a["cost"]),
                "start": dt.date.fromisoformat(a["start"]),
                "end": dt.date.fromisoformat(a["end"]),
            }
        )
        for a in wizard.get("actions", [])
    ]
    trainees = [
        TraineeData(
            **{
                **t,
                "contract_end": dt.date.fromisoformat(t["contract_end"])
                if t["contract_end"]
                else None,
            }
        )
        for t in wizard.get("trainees", [])
    ]
    return RequestData(
        siren=company.siren,
        aid_regime=wizard.get("aid_regime", "temporary_framework"),
        pathway=wizard.get("pathway", "anticipation"),
        reference=wizard.get("reference") or None,
        training_actions=actions,
        trainees=trainees,
    )


def estimate_context(wizard: dict, company) -> dict:
    """The chosen regime's estimate and, once actions and trainees are known, both regimes."""
    data = request_data(wizard, company)
    if not data.training_actions or not data.trainees:
        return {"estimate": {"eligible": False, "incomplete": True, "reasons": []}}
    payload = contract(
        company=company,
        filed_on=today(),
        aid_regime=data.aid_regime,
        pathway=data.pathway,
        actions=data.training_actions,
        trainees=data.trainees,
        aid_received=state_aid_received(company),
    )
    del payload["aid_regime"]
    result = compare(payload)
    if "errors" in result:
        return {"estimate": result}
    chosen = wizard.get("aid_regime")
    return {
        "estimate": result[chosen] if chosen in COMPARED_REGIMES else None,
        "comparison": {
            "regimes": [(code, REGIME_LABELS[code], result[code]) for code in COMPARED_REGIMES],
            "recommended": result["recommended"],
            "chosen": chosen,
            "explanation": explain(result),
        },
    }


def typed_so_far(wizard: dict, step: int, post) -> dict:
    """The wizard as it would be with this step's fields as typed: what reads is taken, what does
    not yet is left as it was stored."""
    if step == 2:
        return {**wizard, **{k: post[k] for k in REGIMES if post.get(k)}}
    if step == 3:
        formset = ActionFormSet(post, prefix="actions")
        actions = (
            [
                action_to_json(form.cleaned_data)
                for form in formset.forms
                if form.is_valid() and form.cleaned_data
            ]
            if formset.management_form.is_valid()
            else []
        )
        return {**wizard, "actions": actions} if actions else wizard
    if step == 4:
        trainees, _ = parse_trainees(post.get("rows", ""))
        return {**wizard, "trainees": trainees} if trainees else wizard
    return wizard


@login_required
@require_POST
def wizard_estimate(request: HttpRequest, step: int) -> HttpResponse:
    """The estimate block alone, for htmx to swap in as the company types."""
    if not perms.can_use_portal(request.user):
        raise PermissionDenied("Cet espace est réservé aux entreprises.")
    wizard = typed_so_far(request.session.get(SESSION_KEY, {}), step, request.POST)
    return render(
        request, "www/portal/_estimate.html", estimate_context(wizard, request.user.company)
    )
