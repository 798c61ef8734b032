"""Companies: read one, create or update by SIREN (the body is `CompanyData`, the service's
own shape)."""

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema, Status

from relance.accounts.models import User
from relance.api.auth import body_field, guard
from relance.api.schemas import ERRORS, Money, answer_of
from relance.companies.selectors import company_get_visible
from relance.companies.services import (
    CompanyData,
    EstablishmentData,
    SituationData,
    company_upsert,
    company_upsert_check,
)

router = Router(tags=["Entreprises"])


SituationOut = answer_of(SituationData, "SituationOut")
EstablishmentOut = answer_of(EstablishmentData, "EstablishmentOut")


class CompanyOut(Schema):
    """A company as stored: the fields of `CompanyData`, with the delegation and branch it
    follows from, reading the model's attributes."""

    siren: str
    name: str
    naf: str
    headcount: int
    department: str = Field(alias="department.code")
    delegation: str = Field(alias="delegation.code")
    idcc: str
    branch: str = Field(alias="branch.code")
    in_difficulty_on_2019_12_31: bool
    ceasing_activity: bool
    pse_negotiation: bool
    declared_state_aid: Money
    annual_turnover: Money | None = None
    balance_sheet_total: Money | None = None
    situations: list[SituationOut]
    establishments: list[EstablishmentOut]


@router.get("/companies/{siren}", response={200: CompanyOut, **ERRORS})
@guard(lambda request, user, siren: company_get_visible(user=user, siren=siren))
def company_get(request: HttpRequest, siren: str):
    """Une entreprise visible par l'appelant (sinon 404)."""
    return company_get_visible(user=request.auth, siren=siren)


def _may_upsert(request: HttpRequest, user: User) -> None:
    siren = body_field(request, "siren")
    company_upsert_check(actor=user, siren=siren if isinstance(siren, str) else None)


@router.post("/companies", response={200: CompanyOut, 201: CompanyOut, **ERRORS})
@guard(_may_upsert)
def company_upsert_endpoint(request: HttpRequest, payload: Body[CompanyData]):
    """Crée ou met à jour une entreprise par son SIREN ; les situations fournies remplacent les anciennes."""
    company, created = company_upsert(actor=request.auth, data=payload)
    company = company_get_visible(user=request.auth, siren=company.siren)
    return Status(201 if created else 200, company)
