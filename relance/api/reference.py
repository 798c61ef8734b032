from django.http import HttpRequest
from ninja import Router, Schema

from relance.api.errors import ErrorsOut
from relance.reference.models import Branch, Delegation

router = Router(tags=["Référentiel"])


class DelegationOut(Schema):
    code: str
    name: str


class BranchOut(Schema):
    code: str
    name: str
    idcc: list[str]


@router.get("/delegations", response={200: list[DelegationOut], 401: ErrorsOut})
def delegations_list(request: HttpRequest):
    """Les délégations régionales de l'opérateur."""
    return list(Delegation.objects.order_by("code").values("code", "name"))


@router.get("/branches", response={200: list[BranchOut], 401: ErrorsOut})
def branches_list(request: HttpRequest):
    """Les branches professionnelles du périmètre et leurs numéros IDCC."""
    branches = Branch.objects.prefetch_related("agreements").order_by("code")
    return [
        {"code": b.code, "name": b.name, "idcc": [a.idcc for a in b.agreements.all()]}
        for b in branches
    ]
