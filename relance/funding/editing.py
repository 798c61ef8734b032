"""Editing a request before it is decided: the company's draft, or its request sent back for
correction (« Renvoyer pour correction » is the information request). The rules run again on
each edit and the history keeps the amounts before and after. Once approved, a request changes
only by the operator's amendment (`money.request_amend`)."""

from django.db import transaction

from relance.accounts.models import User
from relance.clock import today
from relance.common.errors import ErrorCollector
from relance.funding.assignment import activity_noted
from relance.funding.data import EditData, validate_choices, validate_parts
from relance.funding.models import FundingRequest
from relance.funding.services import replace_parts
from relance.funding.transitions import check_state, decide, move, request_for_action
from relance.funding.workflow import Action
from relance.reports import kept_counts
from relance.rules.parameters import parameters_in_force


def request_edit(*, actor: User, request_id: int | str, data: EditData) -> FundingRequest:
    """Replace the request's actions and trainees (and its régime or pathway when given), then
    decide again. Checked in the contract's order: 404, 403, 422 (the data), 409 (the status)."""
    with transaction.atomic():
        request = request_for_action(
            actor=actor, request_id=request_id, action=Action.EDIT, lock=True
        )
        aid_regime = data.aid_regime or request.aid_regime
        pathway = data.pathway or request.pathway
        errors = ErrorCollector()
        validate_choices(aid_regime, pathway, errors)
        validate_parts(data.training_actions, data.trainees, errors)
        errors.raise_if_any()
        check_state(actor, request, Action.EDIT)
        before, from_pathway = request.funded_amount, request.pathway
        request.aid_regime, request.pathway = aid_regime, pathway
        request.save(update_fields=["aid_regime", "pathway", "updated_at"])
        replace_parts(request, data.training_actions, data.trainees)
        kept_counts.pathway_changed(request, from_pathway)
        _decide_if_rules(request)
        move(request, Action.EDIT, actor=actor, changes=_changes(before, request.funded_amount))
        activity_noted(actor=actor, request_id=request.pk)
    return request


def _decide_if_rules(request: FundingRequest) -> None:
    """A draft is decided on today's rules (its submission decides again); none in force, no
    decision yet."""
    if parameters_in_force(request.filed_on or today()) is not None:
        decide(request, on=today())


def _changes(before, after) -> dict:
    def shown(amount):
        return None if amount is None else f"{amount:.2f}"

    return {"funded_amount": [shown(before), shown(after)]}
