"""The FNE-Formation decision: eligibility and amount, with every reason.

Each rule is a function of the request and the parameters in force on its filing date; the
rates, caps and dates are in `parameters/*.toml`, never here.
"""

import datetime as dt
from decimal import Decimal

from relance.reference.files import branch_by_idcc
from relance.rules.calendar import add_months
from relance.rules.decision import Decision, Reason
from relance.rules.inputs import CompanyInput, RequestInput, TraineeInput
from relance.rules.labels import (
    PATHWAY_LABELS,
    SITUATION_LABELS,
    SITUATION_ORDER,
    french_date,
    french_euros,
    french_rate,
)
from relance.rules.money import ZERO, to_cents
from relance.rules.parameters import BranchOverride, Parameters, all_parameters, parameters_in_force


def evaluate(request: RequestInput, params: Parameters | None = None) -> Decision:
    """Decide a request under the rules in force on its filing date (DOMAIN.md, "The rules")."""
    params = params or parameters_in_force(request.filed_on)
    if params is None:
        raise ValueError(f"no parameter file in force on {request.filed_on}")
    override = _branch_override(request.company, params)
    situations, reasons = eligible_situations(request, params)
    reasons += check_deadline(request, params)
    reasons += check_company(request.company, params)
    reasons += check_regime(request, params)
    reasons += check_training(request, params, override)
    eligible_trainees, trainee_reasons = count_eligible_trainees(request, params)
    reasons += trainee_reasons
    if any(reason.blocking for reason in reasons):
        return Decision.ineligible(reasons, request.training.cost, params.version)
    return _funded_decision(request, params, override, situations, eligible_trainees, reasons)


def _funded_decision(request, params, override, situations, eligible_trainees, reasons) -> Decision:
    regime = params.regimes[request.aid_regime]
    rates = regime.rates_for(request.company.headcount)
    rate = max(rates[kind] for kind in situations)
    if len(situations) > 1:
        reasons.append(_most_favourable_rate(situations, rates, rate))
    eligible_cost, cost_reasons = eligible_cost_of(request, eligible_trainees, override)
    funded, cap_reasons = apply_cap(request, params, to_cents(eligible_cost * rate))
    reasons += cost_reasons + cap_reasons
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
    (EU Regulation 651/2014 art. 31) — DGEFP instruction of 7 September 2021. Under the
    temporary framework, aid is capped per company, less what it already received."""
    regime = params.regimes.get(request.aid_regime)
    if regime is None:
        return [
            Reason(
                "aid_regime_not_in_force",
                f"Le régime d'aide « {request.aid_regime} » n'est pas ouvert par les règles {params.version} "
                f"(régimes possibles : {', '.join(sorted(params.regimes))}).",
                blocking=True,
            )
        ]
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


def check_training(
    request: RequestInput, params: Parameters, override: BranchOverride | None
) -> list[Reason]:
    """A structured pathway of one of the four kinds, at most 12 months (end ≤ start + 12
    months, same day of the month); mandatory safety training excluded — instruction of
    27 January 2021. Branch criteria (allowed pathways, hourly-cost cap) — instruction of
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


TRAINEE_EXCLUSIONS = (
    ("trainees_excluded_contract", "en contrat d'apprentissage ou de professionnalisation"),
    (
        "trainees_excluded_leaving",
        "sortant dans le cadre d'un PSE ou d'une rupture conventionnelle collective",
    ),
    ("trainees_excluded_fixed_term", "en CDD se terminant avant la fin de la formation"),
)


def trainee_exclusion(
    trainee: TraineeInput, training_end: dt.date, params: Parameters
) -> str | None:
    """Why a trainee is not eligible, or None: apprentices and professionalisation contracts,
    those leaving under a PSE or an RCC, and fixed-term employees whose contract ends strictly
    before the training does — instruction of 27 January 2021 and Q&A of 17 February 2021."""
    if trainee.contract in params.excluded_contracts:
        return "trainees_excluded_contract"
    if trainee.leaving_under_pse_or_rcc:
        return "trainees_excluded_leaving"
    if trainee.contract == "fixed_term" and trainee.contract_end < training_end:
        return "trainees_excluded_fixed_term"
    return None


def count_eligible_trainees(request: RequestInput, params: Parameters) -> tuple[int, list[Reason]]:
    """Count eligible employees and say why the others are excluded; none eligible blocks."""
    counts = dict.fromkeys((code for code, _ in TRAINEE_EXCLUSIONS), 0)
    training_end = request.training.end
    for trainee in request.trainees:
        if (cause := trainee_exclusion(trainee, training_end, params)) is not None:
            counts[cause] += 1
    reasons = [
        Reason(code, f"{counts[code]} stagiaire(s) exclu(s) : salarié(s) {why}.", blocking=False)
        for code, why in TRAINEE_EXCLUSIONS
        if counts[code]
    ]
    eligible = len(request.trainees) - sum(counts.values())
    if eligible == 0:
        reasons.append(
            Reason(
                "no_eligible_trainee", "La demande ne compte aucun salarié éligible.", blocking=True
            )
        )
    return eligible, reasons


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


def apply_cap(
    request: RequestInput, params: Parameters, funded: Decimal
) -> tuple[Decimal, list[Reason]]:
    """Temporary framework: 1.8 M€ of State aid per company minus the aid already received under
    it (never below zero). GBER art. 31: 2 M€ per training project."""
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


def _most_favourable_rate(
    situations: list[str], rates: dict[str, Decimal], rate: Decimal
) -> Reason:
    listed = ", ".join(f"{SITUATION_LABELS[k]} {french_rate(rates[k])}" for k in situations)
    return Reason(
        "most_favourable_rate",
        f"Plusieurs situations ouvrent droit à l'aide ({listed}) : le taux le plus favorable, {french_rate(rate)}, s'applique.",
        blocking=False,
    )
