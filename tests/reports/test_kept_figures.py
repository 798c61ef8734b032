"""The report's kept figures always equal the full computation from the ledger (hypothesis)."""

import datetime as dt
import io
import statistics
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relance.budget.models import Envelope
from relance.common.errors import ServiceError
from relance.companies.services import CompanyData, SituationData, company_upsert
from relance.funding import money, services
from relance.funding.data import PartsData, RequestData, TraineeData
from relance.funding.models import FundingRequest, TransitionLog
from relance.reference.models import Department
from relance.reports.kept_processing import DECISIONS
from relance.reports.kept_reads import kept_usable, processing_medians
from relance.reports.models import FigureCell
from relance.reports.queries import _until, report_figures
from relance.reports.verify import kept_differences
from tests.factories import CompanyFactory, SituationFactory
from tests.workflow import action_data

PATHWAYS = ["anticipation", "crisis_context", "anticipation", "certification"]
CONTRACTS = ["permanent", "apprenticeship"]  # an apprentice is not an eligible trainee
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["approve", "approve", "amend", "cancel", "pay", "pay_final", "move", "resize"]
        ),
        st.integers(0, 3),
        st.decimals(min_value=Decimal("1.00"), max_value=Decimal("20000.00"), places=2),
        st.lists(st.tuples(st.integers(1, 3), st.sampled_from(CONTRACTS)), min_size=1, max_size=3),
    ),
    max_size=14,
)


def trainees(refs) -> list[TraineeData]:
    unique = dict(refs)
    return [TraineeData(f"MAT-{n}", contract) for n, contract in sorted(unique.items())]


def new_company(department: str, headcount: int):
    company = CompanyFactory(
        headcount=headcount, department=Department.objects.get(code=department)
    )
    SituationFactory(company=company, kind="partial_activity", start=dt.date(2021, 3, 1))
    return company


def in_review(people, company, pathway: str, cost: Decimal) -> int:
    """Two requests per company share employees, so who counts under which pathway matters."""
    data = RequestData(
        siren=company.siren,
        aid_regime="gber",
        pathway=pathway,
        training_actions=[action_data(cost)],
        trainees=trainees([(1, "permanent"), (2, "permanent")]),
    )
    request, _ = services.request_create(actor=people["manager"], data=data)
    services.request_submit(actor=people["manager"], request_id=request.pk)
    services.request_review(actor=people["manager"], request_id=request.pk)
    return request.pk


def company_update(people, company, **changes) -> None:
    company.refresh_from_db()
    fields = {
        "siren": company.siren,
        "name": company.name,
        "naf": company.naf,
        "headcount": company.headcount,
        "department": company.department.code,
        "idcc": company.idcc,
        **changes,
    }
    situations = [SituationData("partial_activity", dt.date(2021, 3, 1))]
    company_upsert(actor=people["manager"], data=CompanyData(**fields, situations=situations))


def apply(people, companies, ids, step: int, operation: tuple) -> None:
    name, index, amount, refs = operation
    request_id, company = ids[index], companies[index // 2]
    if name == "approve":
        money.request_approve(actor=people["manager"], request_id=request_id)
    elif name == "amend":
        money.request_amend(
            actor=people["manager"],
            request_id=request_id,
            parts=PartsData([action_data(amount)], trainees(refs)),
        )
    elif name == "cancel":
        money.request_cancel(actor=people["manager"], request_id=request_id)
    elif name in ("pay", "pay_final"):
        money.payment_record(
            actor=people["finance"],
            request_id=request_id,
            amount=amount,
            payee="company",
            reference=f"P-{step}",
            final=name == "pay_final",
        )
    elif name == "move":  # another département, in another délégation
        company.refresh_from_db()
        company_update(
            people, company, department="33" if company.department.code == "69" else "69"
        )
    else:  # another size band
        company.refresh_from_db()
        company_update(people, company, headcount=400 if company.headcount < 300 else 40)


def assert_kept_equals_full(envelope: Envelope) -> None:
    assert kept_differences(envelope) == []


@given(
    costs=st.lists(
        st.decimals(min_value=Decimal("100.00"), max_value=Decimal("20000.00"), places=2),
        min_size=4,
        max_size=4,
    ),
    operations=OPERATIONS,
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_kept_figures_equal_the_full_computation_after_any_workflow(people, costs, operations):
    with transaction.atomic():
        companies = [new_company("69", 40), new_company("75", 120)]
        ids = [
            in_review(people, companies[i // 2], PATHWAYS[i], cost) for i, cost in enumerate(costs)
        ]
        envelope = Envelope.objects.get(scheme="fne", year=2021)
        for step, operation in enumerate(operations):
            try:
                with transaction.atomic():
                    apply(people, companies, ids, step, operation)
            except ServiceError:
                pass
            if step % 5 == 4:
                assert_kept_equals_full(envelope)
        assert_kept_equals_full(envelope)
        transaction.set_rollback(True)


def approved(people, pathway: str = "anticipation") -> Envelope:
    company = new_company("69", 40)
    money.request_approve(
        actor=people["manager"],
        request_id=in_review(people, company, pathway, Decimal("5000.00")),
    )
    return Envelope.objects.get(scheme="fne", year=2021)


def test_the_live_report_reads_the_kept_figures_and_a_past_date_the_ledger(people):
    envelope = approved(people)
    assert kept_usable(envelope, _until(dt.date(2021, 9, 15)))
    assert not kept_usable(envelope, _until(dt.date(2021, 9, 14)))
    live = report_figures(year=2021, as_of=dt.date(2021, 9, 15))
    assert live["net_commitments"] == "3500.00"  # GBER, under 50: 70 %
    assert live["employees_trained"] == 2
    past = report_figures(year=2021, as_of=dt.date(2021, 9, 14))
    assert past["net_commitments"] == "0.00" and past["employees_trained"] == 0


def test_verify_fails_loudly_on_any_difference(people):
    envelope = approved(people)
    call_command("report", "--verify")
    FigureCell.objects.filter(envelope=envelope, net_cents__gt=0).update(net_cents=1)
    with pytest.raises(CommandError, match="écart"):
        call_command("report", "--verify")
    call_command("report", "--rebuild", "--year", "2021")
    call_command("report", "--verify")


@pytest.mark.parametrize("role", ["manager", "adviser", "other_adviser", "finance"])
def test_the_queue_counts_from_kept_counters_what_it_lists(people, role):
    from relance.funding.queue import QueueFilters, queue_count, queue_requests

    envelope = approved(people, "certification")
    other = new_company("33", 400)
    in_review(people, other, "anticipation", Decimal("800.00"))
    company_update(people, other, department="69")  # its requests follow it to ARA
    user = people[role]
    for params in (
        {},
        {"statut": "approved"},
        {"statut": "in_review", "delegation": "ARA"},
        {"parcours": "certification", "annee": "2021"},
        {"branche": "metallurgie", "annee": "2022"},
        {"age": "15"},
        {"age": "60", "statut": "in_review"},
    ):
        filters = QueueFilters.from_params(params)
        assert queue_count(user, filters) == queue_requests(user, filters).count(), params
    assert kept_differences(envelope) == []


def medians_as_before(year: int) -> list[dict]:
    """The dashboard's former computation: every request's history loaded into Python."""
    first = TransitionLog.objects.filter(request=OuterRef("pk")).order_by("at")
    rows = (
        FundingRequest.objects.filter(envelope__year=year)
        .annotate(
            submitted=Subquery(first.filter(to_status="submitted").values("at")[:1]),
            decided=Subquery(first.filter(to_status__in=DECISIONS).values("at")[:1]),
        )
        .filter(submitted__isnull=False, decided__isnull=False)
        .values_list("company__delegation__name", "submitted", "decided")
    )
    durations: dict[str, list[int]] = {}
    for name, submitted, decided in rows:
        durations.setdefault(name, []).append((decided - submitted).days)
    return [
        {"delegation": name, "median": statistics.median(days), "count": len(days)}
        for name, days in sorted(durations.items())
    ]


def test_the_processing_medians_are_those_the_dashboard_computed_before(people, settings):
    companies = [new_company("69", 40), new_company("33", 40), new_company("69", 120)]
    for index, wait in enumerate([3, 8, 8, 15, 20, 2, 11]):
        settings.RELANCE_TODAY = dt.date(2021, 9, 1)
        company = companies[index % 3]
        request_id = in_review(people, company, PATHWAYS[index % 4], Decimal("900.00"))
        settings.RELANCE_TODAY = dt.date(2021, 9, 1) + dt.timedelta(days=wait)
        decide = money.request_approve if index % 2 else services.request_refuse
        extra = {} if index % 2 else {"reason": "Hors périmètre"}
        decide(actor=people["manager"], request_id=request_id, **extra)
    company_update(people, companies[2], department="33")  # its times follow it
    assert processing_medians(2021) == medians_as_before(2021)
    # ARA keeps 3, 15, 11 days; Nouvelle-Aquitaine has 8, 20 and the moved company's 8, 2.
    assert [row["median"] for row in processing_medians(2021)] == [11, 8.0]


def test_an_import_moving_a_company_moves_its_kept_figures(people, tmp_path):
    envelope = approved(people)
    company = FundingRequest.objects.get(envelope=envelope).company
    path = tmp_path / "entreprises.csv"
    path.write_text(
        "siren;name;naf;headcount;department;idcc;in_difficulty_on_2019_12_31;ceasing_activity;"
        "pse_negotiation;declared_state_aid;situation_kind;situation_start;situation_end;evidence\n"
        f"{company.siren};{company.name};{company.naf};450;33;0044;non;non;non;0;"
        "partial_activity;01/03/2021;;AP-1\n",
        encoding="utf-8",
    )
    call_command("import", "companies", str(path), "--apply", "--quiet", stdout=io.StringIO())
    company.refresh_from_db()
    assert (company.delegation.code, company.branch.code, company.headcount) == (
        "NAQ",
        "chimie",
        450,
    )
    assert kept_differences(envelope) == []
    branches = {
        b["code"]: b for b in report_figures(year=2021, as_of=dt.date(2021, 9, 15))["branches"]
    }
    assert branches["chimie"]["beneficiary_companies"] == 1


def test_a_new_headcount_in_the_admin_moves_the_company_to_its_size_band(client, people):
    envelope = approved(people)
    company = FundingRequest.objects.get(envelope=envelope).company
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    form = {
        "siren": company.siren,
        "name": company.name,
        "naf": company.naf,
        "headcount": "1500",
        "declared_state_aid": "0.00",
        **{
            f"{p}-{k}": v
            for p in ("situations", "establishments")
            for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
    form["situations-TOTAL_FORMS"] = str(company.situations.count())
    form["situations-INITIAL_FORMS"] = form["situations-TOTAL_FORMS"]
    for i, situation in enumerate(company.situations.all()):
        form.update(
            {
                f"situations-{i}-id": situation.pk,
                f"situations-{i}-company": company.pk,
                f"situations-{i}-kind": situation.kind,
                f"situations-{i}-start": situation.start.isoformat(),
            }
        )
    answer = client.post(f"/admin/companies/company/{company.pk}/change/", form)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert kept_differences(envelope) == []
    bands = report_figures(year=2021, as_of=dt.date(2021, 9, 15))["size_bands"]
    assert [b["code"] for b in bands if b["beneficiary_companies"]] == [bands[-1]["code"]]
