"""The JSON contract of `relance evaluate` and `POST /api/v1/evaluations`.

`parse_request` turns one JSON object into a `RequestInput` or lists every problem as
{"field", "code", "message"}: wrong type, missing or extra field, a value outside the contract's
lists, negative amount, end before start, impossible date. What the contract allows but the rules
in force do not (a regime not yet in force, a late filing) is a reasoned ineligible decision.
"""

import json
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from relance.common import formats
from relance.common.input_limits import TooDeep
from relance.reference.files import normalise_idcc
from relance.rules.engine import evaluate
from relance.rules.fields import MAX_AMOUNT, FieldParser, InputErrors, iso_date
from relance.rules.inputs import (
    CompanyInput,
    RequestInput,
    SituationInput,
    TraineeInput,
    TrainingInput,
)

if TYPE_CHECKING:
    from relance.rules.reforms import RuleSet
from relance.rules.money import CENT
from relance.rules.parameters import (
    CONTRACTS,
    PATHWAYS,
    REGIMES,
    SITUATIONS,
    all_parameters,
    parameters_in_force,
)

REQUEST_KEYS = frozenset({"filed_on", "company", "aid_regime", "pathway", "training", "trainees"})
COMPANY_KEYS = frozenset(
    {
        "headcount",
        "situations",
        "in_difficulty_on_2019_12_31",
        "ceasing_activity",
        "pse_negotiation",
        "state_aid_received",
    }
)
# GBER Annex I's financial figures: absent or null, headcount alone decides the size category.
COMPANY_OPTIONAL = frozenset({"idcc", "annual_turnover", "balance_sheet_total"})
SITUATION_KEYS = frozenset({"kind", "start", "end"})
TRAINING_KEYS = frozenset({"start", "end", "cost", "mandatory_safety"})
TRAINING_OPTIONAL = frozenset({"hours"})
TRAINEE_KEYS = frozenset({"contract", "contract_end", "leaving_under_pse_or_rcc"})
TRAINEE_OPTIONAL = frozenset({"disadvantaged"})
TRAINEE_ALL_KEYS = TRAINEE_KEYS | TRAINEE_OPTIONAL


def parse_request(data: Any) -> RequestInput:
    """Validate one request of the contract; raise InputErrors listing every problem."""
    return _plain_request(data) or checked_request(data)


def checked_request(data: Any) -> RequestInput:
    """The general path: every field read with its bookkeeping, every problem listed."""
    p = FieldParser()
    root = p.object(data, "", REQUEST_KEYS) or {}
    filed_on = p.date(root.get("filed_on"), "filed_on") if "filed_on" in root else None
    if filed_on is not None and parameters_in_force(filed_on) is None:
        first = all_parameters()[0].starts_on
        p.error(
            "filed_on",
            "before_first_rules",
            f"Aucune règle n'est en vigueur avant le {formats.date(first)}.",
        )
    company = _company(p, root["company"]) if "company" in root else None
    regime = p.choice(root["aid_regime"], "aid_regime", REGIMES) if "aid_regime" in root else None
    pathway = p.choice(root["pathway"], "pathway", PATHWAYS) if "pathway" in root else None
    training = _training(p, root["training"]) if "training" in root else None
    trainees = _trainees(p, root["trainees"]) if "trainees" in root else None
    if p.errors:
        raise InputErrors(p.errors)
    return RequestInput(filed_on, company, regime, pathway, training, trainees)


def _company(p: FieldParser, value: Any) -> CompanyInput | None:
    raw = p.object(value, "company", COMPANY_KEYS, COMPANY_OPTIONAL)
    if raw is None:
        return None
    idcc = raw.get("idcc")
    if idcc is not None and not isinstance(idcc, str):
        p.error("company.idcc", "invalid_idcc", "Le numéro IDCC est une chaîne de 4 chiffres.")
    return CompanyInput(
        headcount=p.count(raw.get("headcount"), "company.headcount")
        if "headcount" in raw
        else None,
        situations=_situations(p, raw.get("situations", [])),
        in_difficulty_on_2019_12_31=_flag(p, raw, "company", "in_difficulty_on_2019_12_31"),
        ceasing_activity=_flag(p, raw, "company", "ceasing_activity"),
        pse_negotiation=_flag(p, raw, "company", "pse_negotiation"),
        state_aid_received=p.amount(raw["state_aid_received"], "company.state_aid_received")
        if "state_aid_received" in raw
        else None,
        idcc=normalise_idcc(idcc) if isinstance(idcc, str) else None,
        annual_turnover=_optional_amount(p, raw, "annual_turnover"),
        balance_sheet_total=_optional_amount(p, raw, "balance_sheet_total"),
    )


def _optional_amount(p: FieldParser, raw: dict, key: str) -> Decimal | None:
    value = raw.get(key)
    return None if value is None else p.amount(value, f"company.{key}")


def _flag(p: FieldParser, raw: dict, path: str, key: str) -> bool | None:
    return p.boolean(raw[key], f"{path}.{key}") if key in raw else None


def _situations(p: FieldParser, value: Any) -> tuple[SituationInput, ...]:
    if not isinstance(value, list):
        p.error("company.situations", "not_a_list", "Une liste est attendue.")
        return ()
    situations = []
    for index, item in enumerate(value):
        if fast := _plain_situation(item):
            situations.append(fast)
            continue
        path = f"company.situations[{index}]"
        raw = p.object(item, path, SITUATION_KEYS)
        if raw is None:
            continue
        kind = p.choice(raw.get("kind"), f"{path}.kind", SITUATIONS) if "kind" in raw else None
        start = p.date(raw.get("start"), f"{path}.start") if "start" in raw else None
        end = p.date(raw.get("end"), f"{path}.end", nullable=True) if "end" in raw else None
        if start and end and end < start:
            p.error(f"{path}.end", "end_before_start", "La fin de la situation précède son début.")
        situations.append(SituationInput(kind, start, end))
    return tuple(situations)


def _training(p: FieldParser, value: Any) -> TrainingInput | None:
    raw = p.object(value, "training", TRAINING_KEYS, TRAINING_OPTIONAL)
    if raw is None:
        return None
    start = p.date(raw.get("start"), "training.start") if "start" in raw else None
    end = p.date(raw.get("end"), "training.end") if "end" in raw else None
    if start and end and end < start:
        p.error("training.end", "end_before_start", "La fin de la formation précède son début.")
    return TrainingInput(
        start=start,
        end=end,
        cost=p.amount(raw["cost"], "training.cost") if "cost" in raw else None,
        mandatory_safety=_flag(p, raw, "training", "mandatory_safety"),
        hours=p.hours(raw.get("hours"), "training.hours"),
    )


def _trainees(p: FieldParser, value: Any) -> tuple[TraineeInput, ...]:
    if not isinstance(value, list):
        p.error("trainees", "not_a_list", "Une liste est attendue.")
        return ()
    trainees = []
    for index, item in enumerate(value):
        if fast := _plain_trainee(item):
            trainees.append(fast)
            continue
        path = f"trainees[{index}]"
        raw = p.object(item, path, TRAINEE_KEYS, TRAINEE_OPTIONAL)
        if raw is None:
            continue
        contract = (
            p.choice(raw.get("contract"), f"{path}.contract", CONTRACTS)
            if "contract" in raw
            else None
        )
        end = (
            p.date(raw.get("contract_end"), f"{path}.contract_end", nullable=True)
            if "contract_end" in raw
            else None
        )
        if contract == "fixed_term" and end is None and "contract_end" in raw:
            p.error(
                f"{path}.contract_end",
                "missing_contract_end",
                "Un CDD a une date de fin de contrat.",
            )
        leaving = _flag(p, raw, path, "leaving_under_pse_or_rcc")
        disadvantaged = _flag(p, raw, path, "disadvantaged") if "disadvantaged" in raw else False
        trainees.append(TraineeInput(contract, end, leaving, disadvantaged))
    return tuple(trainees)


def _plain_situation(item: Any) -> SituationInput | None:
    """The common, valid situation without the bookkeeping of the general path (batch speed)."""
    if (
        type(item) is not dict
        or item.keys() != SITUATION_KEYS
        or type(item["kind"]) is not str
        or item["kind"] not in SITUATIONS
    ):
        return None
    start, end = item["start"], item["end"]
    if (
        type(start) is not str
        or len(start) != 10
        or (end is not None and (type(end) is not str or len(end) != 10))
    ):
        return None
    try:
        start, end = iso_date(start), (None if end is None else iso_date(end))
    except ValueError:
        return None
    if end is not None and end < start:
        return None
    return SituationInput(item["kind"], start, end)


def _plain_trainee(item: Any) -> TraineeInput | None:
    """The common, valid trainee without the bookkeeping of the general path (batch speed)."""
    if type(item) is not dict or (item.keys() != TRAINEE_KEYS and item.keys() != TRAINEE_ALL_KEYS):
        return None
    contract, end, leaving = (
        item["contract"],
        item["contract_end"],
        item["leaving_under_pse_or_rcc"],
    )
    disadvantaged = item.get("disadvantaged", False)
    if (
        type(contract) is not str
        or contract not in CONTRACTS
        or type(leaving) is not bool
        or type(disadvantaged) is not bool
    ):
        return None
    if end is None:
        return (
            None
            if contract == "fixed_term"
            else TraineeInput(contract, None, leaving, disadvantaged)
        )
    try:
        return (
            TraineeInput(contract, iso_date(end), leaving, disadvantaged)
            if type(end) is str and len(end) == 10
            else None
        )
    except ValueError:
        return None


def _plain_request(data: Any) -> RequestInput | None:
    """The common, valid request without the bookkeeping of the general path: what every
    stored input is (`relance simulate` re-reads a year of them). Anything unusual, valid or
    not, returns None and takes the general path, which alone writes errors."""
    if type(data) is not dict or data.keys() != REQUEST_KEYS:
        return None
    filed_on, regime, pathway = _plain_date(data["filed_on"]), data["aid_regime"], data["pathway"]
    if (
        filed_on is None
        or filed_on < all_parameters()[0].starts_on
        or type(regime) is not str
        or regime not in REGIMES
        or type(pathway) is not str
        or pathway not in PATHWAYS
        or type(data["trainees"]) is not list
    ):
        return None
    company, training = _plain_company(data["company"]), _plain_training(data["training"])
    if company is None or training is None:
        return None
    trainees = []
    for item in data["trainees"]:
        if (trainee := _plain_trainee(item)) is None:
            return None
        trainees.append(trainee)
    return RequestInput(filed_on, company, regime, pathway, training, tuple(trainees))


def _plain_company(raw: Any) -> CompanyInput | None:
    if type(raw) is not dict:
        return None
    keys = raw.keys()
    if keys != COMPANY_KEYS and not (
        keys >= COMPANY_KEYS and keys - COMPANY_KEYS <= COMPANY_OPTIONAL
    ):
        return None
    headcount, idcc, flags = raw["headcount"], raw.get("idcc"), _plain_flags(raw, COMPANY_FLAGS)
    if (
        type(headcount) is not int
        or headcount < 0
        or flags is None
        or type(raw["situations"]) is not list
    ):
        return None
    if idcc is not None and type(idcc) is not str:
        return None
    situations = []
    for item in raw["situations"]:
        if (situation := _plain_situation(item)) is None:
            return None
        situations.append(situation)
    aid = _plain_amount(raw["state_aid_received"])
    turnover, balance = raw.get("annual_turnover"), raw.get("balance_sheet_total")
    if turnover is not None and (turnover := _plain_amount(turnover)) is None:
        return None
    if balance is not None and (balance := _plain_amount(balance)) is None:
        return None
    if aid is None:
        return None
    return CompanyInput(
        headcount,
        tuple(situations),
        *flags,
        aid,
        None if idcc is None else normalise_idcc(idcc),
        turnover,
        balance,
    )


PLAIN_NUMBERS = (str, int, Decimal)  # not bool: `type(True) is bool`
COMPANY_FLAGS = ("in_difficulty_on_2019_12_31", "ceasing_activity", "pse_negotiation")


def _plain_flags(raw: dict, keys: tuple[str, ...]) -> tuple[bool, ...] | None:
    flags = tuple(raw[key] for key in keys)
    return flags if all(type(flag) is bool for flag in flags) else None


def _plain_training(raw: Any) -> TrainingInput | None:
    if type(raw) is not dict:
        return None
    keys = raw.keys()
    if keys != TRAINING_KEYS and not (
        keys >= TRAINING_KEYS and keys - TRAINING_KEYS <= TRAINING_OPTIONAL
    ):
        return None
    start, end, cost = (
        _plain_date(raw["start"]),
        _plain_date(raw["end"]),
        _plain_amount(raw["cost"]),
    )
    safety, hours = raw["mandatory_safety"], raw.get("hours")
    if start is None or end is None or end < start or cost is None or type(safety) is not bool:
        return None
    if hours is not None:
        if type(hours) not in PLAIN_NUMBERS:
            return None
        try:
            hours = Decimal(hours)
        except InvalidOperation:
            return None
        if not hours.is_finite() or hours < 0:
            return None
    return TrainingInput(start, end, cost, safety, hours)


def _plain_date(value: Any):
    if type(value) is not str or len(value) != 10:
        return None
    try:
        return iso_date(value)
    except ValueError:
        return None


def _plain_amount(value: Any) -> Decimal | None:
    """`FieldParser.amount` for a valid amount; None for anything it would refuse."""
    if type(value) not in PLAIN_NUMBERS:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        return None
    cents = amount.quantize(CENT)
    return cents if cents == amount else None


def evaluate_json(data: Any, rules: "RuleSet | None" = None) -> dict[str, Any]:
    """One JSON request in, one JSON decision (or {"errors": …}) out; under `rules` (a reform's
    files) when given, else the shipped files in force."""
    try:
        request = parse_request(data)
    except InputErrors as error:
        return error.as_dict()
    return evaluate(request, rules.in_force(request.filed_on) if rules else None).as_dict()


_DECODER = json.JSONDecoder(parse_float=Decimal)


def loads(text: str | bytes) -> Any:
    """Parse JSON with exact decimals: a cost written as a number keeps its cents. Nesting past
    the interpreter's recursion limit is `TooDeep` (a ValueError), not a RecursionError."""
    try:
        return _DECODER.decode(text.decode() if isinstance(text, bytes) else text)
    except RecursionError:
        raise TooDeep from None
