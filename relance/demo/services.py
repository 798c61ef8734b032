"""`relance demo`: fill a year with a plausible, calibrated activity, in bulk."""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q

from relance.accounts.models import Role, User
from relance.accounts.services import user_create
from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.budget.services import envelope_get_or_create
from relance.common.errors import Conflict
from relance.companies.models import Company, Situation
from relance.demo.build import Builder, _at
from relance.demo.perimeter import ensure_perimeter
from relance.demo.plan import CompanyRow, plan_year
from relance.demo.profile import load_profile
from relance.demo.progress import Progress
from relance.funding.messages import messages_of_history
from relance.funding.models import (
    Document,
    FundingRequest,
    Message,
    Trainee,
    TrainingAction,
    TransitionLog,
)
from relance.reference.models import Delegation
from relance.reports import kept, kept_counts
from relance.rules.money import to_cents

CHUNK = 2000
SCALE_REASON = "Démonstration à l'échelle"
DEMO_PASSWORD = "demo-relance-2022"  # noqa: S105 - documented demo logins, local mode only
LOGINS = {
    Role.COMPANY: "demo-entreprise",
    Role.ADVISER: "demo-conseiller",
    Role.MANAGER: "demo-responsable",
    Role.FINANCE: "demo-finances",
    Role.AUDITOR: "demo-auditeur",
    Role.ADMIN: "demo-admin",
}


@dataclass
class DemoReport:
    year: int
    companies_created: int
    requests: int
    trainees: int
    ledger_entries: int
    logins: dict[str, str]


def demo_load(
    *, year: int, scale: int, seed: int, replace: bool, today: dt.date, progress: bool = True
) -> DemoReport:
    if year not in (2021, 2022):
        raise Conflict("La démonstration couvre 2021 (calibrée sur le bilan publié) et 2022.")
    existing = FundingRequest.objects.filter(envelope__scheme="fne", envelope__year=year)
    if existing.exists() and not replace:
        raise Conflict(
            f"L'année {year} contient déjà des demandes : relancez avec --replace pour les remplacer."
        )
    others = existing.exclude(pk__in=_demo_requests(year)).count()
    if replace and others:
        raise Conflict(
            f"L'enveloppe {year} contient {others} demande(s) que la démonstration n'a pas créées : "
            "--replace ne remplace qu'une année de démonstration et refuse de les supprimer."
        )
    rnd = random.Random(f"{seed}-{year}")
    profile = load_profile(year=year, scale=scale, today=today)
    weights = {code: float(n) for code, n in profile.beneficiaries.items()}
    created = ensure_perimeter(
        count=profile.perimeter_companies, delegation_weights=weights, rnd=rnd, progress=progress
    )
    with transaction.atomic():
        if replace:
            _delete_year(year)
        staff = _staff()
        envelope = _envelope(year, scale)
        companies = [
            CompanyRow(pk, d, b, h, i)
            for pk, d, b, h, i in Company.objects.order_by("pk").values_list(
                "pk", "delegation__code", "branch__code", "headcount", "idcc"
            )
        ]
        plan = plan_year(profile, companies, rnd)
        _situations(plan)
        counts = _write(
            plan,
            Builder(year_plan=plan, envelope=envelope, staff=staff, rnd=rnd, year=year),
            profile,
            progress,
        )
        _check_envelope_never_overspent(envelope)
        kept.rebuild(envelope)  # the report's kept figures, in bulk
        kept_counts.rebuild_counts()
        logins = _logins(plan, staff, today)
    _refresh_statistics()
    return DemoReport(year, created, *counts, logins)


def _refresh_statistics() -> None:
    """After a bulk load the planner's row estimates are stale by orders of magnitude, and the
    visibility map is empty (the lists' counts become index-only scans once it is set)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # VACUUM cannot run inside a transaction (tests)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def _demo_requests(year: int):
    """The requests the demo built: its references, filed by its advisers (never by a person)."""
    return FundingRequest.objects.filter(
        envelope__scheme="fne",
        envelope__year=year,
        reference__regex=rf"^FNE-{year}-[0-9]{{6,}}-[0-9]{{2,}}$",
        created_by__username__in=[_adviser_username(d) for d in Delegation.objects.all()],
    ).values("pk")


def _delete_year(year: int) -> None:
    """Demo data only: the ledger is append-only in the product, `--replace` wipes what the demo
    wrote for that year (its requests, their rows and entries, its scale adjustment), nothing else."""
    requests = _demo_requests(year)
    scaling = LedgerEntry.objects.filter(
        envelope__scheme="fne",
        envelope__year=year,
        kind=EntryKind.ADJUSTMENT,
        reason__startswith=SCALE_REASON,
    ).select_related("envelope")
    for entry in scaling:  # `_envelope` multiplied the operator's costs with the scale
        envelope = entry.envelope
        scale = (envelope.initial_amount + entry.amount) / envelope.initial_amount
        envelope.operator_costs = to_cents(envelope.operator_costs / scale)
        envelope.save(update_fields=["operator_costs"])
    LedgerEntry.objects.filter(Q(request__in=requests) | Q(pk__in=[e.pk for e in scaling])).delete()
    for model in (Document, Message, TransitionLog, Trainee, TrainingAction):
        model.objects.filter(request__in=requests).delete()
    FundingRequest.objects.filter(pk__in=requests).delete()


def _staff() -> dict:
    advisers = {
        delegation.code: _user(
            _adviser_username(delegation), Role.ADVISER, delegation_code=delegation.code
        )
        for delegation in Delegation.objects.all()
    }
    return {
        "advisers": advisers,
        "manager": _user(LOGINS[Role.MANAGER], Role.MANAGER),
        "finance": _user(LOGINS[Role.FINANCE], Role.FINANCE),
        "auditor": _user(LOGINS[Role.AUDITOR], Role.AUDITOR),
        "admin": _user(LOGINS[Role.ADMIN], Role.ADMIN),
    }


def _adviser_username(delegation: Delegation) -> str:
    return (
        LOGINS[Role.ADVISER]
        if delegation.code == "ARA"
        else f"conseiller-{delegation.code.lower()}"
    )


def _user(username: str, role: str, **fields) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    user, _ = user_create(
        role=role,
        username=username,
        email=f"{username}@demo.relance.local",
        password=DEMO_PASSWORD,
        **fields,
    )
    return user


def _envelope(year: int, scale: int) -> Envelope:
    """At --scale N the envelope is N times the parameter file's, through an adjustment entry
    of its own (a manager's adjustments stay as they are and still count), and so are the
    operator's costs the year's set-up gave it."""
    envelope = envelope_get_or_create(scheme="fne", year=year)
    wanted = envelope.initial_amount * scale
    demo = envelope.entries.filter(kind=EntryKind.ADJUSTMENT, reason__startswith=SCALE_REASON)
    if scale != 1 and not demo.exists():
        LedgerEntry.objects.create(
            envelope=envelope,
            kind=EntryKind.ADJUSTMENT,
            amount=wanted - envelope.initial_amount,
            created_at=_at(dt.date(year, 1, 1), 8, 0),
            reason=f"{SCALE_REASON} {scale} : enveloppe portée à {wanted} €",
        )
        # The operator's costs scale with the envelope they are a share of.
        envelope.operator_costs *= scale
        envelope.save(update_fields=["operator_costs"])
    return envelope


def _situations(plan) -> None:
    Situation.objects.bulk_create(
        Situation(
            company_id=pk, kind=kind, start=start, end=end, evidence=f"DEMO-{kind[:3].upper()}-{pk}"
        )
        for pk, (kind, start, end) in plan.situations.items()
    )


def _write(plan, builder: Builder, profile, progress: bool) -> tuple[int, int, int]:
    bar = Progress(f"Demandes {profile.year}", len(plan.requests), enabled=progress)
    trainees = entries = 0
    ordered = sorted(plan.requests, key=lambda r: (r.filed_on, r.company.pk))
    for start in range(0, len(ordered), CHUNK):
        built = [builder.build(p, profile.events_end) for p in ordered[start : start + CHUNK]]
        FundingRequest.objects.bulk_create([b.request for b in built])
        TrainingAction.objects.bulk_create([a for b in built for a in b.actions])
        Trainee.objects.bulk_create([t for b in built for t in b.trainees], batch_size=5000)
        history = TransitionLog.objects.bulk_create(
            [h for b in built for h in b.history], batch_size=5000
        )
        Message.objects.bulk_create(messages_of_history(history), batch_size=5000)
        LedgerEntry.objects.bulk_create([e for b in built for e in b.ledger], batch_size=5000)
        trainees += sum(len(b.trainees) for b in built)
        entries += sum(len(b.ledger) for b in built)
        bar.advance(len(built))
    bar.finish()
    return len(ordered), trainees, entries


def _check_envelope_never_overspent(envelope: Envelope) -> None:
    """Replay the year's ledger in date order: net commitments never exceed the envelope less
    the operator's costs."""
    amount, net = envelope.initial_amount, Decimal(0)
    rows = (
        LedgerEntry.objects.filter(envelope=envelope)
        .order_by("created_at", "pk")
        .values_list("kind", "amount")
    )
    for kind, value in rows.iterator(chunk_size=10_000):
        if kind == EntryKind.ADJUSTMENT:
            amount += value
        net += value if kind == EntryKind.COMMITMENT else -value if kind == EntryKind.RELEASE else 0
        if net > amount - envelope.operator_costs:
            raise AssertionError(
                f"the demo would over-commit the envelope {envelope}: {net} > {amount} "
                f"less {envelope.operator_costs} of operator's costs"
            )


def _logins(plan, staff: dict, today: dt.date) -> dict[str, str]:
    """One login per role; the company login belongs to a beneficiary of Auvergne-Rhône-Alpes
    with an APLD agreement running through 2022, so it can file a new request at once."""
    company_user = User.objects.filter(username=LOGINS[Role.COMPANY]).first()
    if company_user is None:
        company = next(
            c for c in plan.beneficiaries if c.delegation == "ARA" and 10 <= c.headcount < 50
        )
        Situation.objects.create(
            company_id=company.pk,
            kind="long_partial_activity",
            start=dt.date(2021, 6, 1),
            end=dt.date(2023, 5, 31),
            evidence="APLD-DEMO-2021",
        )
        siren = Company.objects.values_list("siren", flat=True).get(pk=company.pk)
        _user(LOGINS[Role.COMPANY], Role.COMPANY, siren=siren)
    return {str(Role(role).label): username for role, username in LOGINS.items()}
