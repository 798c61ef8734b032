"""The FNE-Formation decision: eligibility and amount, with every reason.

Each rule is a function of the request and the parameters in force on its filing date; the
rates, caps and dates are in `parameters/*.toml`, never here.
"""

from relance.reference.files import branch_by_idcc
from relance.rules.amounts import apply_cap, base_rate, eligible_cost_of, funded_before_cap
from relance.rules.calendar import add_months
from relance.rules.decision import Decision, Reason
from relance.rules.inputs import CompanyInput, RequestInput
from relance.rules.labels import (
    PATHWAY_LABELS,
    REGIME_LABELS,
    SITUATION_LABELS,
    SITUATION_ORDER,
    french_date,
    french_euros,
)
from relance.rules.parameters import BranchOverride, Parameters, all_parameters, parameters_in_force
from relance.rules.trainees import Heads, count_eligible_trainees, trainee_exclusion

__all__ = ["evaluate", "trainee_exclusion"]


def evaluate(request: RequestInput, params: Parameters | None = None) -> Decision:
    """Decide a request under the parameter file in force on its filing date (the FNE-Formation
    instructions of that year; README, « The rules and `relance evaluate` »)."""
    params = params or parameters_in_force(request.filed_on)
    if params is None:
        raise ValueError(f"no parameter file in force on {request.filed_on}")
    override = _branch_override(request.company, params)
    situations, reasons = eligible_situations(request, params)
    reasons += check_deadline(request, params)
    reasons += check_company(request.company, params)
    reasons += check_regime(request, params)
    reasons += check_training(request, params, override)
    heads, trainee_reasons = count_eligible_trainees(request, params)
    reasons += trainee_reasons
    if any(reason.blocking for reason in reasons):
        return Decision.ineligible(reasons, request.training.cost, params.version)
    return _funded_decision(request, params, override, situations, heads, reasons)


def _funded_decision(
    request: RequestInput,
    params: Parameters,
    override: BranchOverride | None,
    situations: list[str],
    heads: Heads,
    reasons: list[Reason],
) -> Decision:
    regime = params.regimes[request.aid_regime]
    rate, rate_reasons = base_rate(request, regime, situations)
    eligible_cost, cost_reasons = eligible_cost_of(request, heads.eligible, override)
    funded, uplift_reasons = funded_before_cap(eligible_cost, rate, regime, heads)
    funded, cap_reasons = apply_cap(request, params, funded)
    reasons += rate_reasons + cost_reasons + uplift_reasons + cap_reasons
    cost = request.training.cost
    return Decision(tuple(reasons), rate, eligible_cost, funded, cost - funded, params.version)


def _branch_override(company: CompanyInput, params: Parameters) -> BranchOverride | None:
    branch = branch_by_idcc().get(company.idcc) if company.idcc else None
    return params.branch_overrides.get(branch) if branch else None


def eligible_situations(
    request: RequestInput, params: Parameters
) -> tuple[list[str], list[Reason]]:
    """Situations active on the filing date (start ≤ filing date ≤ end, open end counts) and
    retained by the rules in force: DGEFP instruction of 27 January 2021 (AP, APLD, difficulty
    in the sense of Labour Code art. L.1233-3, not already on 31 December 2019); instruction of
    7 September 2021 (transformation and recovery, for requests filed from 1 July 2021)."""
    filed_on, company = request.filed_on, request.company
    active = {
        s.kind
        for s in company.situations
        if s.start <= filed_on and (s.end is None or filed_on <= s.end)
    }
    retained, reasons = [], []
    for kind in (k for k in SITUATION_ORDER if k in active):
        if kind not in params.eligible_situations:
            reasons.append(_situation_not_in_force(kind, params))
        elif kind == "difficulty" and company.in_difficulty_on_2019_12_31:
            reasons.append(
                Reason(
                    "difficulty_before_reference_date",
                    "La situation « entreprise en difficulté » n'est pas retenue : l'entreprise était déjà "
                    f"en difficulté au {french_date(params.difficulty_reference_date)}.",
                    blocking=False,
                )
            )
        else:
            retained.append(kind)
    if not retained:
        reasons.append(_no_eligible_situation(filed_on, bool(active)))
    return retained, reasons


def _situation_not_in_force(kind: str, params: Parameters) -> Reason:
    later = [
        p.starts_on
        for p in all_parameters(params.scheme)
        if kind in p.eligible_situations and p.starts_on > params.starts_on
    ]
    when = (
        f" ; elle l'est pour les demandes déposées à partir du {french_date(later[0])}"
        if later
        else ""
    )
    return Reason(
        "situation_not_in_force",
        f"La situation « {SITUATION_LABELS[kind]} » n'ouvre pas droit au financement selon les règles "
        f"{params.version}{when}.",
        blocking=False,
    )


def _no_eligible_situation(filed_on, had_active: bool) -> Reason:
    detail = (
        "aucune de ses situations en cours n'est retenue"
        if had_active
        else "aucune situation n'est en cours"
    )
    return Reason(
        "no_eligible_situation",
        f"L'entreprise n'est pas éligible : à la date de dépôt du {french_date(filed_on)}, {detail} "
        "(activité partielle, APLD, difficulté, mutation ou reprise d'activité).",
        blocking=True,
    )


def check_deadline(request: RequestInput, params: Parameters) -> list[Reason]:
    """Requests are filed until the deadline of the year's rules: 31 December 2021 (instruction
    of 27 January 2021), 31 July 2022 for the renewal, "subject to the funds still available"."""
    if request.filed_on <= params.filing_deadline:
        return []
    return [
        Reason(
            "filed_after_deadline",
            f"La demande est déposée le {french_date(request.filed_on)}, après la date limite de dépôt "
            f"du {french_date(params.filing_deadline)}.",
            blocking=True,
        )
    ]


def check_company(company: CompanyInput, params: Parameters) -> list[Reason]:
    """A company ceasing activity is not eligible unless it has opened negotiations on a
    job-protection plan (PSE) — DGEFP instruction of 27 January 2021. Under the temporary
    framework the company's State aid is capped; an exhausted cap leaves nothing to fund. The
    IDCC, when given, must belong to the operator's perimeter."""
    reasons = []
    if company.ceasing_activity and not company.pse_negotiation:
        reasons.append(
            Reason(
                "ceasing_activity",
                "L'entreprise est en cessation d'activité sans négociation d'un plan de sauvegarde de l'emploi (PSE) ouverte.",
                blocking=True,
            )
        )
    elif company.ceasing_activity:
        reasons.append(
            Reason(
                "ceasing_activity_with_pse",
                "L'entreprise cesse son activité mais a ouvert la négociation d'un PSE : elle reste éligible.",
                blocking=False,
            )
        )
    if company.idcc and company.idcc not in branch_by_idcc():
        reasons.append(
            Reason(
                "idcc_outside_perimeter",
                f"La convention collective IDCC {company.idcc} n'appartient pas au périmètre de l'opérateur.",
                blocking=True,
            )
        )
    return reasons


def check_regime(request: RequestInput, params: Parameters) -> list[Reason]:
    """The company chooses the temporary State-aid framework or, from 1 July 2021, the GBER
    (EU Regulation 651/2014 art. 31) — DGEFP instruction of 7 September 2021; from 1 July 2022
    only the GBER. Under the temporary framework, aid is capped per company (1.8 M€, 2.3 M€ from
    2022), less what it already received; a ceiling already used up blocks (ours)."""
    regime = params.regimes.get(request.aid_regime)
    if regime is None:
        return [_regime_not_in_force(request.aid_regime, params)]
    if regime.cap_scope == "company" and request.company.state_aid_received >= regime.cap:
        return [
            Reason(
                "state_aid_cap_exhausted",
                f"Le plafond d'aides d'État de {french_euros(regime.cap)} par entreprise est atteint "
                f"({french_euros(request.company.state_aid_received)} déjà reçus).",
                blocking=True,
            )
        ]
    return []


def _regime_not_in_force(code: str, params: Parameters) -> Reason:
    """GBER before 1 July 2021; the temporary framework from 1 July 2022 (its section 3.1 was
    not prolonged beyond 30 June 2022)."""
    earlier = [p for p in all_parameters(params.scheme) if p.starts_on < params.starts_on]
    closed = any(code in p.regimes for p in earlier)
    when = (
        f"n'est plus ouvert aux demandes déposées à partir du {french_date(params.starts_on)}"
        if closed
        else f"n'est pas ouvert par les règles {params.version}"
    )
    possible = ", ".join(REGIME_LABELS.get(c, c) for c in sorted(params.regimes))
    return Reason(
        "aid_regime_not_in_force",
        f"Le régime d'aide « {REGIME_LABELS.get(code, code)} » {when} (régimes possibles : {possible}).",
        blocking=True,
    )


def check_training(
    request: RequestInput, params: Parameters, override: BranchOverride | None
) -> list[Reason]:
    """A structured pathway of one of the four kinds, at most 12 months (end ≤ start + 12
    months, same day of the month); mandatory safety training excluded — instruction of
    27 January 2021. Training ends by the year's `training_end_by` (31 December 2022 for the
    2021 convention, 31 December 2023 for 2022 — operators' notices). Branch criteria (allowed pathways, hourly-cost cap) — instruction of
    14 February 2022."""
    training, reasons = request.training, []
    if training.mandatory_safety:
        reasons.append(
            Reason(
                "mandatory_safety_training",
                "Les formations obligatoires à la sécurité relèvent de l'obligation de l'employeur et ne sont pas finançables.",
                blocking=True,
            )
        )
    if training.end > params.training_end_by:
        reasons.append(
            Reason(
                "training_ends_after_programme",
                f"La formation doit se terminer au plus tard le {french_date(params.training_end_by)} pour être "
                f"financée par le dispositif {params.year} (fin prévue le {french_date(training.end)}).",
                blocking=True,
            )
        )
    latest_end = add_months(training.start, params.max_training_months)
    if training.end > latest_end:
        reasons.append(
            Reason(
                "training_too_long",
                f"Le parcours dépasse {params.max_training_months} mois : il devrait se terminer au plus tard le "
                f"{french_date(latest_end)} (fin prévue le {french_date(training.end)}).",
                blocking=True,
            )
        )
    if request.pathway not in params.eligible_pathways:
        reasons.append(
            Reason(
                "pathway_not_eligible",
                f"Le parcours « {PATHWAY_LABELS[request.pathway]} » n'est pas finançable.",
                blocking=True,
            )
        )
    return reasons + _branch_criteria(request, override)


def _branch_criteria(request: RequestInput, override: BranchOverride | None) -> list[Reason]:
    if override is None:
        return []
    reasons = []
    if override.allowed_pathways is not None and request.pathway not in override.allowed_pathways:
        allowed = ", ".join(PATHWAY_LABELS[p] for p in sorted(override.allowed_pathways))
        reasons.append(
            Reason(
                "pathway_not_allowed_by_branch",
                f"La branche de l'entreprise ne finance pas le parcours « {PATHWAY_LABELS[request.pathway]} » (parcours admis : {allowed}).",
                blocking=True,
            )
        )
    if override.hourly_cost_cap is not None and request.training.hours is None:
        reasons.append(
            Reason(
                "hours_required_by_branch",
                f"La branche plafonne le coût horaire à {french_euros(override.hourly_cost_cap)} : le nombre d'heures de formation est requis.",
                blocking=True,
            )
        )
    return reasons
