"""Which trainees are eligible, and how many of them are disabled or disadvantaged workers."""

import datetime as dt
from typing import NamedTuple

from relance.rules.decision import Reason
from relance.rules.inputs import RequestInput, TraineeInput
from relance.rules.parameters import Parameters

TRAINEE_EXCLUSIONS = (
    ("trainees_excluded_contract", "en contrat d'apprentissage ou de professionnalisation"),
    (
        "trainees_excluded_leaving",
        "sortant dans le cadre d'un PSE ou d'une rupture conventionnelle collective",
    ),
    ("trainees_excluded_fixed_term", "en CDD se terminant avant la fin de la formation"),
)


class Heads(NamedTuple):
    """Eligible trainees, and among them the disabled or disadvantaged workers."""

    eligible: int
    disadvantaged: int


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


def count_eligible_trainees(
    request: RequestInput, params: Parameters
) -> tuple[Heads, list[Reason]]:
    """Count eligible employees and say why the others are excluded; none eligible blocks."""
    counts = dict.fromkeys((code for code, _ in TRAINEE_EXCLUSIONS), 0)
    training_end, disadvantaged = request.training.end, 0
    for trainee in request.trainees:
        if (cause := trainee_exclusion(trainee, training_end, params)) is not None:
            counts[cause] += 1
        elif trainee.disadvantaged:
            disadvantaged += 1
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
    return Heads(eligible, disadvantaged), reasons
