"""The data of a request as given by a form, the API or an import, and its validation.

These dataclasses are the one declaration of a request's shape: the API takes them as its
bodies (pydantic validates the types, `extra` fields are refused), the import and the company
form build them, and the services take them.
"""

import dataclasses
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from relance.common import formats
from relance.common.errors import ErrorCollector, Limits
from relance.common.shapes import STRICT
from relance.companies.identifiers import compact_identifier, identifier_error
from relance.funding.models import AidRegime, ContractType
from relance.reference.choices import PathwayKind

DECLARATION_NUMBER = re.compile(r"^\d{11}$")
# A French social-security number (NIR): 13 digits (+ 2-digit key), starting with 1, 2, 7 or 8.
# A request's trainees are written and decided in bulk; the bound keeps « Déposer » within seconds
# (README, Exploitation et sécurité) and a request body within the API's 4 MB.
MAX_TRAINEES = 20_000
LOOKS_LIKE_NIR = re.compile(
    r"^[1278]\s?\d{2}\s?\d{2}\s?(\d{2}|2A|2B)\s?\d{3}\s?\d{3}(\s?\d{2})?$", re.IGNORECASE
)


@dataclass(frozen=True)
class ActionData:
    __pydantic_config__ = STRICT

    title: str
    provider_siret: str
    provider_declaration_number: str
    hours: Decimal
    start: dt.date
    end: dt.date
    cost: Decimal
    mandatory_safety: bool = False


@dataclass(frozen=True)
class TraineeData:
    __pydantic_config__ = STRICT

    employee_ref: str
    contract: str
    contract_end: dt.date | None = None
    leaving_under_pse_or_rcc: bool = False
    # GBER art. 31(4): a disabled or disadvantaged worker (special-category data: a boolean only).
    disadvantaged: bool = False


@dataclass(frozen=True)
class PartsData:
    """What an amendment (avenant) replaces: the training actions and the trainees."""

    __pydantic_config__ = STRICT

    training_actions: list[ActionData]
    trainees: list[TraineeData]


@dataclass(frozen=True)
class EditData:
    """What an edit of a draft or of a request under correction replaces (`PUT`): the shapes
    of `RequestData`, the régime and pathway kept when not given."""

    __pydantic_config__ = STRICT

    training_actions: list[ActionData]
    trainees: list[TraineeData]
    aid_regime: str | None = None
    pathway: str | None = None


@dataclass(frozen=True)
class RequestData:
    __pydantic_config__ = STRICT

    siren: str
    aid_regime: str
    pathway: str
    training_actions: list[ActionData]
    trainees: list[TraineeData]
    reference: str | None = None
    filed_on: dt.date | None = None


def request_fingerprint(data: RequestData) -> str:
    """A digest of what a request says, the same however its numbers are written (12000 or
    12000.00): an idempotency key replayed with another body, and the import's key for a line
    without reference."""
    shape = dataclasses.asdict(data)
    for trainee in shape["trainees"]:
        # Added later: left out when false, so requests stored before it keep their digest.
        if not trainee["disadvantaged"]:
            del trainee["disadvantaged"]
    canonical = json.dumps(shape, sort_keys=True, default=_canonical)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _canonical(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def validate_request_data(data: RequestData) -> None:
    errors = ErrorCollector()
    validate_choices(data.aid_regime, data.pathway, errors)
    if data.reference is not None and not data.reference.strip():
        errors.add("reference", "required", "La référence ne peut pas être vide.")
    if data.reference is not None:
        Limits.text(errors, "reference", data.reference, 60)
    Limits.date(errors, "filed_on", data.filed_on)
    validate_parts(data.training_actions, data.trainees, errors)
    errors.raise_if_any()


def validate_choices(aid_regime: str, pathway: str, errors: ErrorCollector) -> None:
    if aid_regime not in AidRegime.values:
        errors.add(
            "aid_regime",
            "invalid_choice",
            f"Régime d'aide inconnu ; valeurs possibles : {', '.join(AidRegime.values)}.",
        )
    if pathway not in PathwayKind.values:
        errors.add(
            "pathway",
            "invalid_choice",
            f"Parcours inconnu ; valeurs possibles : {', '.join(PathwayKind.values)}.",
        )


def validate_parts(
    actions: list[ActionData], trainees: list[TraineeData], errors: ErrorCollector
) -> None:
    if not actions:
        errors.add("training_actions", "required", "Au moins une action de formation est requise.")
    for index, action in enumerate(actions):
        _validate_action(action, f"training_actions[{index}]", errors)
    if not trainees:
        errors.add("trainees", "required", "Au moins un stagiaire est requis.")
    if len(trainees) > MAX_TRAINEES:
        errors.add(
            "trainees",
            "too_many",
            f"Une demande compte au plus {formats.integer(MAX_TRAINEES)} stagiaires "
            f"({formats.integer(len(trainees))} donnés) : répartissez-les sur plusieurs demandes.",
        )
        return
    seen: set[str] = set()
    for index, trainee in enumerate(trainees):
        _validate_trainee(trainee, f"trainees[{index}]", errors)
        ref = trainee.employee_ref.strip()
        if ref in seen:
            errors.add(
                f"trainees[{index}].employee_ref",
                "duplicate",
                f"Le salarié « {ref} » figure deux fois.",
            )
        seen.add(ref)


def _validate_action(action: ActionData, prefix: str, errors: ErrorCollector) -> None:
    if not action.title.strip():
        errors.add(f"{prefix}.title", "required", "L'intitulé de l'action est obligatoire.")
    Limits.text(errors, f"{prefix}.title", action.title, 200)
    Limits.date(errors, f"{prefix}.start", action.start)
    Limits.date(errors, f"{prefix}.end", action.end)
    if not (
        Limits.number(errors, f"{prefix}.hours", action.hours, Limits.HOURS)
        and Limits.number(errors, f"{prefix}.cost", action.cost, Limits.MONEY)
    ):
        return
    if problem := identifier_error("siret", action.provider_siret, f"{prefix}.provider_siret"):
        errors.errors.append(problem)
    if not DECLARATION_NUMBER.match(action.provider_declaration_number.replace(" ", "")):
        errors.add(
            f"{prefix}.provider_declaration_number",
            "invalid_declaration_number",
            "Le numéro de déclaration d'activité de l'organisme comporte 11 chiffres.",
        )
    if action.hours < 0:
        errors.add(f"{prefix}.hours", "negative", "Le nombre d'heures ne peut pas être négatif.")
    if action.cost < 0:
        errors.add(f"{prefix}.cost", "negative_amount", "Le coût ne peut pas être négatif.")
    if action.cost != action.cost.quantize(Decimal("0.01")):
        errors.add(
            f"{prefix}.cost", "too_many_decimals", "Un montant a au plus deux décimales (centimes)."
        )
    if action.end < action.start:
        errors.add(f"{prefix}.end", "end_before_start", "La fin de l'action précède son début.")


def _validate_trainee(trainee: TraineeData, prefix: str, errors: ErrorCollector) -> None:
    ref = trainee.employee_ref.strip()
    Limits.text(errors, f"{prefix}.employee_ref", ref, 60)
    Limits.date(errors, f"{prefix}.contract_end", trainee.contract_end)
    if not ref:
        errors.add(
            f"{prefix}.employee_ref", "required", "La référence interne du salarié est obligatoire."
        )
    elif LOOKS_LIKE_NIR.match(ref):
        errors.add(
            f"{prefix}.employee_ref",
            "looks_like_social_security_number",
            "Ne saisissez pas le numéro de sécurité sociale : utilisez la référence interne du salarié (matricule).",
        )
    if trainee.contract not in ContractType.values:
        errors.add(
            f"{prefix}.contract",
            "invalid_choice",
            f"Contrat inconnu ; valeurs possibles : {', '.join(ContractType.values)}.",
        )
    if trainee.contract == ContractType.FIXED_TERM and trainee.contract_end is None:
        errors.add(
            f"{prefix}.contract_end", "missing_contract_end", "Un CDD a une date de fin de contrat."
        )


def normalised_siret(value: str) -> str:
    return compact_identifier(value)
