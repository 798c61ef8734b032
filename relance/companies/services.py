"""Writes on companies: create or update by SIREN, situations replaced as given."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from relance.accounts.models import User
from relance.accounts.perms import can_edit_companies
from relance.common.errors import ErrorCollector, Forbidden, Limits, NotFound
from relance.common.shapes import STRICT
from relance.companies import perms
from relance.companies.identifiers import compact_identifier, identifier_error
from relance.companies.models import Company, Establishment, Situation
from relance.reference.choices import SituationKind
from relance.reference.files import normalise_idcc
from relance.reference.models import BranchAgreement, Department
from relance.reports import kept

NAF_PATTERN = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")


@dataclass(frozen=True)
class SituationData:
    __pydantic_config__ = STRICT

    kind: str
    start: dt.date
    end: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class EstablishmentData:
    __pydantic_config__ = STRICT

    siret: str
    name: str = ""


@dataclass(frozen=True)
class CompanyData:
    __pydantic_config__ = STRICT

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
    # GBER Annex I's financial figures (last closed year); None = not given.
    annual_turnover: Decimal | None = None
    balance_sheet_total: Decimal | None = None
    situations: list[SituationData] = field(default_factory=list)
    establishments: list[EstablishmentData] = field(default_factory=list)


def company_upsert_check(*, actor: User, siren: str | None) -> Company | None:
    """404 when the company exists but the actor may not see it, 403 when the role edits no
    companies (the API asks it before reading the body). Returns the existing company."""
    existing = Company.objects.filter(siren=compact_identifier(siren)).first() if siren else None
    if existing is not None and not perms.can_view_company(actor, existing):
        raise NotFound("Entreprise introuvable.")
    if not can_edit_companies(actor):
        raise Forbidden("Votre rôle ne permet pas de créer ou modifier une entreprise.")
    return existing


def company_upsert(*, actor: User, data: CompanyData) -> tuple[Company, bool]:
    """Create or update the company with this SIREN; return it and whether it was created."""
    siren = compact_identifier(data.siren)
    existing = company_upsert_check(actor=actor, siren=siren)
    department, agreement = company_validate(data, ReferenceLookup())
    if not perms.can_edit_company_in(actor, department.region.delegation_id):
        raise Forbidden(
            "Vous ne pouvez enregistrer que les entreprises de votre délégation régionale.",
            field="department",
        )
    return _save(existing, data, siren, department, agreement)


class ReferenceLookup:
    """Départements and IDCC numbers, loaded once: one company or a hundred thousand alike."""

    def __init__(self) -> None:
        self.departments = {d.code: d for d in Department.objects.select_related("region")}
        self.agreements = {a.idcc: a for a in BranchAgreement.objects.all()}

    def department(self, code: str) -> Department | None:
        return self.departments.get(code.strip().upper())

    def agreement(self, idcc: str) -> BranchAgreement | None:
        return self.agreements.get(normalise_idcc(idcc))


def company_validate(
    data: CompanyData, lookup: ReferenceLookup
) -> tuple[Department, BranchAgreement]:
    """Every rule a company must satisfy, for the API, the forms and the bulk import alike."""
    siren = compact_identifier(data.siren)
    errors = ErrorCollector()
    if problem := identifier_error("siren", data.siren, "siren"):
        errors.errors.append(problem)
    if not data.name.strip():
        errors.add("name", "required", "La raison sociale est obligatoire.")
    Limits.text(errors, "name", data.name, 200)
    Limits.number(errors, "headcount", data.headcount, Limits.HEADCOUNT, places=None)
    Limits.number(errors, "declared_state_aid", data.declared_state_aid, Limits.MONEY)
    if not NAF_PATTERN.match(data.naf.strip().upper()):
        errors.add(
            "naf",
            "invalid_naf",
            f"Le code NAF « {data.naf} » est invalide (attendu : 4 chiffres et une lettre, par ex. 2932Z).",
        )
    if data.headcount < 0:
        errors.add("headcount", "negative", "L'effectif ne peut pas être négatif.")
    if data.declared_state_aid < 0:
        errors.add(
            "declared_state_aid",
            "negative",
            "Le montant des aides d'État déclarées ne peut pas être négatif.",
        )
    _validate_financials(data, errors)
    department = lookup.department(data.department)
    if department is None:
        errors.add(
            "department", "unknown_department", f"Le département « {data.department} » est inconnu."
        )
    idcc = normalise_idcc(data.idcc)
    agreement = lookup.agreement(idcc)
    if agreement is None:
        errors.add(
            "idcc",
            "idcc_outside_perimeter",
            f"La convention collective IDCC {idcc} n'appartient pas au périmètre de l'opérateur.",
        )
    _validate_situations(data.situations, errors)
    _validate_establishments(data.establishments, siren, errors)
    errors.raise_if_any()
    return department, agreement


FINANCIAL_LABELS = {
    "annual_turnover": "Le chiffre d'affaires annuel",
    "balance_sheet_total": "Le total du bilan",
}


def _validate_financials(data: CompanyData, errors: ErrorCollector) -> None:
    """Optional amounts, read like the other amounts (two decimals at most, never negative)."""
    for name, label in FINANCIAL_LABELS.items():
        value = getattr(data, name)
        if value is None or not Limits.number(errors, name, value, Limits.MONEY):
            continue
        if value < 0:
            errors.add(name, "negative", f"{label} ne peut pas être négatif.")


def _validate_situations(situations: list[SituationData], errors: ErrorCollector) -> None:
    for index, situation in enumerate(situations):
        prefix = f"situations[{index}]"
        if situation.kind not in SituationKind.values:
            errors.add(
                f"{prefix}.kind", "unknown_situation", f"Situation inconnue : « {situation.kind} »."
            )
        Limits.text(errors, f"{prefix}.evidence", situation.evidence, 200)
        Limits.date(errors, f"{prefix}.start", situation.start)
        Limits.date(errors, f"{prefix}.end", situation.end)
        if situation.end is not None and situation.end < situation.start:
            errors.add(
                f"{prefix}.end", "end_before_start", "La fin de la situation précède son début."
            )


def _validate_establishments(
    items: list[EstablishmentData], siren: str, errors: ErrorCollector
) -> None:
    for index, item in enumerate(items):
        Limits.text(errors, f"establishments[{index}].name", item.name, 200)
        field_name = f"establishments[{index}].siret"
        if problem := identifier_error("siret", item.siret, field_name):
            errors.errors.append(problem)
        elif not compact_identifier(item.siret).startswith(siren):
            errors.add(
                field_name,
                "siret_of_other_company",
                f"Le SIRET {item.siret} n'appartient pas à l'entreprise {siren}.",
            )


@transaction.atomic
def _save(existing, data, siren, department, agreement) -> tuple[Company, bool]:
    company = existing or Company(siren=siren)
    before = (company.delegation_id, company.branch_id, company.headcount)
    company.name = data.name.strip()
    company.naf = data.naf.strip().upper().replace(".", "")
    company.headcount = data.headcount
    company.idcc = agreement.idcc
    company.branch_id = agreement.branch_id
    company.department = department
    company.delegation_id = department.region.delegation_id
    company.in_difficulty_on_2019_12_31 = data.in_difficulty_on_2019_12_31
    company.ceasing_activity = data.ceasing_activity
    company.pse_negotiation = data.pse_negotiation
    company.declared_state_aid = data.declared_state_aid
    company.annual_turnover = data.annual_turnover
    company.balance_sheet_total = data.balance_sheet_total
    company.save()
    if existing is not None and before != (
        company.delegation_id,
        company.branch_id,
        data.headcount,
    ):
        kept.companies_changed({company.pk: before[:2]})
    company.situations.all().delete()
    Situation.objects.bulk_create(
        Situation(company=company, kind=s.kind, start=s.start, end=s.end, evidence=s.evidence)
        for s in data.situations
    )
    for item in data.establishments:
        Establishment.objects.update_or_create(
            siret=compact_identifier(item.siret), defaults={"company": company, "name": item.name}
        )
    return company, existing is None


def situation_declare(*, actor: User, company: Company, data: SituationData) -> Situation:
    """A company declares one of its situations (with its evidence reference) while filing."""
    if not perms.can_declare_situation(actor, company):
        raise Forbidden("Votre rôle ne permet pas de déclarer une situation pour cette entreprise.")
    errors = ErrorCollector()
    _validate_situations([data], errors)
    errors.raise_if_any()
    situation, _ = Situation.objects.get_or_create(
        company=company,
        kind=data.kind,
        start=data.start,
        end=data.end,
        defaults={"evidence": data.evidence},
    )
    return situation
