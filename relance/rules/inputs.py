"""Typed inputs of a funding decision (plain values, already validated by `contract`).

Named tuples: immutable like frozen dataclasses, and several times faster to build, which
matters when `relance evaluate --batch` reads a hundred thousand requests."""

import datetime as dt
from decimal import Decimal
from typing import NamedTuple


class SituationInput(NamedTuple):
    kind: str
    start: dt.date
    end: dt.date | None


class CompanyInput(NamedTuple):
    headcount: int
    situations: tuple[SituationInput, ...]
    in_difficulty_on_2019_12_31: bool
    ceasing_activity: bool
    pse_negotiation: bool
    state_aid_received: Decimal
    idcc: str | None = None
    # GBER Annex I's financial ceilings; absent: headcount alone decides the size category.
    annual_turnover: Decimal | None = None
    balance_sheet_total: Decimal | None = None


class TrainingInput(NamedTuple):
    start: dt.date
    end: dt.date
    cost: Decimal
    mandatory_safety: bool
    hours: Decimal | None = None


class TraineeInput(NamedTuple):
    contract: str
    contract_end: dt.date | None
    leaving_under_pse_or_rcc: bool
    # A disabled or disadvantaged worker in GBER's sense (art. 2(3) and 2(4)); special-category
    # data (GDPR art. 9): only this boolean is ever kept.
    disadvantaged: bool = False


class RequestInput(NamedTuple):
    filed_on: dt.date
    company: CompanyInput
    aid_regime: str
    pathway: str
    training: TrainingInput
    trainees: tuple[TraineeInput, ...]
