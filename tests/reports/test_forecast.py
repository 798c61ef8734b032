"""The envelope's exhaustion forecast on a constructed year whose answer is worked out by hand."""

import base64
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from relance.budget.models import EntryKind, Envelope, LedgerEntry
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status
from relance.reports.forecast import envelope_forecast

AS_OF = dt.date(2021, 6, 1)  # the 8 weeks: 7 April to 1 June 2021 (filing deadline 31/12/2021)


def at(day: str, time: str = "10:00") -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T{time}"))


@pytest.fixture
def as_of(settings):
    settings.RELANCE_TODAY = AS_OF
    return AS_OF


@pytest.fixture
def envelope(people, as_of):
    """1 000 000 € + 50 000 € adjusted; 550 000 € committed net by 1 June, 240 000 € of it in the
    8 weeks: 500 000 € available at 30 000 € a week → 116.67 days → 26 September 2021."""
    envelope = Envelope.objects.create(scheme="fne", year=2021, initial_amount=Decimal("1000000"))
    entries = [
        (EntryKind.ADJUSTMENT, "50000.00", at("2021-02-01")),
        (EntryKind.COMMITMENT, "300000.00", at("2021-03-01")),
        (EntryKind.COMMITMENT, "10000.00", at("2021-04-06", "23:59")),  # the day before the 8 weeks
        (EntryKind.COMMITMENT, "180000.00", at("2021-04-07", "00:00")),  # their first instant
        (EntryKind.COMMITMENT, "100000.00", at("2021-05-20")),
        (EntryKind.PAYMENT, "70000.00", at("2021-05-21")),  # paid money stays committed
        (EntryKind.RELEASE, "40000.00", at("2021-06-01", "23:59")),  # their last day
        (EntryKind.COMMITMENT, "999.00", at("2021-06-02", "00:00")),  # after the business date
    ]
    for kind, amount, created_at in entries:
        LedgerEntry.objects.create(
            envelope=envelope, kind=kind, amount=Decimal(amount), created_at=created_at
        )
    return envelope


def requests_in(envelope, people, statuses: dict[str, str]) -> None:
    for number, (status, amount) in enumerate(statuses.items()):
        FundingRequest.objects.create(
            company=people["the_company"],
            reference=f"FNE-TEST-{number}",
            pathway="anticipation",
            aid_regime="temporary_framework",
            status=status,
            envelope=envelope,
            funded_amount=Decimal(amount) if amount else None,
            created_by=people["company"],
        )


@pytest.fixture
def year(envelope, people):
    requests_in(
        envelope,
        people,
        {
            Status.DRAFT: "5000.00",  # not filed
            Status.SUBMITTED: "12000.00",
            Status.IN_REVIEW: "8000.50",
            Status.INFORMATION_REQUESTED: "1000.00",
            Status.AWAITING_SECOND_APPROVAL: "50000.00",
            Status.APPROVED: "1.00",
            Status.COMPLETED: "1.00",
            Status.PAID: "1.00",
            Status.REFUSED: "",
            Status.CANCELLED: "3000.00",  # neither filed nor decided
        },
    )
    return envelope


def test_the_forecast_of_a_constructed_year_is_the_answer_worked_out_by_hand(year):
    assert envelope_forecast(year=2021).as_dict() == {
        "as_of": "2021-06-01",
        "available": "500000.00",
        "pipeline": {"requests": 4, "amount": "71000.50"},
        "approval_ratio": "0.7500",
        "weekly_run_rate": "30000.00",
        "exhaustion_date": "2021-09-26",
    }


def test_the_operators_costs_are_not_counted_as_available(year):
    # 80 000 € kept for the operator: 420 000 € at 30 000 € a week last 98 days → 7 September.
    Envelope.objects.filter(pk=year.pk).update(operator_costs=Decimal("80000.00"))
    forecast = envelope_forecast(year=2021).as_dict()
    assert forecast["available"] == "420000.00"
    assert forecast["exhaustion_date"] == "2021-09-07"


def test_the_exhaustion_date_is_null_when_the_envelope_lasts_past_the_filing_deadline(year):
    # 500 000 € more: 1 000 000 € at 30 000 € a week last 233.3 days, past 31 December 2021.
    LedgerEntry.objects.create(
        envelope=year,
        kind=EntryKind.ADJUSTMENT,
        amount=Decimal("500000"),
        created_at=at("2021-05-01"),
    )
    forecast = envelope_forecast(year=2021)
    assert forecast.as_dict()["exhaustion_date"] is None
    assert "dureraient au-delà de la date limite de dépôt du 31/12/2021" in forecast.sentence()


def test_the_last_day_before_the_deadline_still_counts_as_an_exhaustion(people, as_of):
    """56 × available / 8-week net = 213 days exactly: 1 June + 213 days = 31 December."""
    envelope = Envelope.objects.create(scheme="fne", year=2021, initial_amount=Decimal("26900"))
    LedgerEntry.objects.create(
        envelope=envelope,
        kind=EntryKind.COMMITMENT,
        amount=Decimal("5600"),
        created_at=at("2021-05-01"),
    )
    assert envelope_forecast(year=2021).exhaustion_date == dt.date(2021, 12, 31)
    LedgerEntry.objects.create(
        envelope=envelope,
        kind=EntryKind.ADJUSTMENT,
        amount=Decimal("0.01"),
        created_at=at("2021-05-01"),
    )
    assert envelope_forecast(year=2021).exhaustion_date is None


def test_a_year_without_any_decision_has_no_approval_ratio_and_no_exhaustion(people, as_of):
    Envelope.objects.create(scheme="fne", year=2021, initial_amount=Decimal("150000000"))
    forecast = envelope_forecast(year=2021)
    assert forecast.as_dict() == {
        "as_of": "2021-06-01",
        "available": "150000000.00",
        "pipeline": {"requests": 0, "amount": "0.00"},
        "approval_ratio": None,
        "weekly_run_rate": "0.00",
        "exhaustion_date": None,
    }
    assert "aucune demande n'est encore décidée cette année" in forecast.sentence()
    assert forecast.projection() == []


def test_an_envelope_entirely_committed_is_exhausted_on_the_business_date(people, as_of):
    envelope = Envelope.objects.create(scheme="fne", year=2021, initial_amount=Decimal("1000"))
    LedgerEntry.objects.create(
        envelope=envelope,
        kind=EntryKind.COMMITMENT,
        amount=Decimal("1000"),
        created_at=at("2021-01-10"),
    )
    forecast = envelope_forecast(year=2021)
    assert forecast.as_dict()["exhaustion_date"] == "2021-06-01"
    assert forecast.as_dict()["weekly_run_rate"] == "0.00"
    assert "l'enveloppe est entièrement engagée" in forecast.sentence()


def test_the_sentence_states_the_assumptions_and_the_projection_reaches_the_envelope(year):
    forecast = envelope_forecast(year=2021)
    assert forecast.sentence() == (
        "Au 01/06/2021, au rythme des 8 dernières semaines (30\u202f000,00 € d'engagements nets "
        "par semaine), les 500\u202f000,00 € disponibles seraient épuisés le 26/09/2021, avant la "
        "date limite de dépôt du 31/12/2021 ; 4 demande(s) en cours d'instruction totalisent "
        "71\u202f000,50 € estimés, et 75\u00a0% des demandes décidées cette année ont été accordées."
    )
    months = forecast.projection_by_month()
    assert [m["month"] for m in months] == ["2021-06", "2021-07", "2021-08", "2021-09"]
    assert months[0]["cumulative_net"] == "550000.00"
    assert months[-1]["cumulative_net"] == "1050000.00"  # the envelope, reached on 26 September


def test_a_year_without_an_envelope_has_no_forecast(people, as_of):
    assert envelope_forecast(year=2021) is None
    assert envelope_forecast(year=1999) is None


def test_the_forecast_endpoint_answers_staff_and_refuses_companies_and_strangers(year, api, people):
    for role in ("adviser", "manager", "finance", "auditor"):
        response = api.get(people[role], "/envelopes/fne/2021/forecast")
        assert response.status_code == 200
        assert response.json() == envelope_forecast(year=2021).as_dict()
    assert api.get(people["company"], "/envelopes/fne/2021/forecast").status_code == 403
    assert api.get(None, "/envelopes/fne/2021/forecast").status_code == 401


def test_the_forecast_endpoint_answers_404_in_french_without_an_envelope(api, people, as_of):
    for year in ("2021", "1999", "20x1"):
        response = api.get(people["manager"], f"/envelopes/fne/{year}/forecast")
        assert response.status_code == 404
        [error] = response.json()["errors"]
        assert error["code"] == "not_found" and "nveloppe" in error["message"]
        assert error["field"] is None
    response = api.get(people["manager"], "/envelopes/fne/2021/forecast")
    assert response.json()["errors"][0]["message"] == "Aucune enveloppe fne pour 2021."
    assert Envelope.objects.count() == 0  # reading a forecast creates nothing


def test_the_dashboard_and_the_payments_page_show_the_forecast_and_its_projection(
    year, client, people
):
    client.force_login(people["manager"])
    page = client.get("/pilotage/?annee=2021").content.decode()
    assert "seraient épuisés le 26/09/2021" in page
    chart = base64.b64decode(page.split('src="data:image/svg+xml;base64,')[1].split('"')[0])
    assert "Projection au rythme des 8 dernières semaines" in chart.decode()
    client.force_login(people["finance"])
    assert "seraient épuisés le 26/09/2021" in client.get("/finances/").content.decode()


def test_the_dashboard_of_a_year_without_an_envelope_shows_no_forecast(year, client, people):
    client.force_login(people["manager"])
    response = client.get("/pilotage/?annee=2022")
    assert response.status_code == 200
    assert "Prévision" not in response.content.decode()
