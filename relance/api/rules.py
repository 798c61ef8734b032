"""Rules endpoints: evaluate a request (the same contract as `relance evaluate`) and check an
L.1233-3 decline claim."""

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from relance.api.errors import ErrorsOut
from relance.rules.comparison import compare
from relance.rules.contract import evaluate_json, loads
from relance.rules.difficulty import QuarterFigure, difficulty_check
from relance.rules.parameters import CONTRACTS, PATHWAYS, REGIMES, SITUATIONS

router = Router(tags=["Règles"])

DATE = {"type": "string", "format": "date"}
MONEY = {"type": "string", "pattern": r"^\d+(\.\d{1,2})?$", "example": "12000.00"}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    required = [key for key in properties if key not in optional]
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


EVALUATION_SCHEMA = _object(
    {
        "filed_on": DATE,
        "company": _object(
            {
                "headcount": {"type": "integer", "minimum": 0},
                "idcc": {"type": "string", "example": "0044"},
                "situations": {
                    "type": "array",
                    "items": _object(
                        {
                            "kind": {"type": "string", "enum": sorted(SITUATIONS)},
                            "start": DATE,
                            "end": {**DATE, "nullable": True},
                        }
                    ),
                },
                "in_difficulty_on_2019_12_31": {"type": "boolean"},
                "ceasing_activity": {"type": "boolean"},
                "pse_negotiation": {"type": "boolean"},
                "state_aid_received": MONEY,
                "annual_turnover": MONEY,
                "balance_sheet_total": MONEY,
            },
            optional=("idcc", "annual_turnover", "balance_sheet_total"),
        ),
        "aid_regime": {"type": "string", "enum": sorted(REGIMES)},
        "pathway": {"type": "string", "enum": sorted(PATHWAYS)},
        "training": _object(
            {
                "start": DATE,
                "end": DATE,
                "cost": MONEY,
                "hours": {"type": "number", "minimum": 0},
                "mandatory_safety": {"type": "boolean"},
            },
            optional=("hours",),
        ),
        "trainees": {
            "type": "array",
            "items": _object(
                {
                    "contract": {"type": "string", "enum": sorted(CONTRACTS)},
                    "contract_end": {**DATE, "nullable": True},
                    "leaving_under_pse_or_rcc": {"type": "boolean"},
                    "disadvantaged": {"type": "boolean", "default": False},
                },
                optional=("disadvantaged",),
            ),
        },
    }
)


# The comparison decides both regimes: the request names none.
COMPARISON_SCHEMA = {
    **EVALUATION_SCHEMA,
    "properties": {k: v for k, v in EVALUATION_SCHEMA["properties"].items() if k != "aid_regime"},
    "required": [k for k in EVALUATION_SCHEMA["required"] if k != "aid_regime"],
}
INVALID_JSON = {
    "errors": [
        {
            "field": None,
            "code": "invalid_json",
            "message": "Le corps de la requête n'est pas un JSON valide.",
        }
    ]
}


def json_body(schema: dict) -> dict:
    """The OpenAPI request body of an endpoint that reads its JSON itself (the rules' contract,
    not a ninja schema, validates it)."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


class ReasonOut(Schema):
    code: str
    message: str
    blocking: bool


class DecisionOut(Schema):
    eligible: bool
    reasons: list[ReasonOut]
    rate: str
    eligible_cost: str
    funded_amount: str
    company_share: str
    rules_version: str


@router.post(
    "/evaluations",
    response={200: DecisionOut, 401: ErrorsOut, 422: ErrorsOut},
    openapi_extra=json_body(EVALUATION_SCHEMA),
)
def evaluation_create(request: HttpRequest):
    """Décision des règles (éligibilité, taux, montants, raisons) pour une demande ; rien n'est enregistré."""
    return _answer(request, evaluate_json)


class ComparisonOut(Schema):
    temporary_framework: DecisionOut
    gber: DecisionOut
    recommended: Literal["temporary_framework", "gber"] | None


@router.post(
    "/evaluations/compare",
    response={200: ComparisonOut, 401: ErrorsOut, 422: ErrorsOut},
    openapi_extra=json_body(COMPARISON_SCHEMA),
)
def evaluation_compare(request: HttpRequest):
    """Décision des règles sous chacun des deux régimes d'aide (encadrement temporaire, RGEC
    art. 31) et le régime qui finance le plus (`recommended` ; à égalité l'encadrement temporaire ;
    `null` si aucun n'est éligible). Corps : celui de POST /evaluations sans `aid_regime`."""
    return _answer(request, compare)


def _answer(request: HttpRequest, decide) -> JsonResponse:
    try:
        answer = decide(loads(request.body or b""))
    except ValueError:
        answer = INVALID_JSON
    return JsonResponse(
        answer, status=422 if "errors" in answer else 200, json_dumps_params={"ensure_ascii": False}
    )


class QuarterIn(Schema):
    model_config = ConfigDict(extra="forbid")
    quarter: str = Field(pattern=r"^\d{4}-Q[1-4]$", examples=["2021-Q1"])
    value: Decimal = Field(ge=0)
    previous_year_value: Decimal = Field(ge=0)


class DifficultyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    headcount: int = Field(ge=0)
    measure: Literal["turnover", "orders"]
    quarters: list[QuarterIn] = Field(min_length=1)


class DifficultyOut(Schema):
    holds: bool
    required_quarters: int
    declining_quarters: int
    reasons: list[ReasonOut]


@router.post("/difficulty-checks", response={200: DifficultyOut, 401: ErrorsOut, 422: ErrorsOut})
def difficulty_check_create(request: HttpRequest, payload: DifficultyIn):
    """Vérifie le critère de baisse des commandes ou du chiffre d'affaires (Code du travail, art. L.1233-3)."""
    quarters = [q.quarter for q in payload.quarters]
    if len(set(quarters)) != len(quarters):
        duplicate = next(q for q in quarters if quarters.count(q) > 1)
        return JsonResponse(
            {
                "errors": [
                    {
                        "field": "quarters",
                        "code": "duplicate_quarter",
                        "message": f"Le trimestre {duplicate} est donné deux fois.",
                    }
                ]
            },
            status=422,
        )
    figures = [QuarterFigure(q.quarter, q.value, q.previous_year_value) for q in payload.quarters]
    return difficulty_check(
        headcount=payload.headcount, measure=payload.measure, figures=figures
    ).as_dict()
