import datetime as dt
import json
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from relance.accounts import perms
from relance.accounts.models import User
from relance.api.auth import guard
from relance.api.schemas import ERRORS, Strict
from relance.common.errors import Forbidden, NotFound
from relance.companies.identifiers import compact_identifier
from relance.companies.models import Company
from relance.companies.selectors import company_get_visible
from relance.companies.services import (
    CompanyData,
    EstablishmentData,
    SituationData,
    company_upsert,
)

router = Router(tags=["Entreprises"])


class SituationIn(Strict):
    kind: str
    start: dt.date
    end: dt.date | None = None
    evidence: str = ""


class EstablishmentIn(Strict):
    siret: str
    name: str = ""


class CompanyIn(Strict):
    siren: str
    name: str
    naf: str
    headcount: int
    department: str
    idcc: str
    in_difficulty_on_2019_12_31: bool = False
    ceasing_activity: bool = False
    pse_negotiation: bool = False
    declared_state_aid: Decimal = Decimal("0.00")
    situations: list[SituationIn] = []
    establishments: list[EstablishmentIn] = []


class SituationOut(Schema):
    kind: str
    start: dt.date
    end: dt.date | None
    evidence: str


class EstablishmentOut(Schema):
    siret: str
    name: str


class CompanyOut(Schema):
    siren: str
    name: str
    naf: str
    headcount: int
    department: str
    delegation: str
    idcc: str
    branch: str
    in_difficulty_on_2019_12_31: bool
    ceasing_activity: bool
    pse_negotiation: bool
    declared_state_aid: str
    situations: list[SituationOut]
    establishments: list[EstablishmentOut]


def company_out(company: Company) -> dict:
    return {
        "siren": company.siren,
        "name": company.name,
        "naf": company.naf,
        "headcount": company.headcount,
        "department": company.department.code,
        "delegation": company.delegation.code,
        "idcc": company.idcc,
        "branch": company.branch.code,
        "in_difficulty_on_2019_12_31": company.in_difficulty_on_2019_12_31,
        "ceasing_activity": company.ceasing_activity,
        "pse_negotiation": company.pse_negotiation,
        "declared_state_aid": f"{company.declared_state_aid:.2f}",
        "situations": [
            {"kind": s.kind, "start": s.start, "end": s.end, "evidence": s.evidence}
            for s in company.situations.all()
        ],
        "establishments": [
            {"siret": e.siret, "name": e.name} for e in company.establishments.all()
        ],
    }


@router.get("/companies/{siren}", response={200: CompanyOut, **ERRORS})
@guard(lambda request, user, siren: company_get_visible(user=user, siren=siren))
def company_get(request: HttpRequest, siren: str):
    """Une entreprise visible par l'appelant (sinon 404)."""
    return company_out(company_get_visible(user=request.auth, siren=siren))


def _may_upsert(request: HttpRequest, user: User) -> None:
    siren = _peek_siren(request)
    existing = Company.objects.filter(siren=siren).first() if siren else None
    if existing is not None and not perms.can_view_company(user, existing):
        raise NotFound("Entreprise introuvable.")
    if not perms.can_edit_companies(user):
        raise Forbidden("Votre rôle ne permet pas de créer ou modifier une entreprise.")


def _peek_siren(request: HttpRequest) -> str | None:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    siren = body.get("siren") if isinstance(body, dict) else None
    return compact_identifier(siren) if isinstance(siren, str) else None


@router.post("/companies", response={200: CompanyOut, 201: CompanyOut, **ERRORS})
@guard(_may_upsert)
def company_upsert_endpoint(request: HttpRequest, payload: CompanyIn):
    """Crée ou met à jour une entreprise par son SIREN ; les situations fournies remplacent les anciennes."""
    data = CompanyData(
        **payload.model_dump(exclude={"situations", "establishments"}),
        situations=[SituationData(**s.model_dump()) for s in payload.situations],
        establishments=[EstablishmentData(**e.model_dump()) for e in payload.establishments],
    )
    company, created = company_upsert(actor=request.auth, data=data)
    company = company_get_visible(user=request.auth, siren=company.siren)
    return Status(201 if created else 200, company_out(company))
