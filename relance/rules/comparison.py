"""Both aid regimes for the same request, and which one funds more.

The company chooses between the temporary State-aid framework and the GBER art. 31 (DGEFP
instruction of 7 September 2021); the operator suggests the one that funds more, given the
State aid the company already received (the temporary framework's cap). Each regime is decided
by the engine itself: a regime not in force on the filing date gets the engine's ineligible
answer, with its reason.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from relance.rules.contract import parse_request
from relance.rules.engine import evaluate
from relance.rules.fields import InputErrors
from relance.rules.labels import REGIME_LABELS, french_euros

if TYPE_CHECKING:
    from relance.rules.reforms import RuleSet

# In order of preference on a tie: the temporary framework first (issue 15).
COMPARED_REGIMES = ("temporary_framework", "gber")
CAP_REASONS = frozenset({"state_aid_cap_applied", "state_aid_cap_exhausted"})
UNEXPECTED_REGIME = {
    "field": "aid_regime",
    "code": "unexpected_field",
    "message": "Ce champ n'est pas attendu.",
}


def compare(payload: Any, rules: "RuleSet | None" = None) -> dict[str, Any]:
    """The evaluation contract without `aid_regime` in; each regime's decision and the
    recommended regime out, or {"errors": …} listing every input problem."""
    try:
        request = parse_request(_with_placeholder_regime(payload))
        errors = []
    except InputErrors as error:
        request, errors = None, error.errors
    if isinstance(payload, dict) and "aid_regime" in payload:
        errors = [UNEXPECTED_REGIME, *errors]
    if errors:
        return {"errors": errors}
    params = rules.in_force(request.filed_on) if rules else None
    decisions = {
        code: evaluate(request._replace(aid_regime=code), params) for code in COMPARED_REGIMES
    }
    result: dict[str, Any] = {code: decision.as_dict() for code, decision in decisions.items()}
    result["recommended"] = recommended(result)
    return result


def _with_placeholder_regime(payload: Any) -> Any:
    """The contract's parser wants a regime; any valid one will do, each is replaced."""
    if not isinstance(payload, dict):
        return payload
    return {**payload, "aid_regime": COMPARED_REGIMES[0]}


def recommended(result: dict[str, Any]) -> str | None:
    """The eligible regime with the higher funded amount; the first compared on a tie; None
    when neither is eligible."""
    eligible = [code for code in COMPARED_REGIMES if result[code]["eligible"]]
    if not eligible:
        return None
    return max(eligible, key=lambda code: Decimal(result[code]["funded_amount"]))


def explain(result: dict[str, Any]) -> str:
    """One French sentence saying which regime funds more, and by how much."""
    best = result["recommended"]
    if best is None:
        return "Aucun des deux régimes d'aide ne permet de financer cette demande."
    other = next(code for code in COMPARED_REGIMES if code != best)
    funded = Decimal(result[best]["funded_amount"])
    other_funded = Decimal(result[other]["funded_amount"])
    best_label, other_label = _label(best), _label(other)
    if not result[other]["eligible"]:
        return (
            f"Seul le régime « {best_label} » permet de financer cette demande "
            f"({french_euros(funded)}){_cap_note(other, result[other])}."
        )
    if funded == other_funded:
        return (
            f"Les deux régimes financent le même montant ({french_euros(funded)}) : "
            f"le régime « {best_label} » est suggéré."
        )
    return (
        f"Le régime « {best_label} » finance {french_euros(funded - other_funded)} de plus "
        f"que le régime « {other_label} » ({french_euros(funded)} contre "
        f"{french_euros(other_funded)}){_cap_note(other, result[other])}."
    )


def _cap_note(code: str, decision: dict[str, Any]) -> str:
    """The temporary framework's cap is per company: the aid already received explains why it
    funds less, or nothing."""
    reasons = {reason["code"] for reason in decision["reasons"]}
    capped = code == "temporary_framework" and reasons & CAP_REASONS
    return ", compte tenu des aides d'État déjà reçues" if capped else ""


def _label(code: str) -> str:
    label = REGIME_LABELS[code]
    return label[0].upper() + label[1:]
