"""The amounts of an eligible request: eligible cost, rate, GBER uplift and the regime's cap."""

from decimal import Decimal

from relance.rules.decision import Reason
from relance.rules.inputs import RequestInput
from relance.rules.labels import SITUATION_LABELS, french_euros, french_points, french_rate
from relance.rules.money import ZERO, split_by_head, to_cents
from relance.rules.parameters import BranchOverride, Parameters, Regime
from relance.rules.trainees import Heads


def base_rate(
    request: RequestInput, regime: Regime, situations: list[str]
) -> tuple[Decimal, list[Reason]]:
    """The regime's rate for the company's size category and the most favourable of its
    situations (instruction of 27 January 2021). GBER's categories follow Annex I: headcount
    and, when given, the annual turnover or balance-sheet total."""
    company = request.company
    rates = regime.rates_for(
        company.headcount, company.annual_turnover, company.balance_sheet_total
    )
    rate = max(rates[kind] for kind in situations)
    if len(situations) < 2:
        return rate, []
    listed = ", ".join(f"{SITUATION_LABELS[k]} {french_rate(rates[k])}" for k in situations)
    return rate, [
        Reason(
            "most_favourable_rate",
            f"Plusieurs situations ouvrent droit à l'aide ({listed}) : le taux le plus favorable, {french_rate(rate)}, s'applique.",
            blocking=False,
        )
    ]


def eligible_cost_of(
    request: RequestInput, eligible_trainees: int, override: BranchOverride | None
) -> tuple[Decimal, list[Reason]]:
    """Eligible cost = pedagogical cost of eligible trainees, prorated by head when some are
    excluded; limited by a branch's hourly-cost cap × hours when one is set."""
    training, total = request.training, len(request.trainees)
    cost, reasons = training.cost, []
    if eligible_trainees < total:
        cost = to_cents(training.cost * eligible_trainees / total)
        reasons.append(
            Reason(
                "cost_prorated",
                f"Coût éligible proratisé : {eligible_trainees} stagiaire(s) éligible(s) sur {total}, soit {french_euros(cost)}.",
                blocking=False,
            )
        )
    if override is not None and override.hourly_cost_cap is not None:
        ceiling = to_cents(override.hourly_cost_cap * training.hours)
        if cost > ceiling:
            cost = ceiling
            reasons.append(
                Reason(
                    "branch_hourly_cost_cap",
                    f"Critère de branche : coût horaire plafonné à {french_euros(override.hourly_cost_cap)} × "
                    f"{training.hours} h, soit un coût éligible de {french_euros(ceiling)}.",
                    blocking=False,
                )
            )
    return cost, reasons


def funded_before_cap(
    eligible_cost: Decimal, rate: Decimal, regime: Regime, heads: Heads
) -> tuple[Decimal, list[Reason]]:
    """Eligible cost × rate, rounded half-up to the cent. Under GBER art. 31(4)(a) the rate of
    disabled or disadvantaged workers is raised (up to its maximum): with mixed trainees the
    eligible cost is split by head between the two rates and rounded once, on the total."""
    base = to_cents(eligible_cost * rate)
    uplifted = regime.uplifted(rate)
    if heads.disadvantaged == 0 or uplifted == rate:
        return base, []
    funded = split_by_head(eligible_cost, rate, uplifted, heads.eligible, heads.disadvantaged)
    return funded, [
        Reason(
            "disadvantaged_uplift",
            f"Majoration de {french_points(uplifted - rate)} (taux de {french_rate(uplifted)}) pour "
            f"{heads.disadvantaged} stagiaire(s) handicapé(s) ou défavorisé(s) sur {heads.eligible} : "
            f"{french_euros(funded - base)} de plus.",
            blocking=False,
        )
    ]


def apply_cap(
    request: RequestInput, params: Parameters, funded: Decimal
) -> tuple[Decimal, list[Reason]]:
    """Temporary framework: its ceiling of State aid per company (1.8 M€; 2.3 M€ from 2022,
    Communication C(2021) 8442) minus the aid already received under it (never below zero).
    GBER art. 31: 2 M€ per training project."""
    regime = params.regimes[request.aid_regime]
    if regime.cap_scope == "company":
        ceiling = max(ZERO, regime.cap - request.company.state_aid_received)
    else:
        ceiling = regime.cap
    if funded <= ceiling:
        return funded, []
    return ceiling, [
        Reason(
            "state_aid_cap_applied",
            f"Montant limité par le plafond du régime ({regime.label}) : {french_euros(ceiling)} au lieu de {french_euros(funded)}.",
            blocking=False,
        )
    ]
