"""A request's work is bounded: at most MAX_TRAINEES trainees, decided in one statement."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relance.funding import services
from relance.funding.data import MAX_TRAINEES, RequestData, TraineeData
from relance.funding.models import Trainee
from tests.workflow import action_data, request_body, trainee


def trainees(count: int) -> list[TraineeData]:
    """Every kind of trainee the rules tell apart, in turn: eligible or excluded for each cause."""
    kinds = [
        ("permanent", None, False),  # eligible
        ("apprenticeship", None, False),  # excluded contract
        ("permanent", None, True),  # leaving under a PSE
        ("fixed_term", dt.date(2021, 11, 1), False),  # contract ends before the training
        ("fixed_term", dt.date(2022, 6, 1), False),  # eligible
    ]
    return [TraineeData(f"MAT-{i:06d}", *kinds[i % len(kinds)]) for i in range(count)]


def draft_with(people, count: int) -> int:
    data = RequestData(
        siren=people["the_company"].siren,
        aid_regime="gber",
        pathway="anticipation",
        training_actions=[action_data()],
        trainees=trainees(count),
    )
    request, _ = services.request_create(actor=people["company"], data=data)
    return request.pk


def test_submitting_marks_every_trainees_eligibility_in_one_statement(people):
    request_id = draft_with(people, 50)
    with CaptureQueriesContext(connection) as queries:
        services.request_submit(actor=people["company"], request_id=request_id)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "funding_trainee"')]
    assert len(updates) == 1
    assert updates[0].count("WHEN") <= 1  # not one CASE branch per trainee: quadratic
    eligible = list(
        Trainee.objects.filter(request_id=request_id).order_by("pk").values_list("eligible", flat=1)
    )
    assert eligible == [True, False, False, False, True] * 10


def test_a_request_of_all_eligible_trainees_marks_them_all(people):
    data = RequestData(
        siren=people["the_company"].siren,
        aid_regime="gber",
        pathway="anticipation",
        training_actions=[action_data()],
        trainees=[TraineeData("A", "permanent"), TraineeData("B", "permanent")],
    )
    request, _ = services.request_create(actor=people["company"], data=data)
    services.request_submit(actor=people["company"], request_id=request.pk)
    assert set(request.trainees.values_list("eligible", flat=True)) == {True}


def test_a_request_of_more_trainees_than_the_limit_is_refused_in_french(api, people):
    body = request_body(
        people["the_company"], trainees=[trainee(f"M{i}") for i in range(MAX_TRAINEES + 1)]
    )
    response = api.post(people["company"], "/requests", body)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "trainees" and error["code"] == "too_many"
    assert "au plus 20\u202f000 stagiaires" in error["message"]


def test_duplicate_trainees_are_each_named_once_found(people):
    from relance.common.errors import InvalidInput

    data = RequestData(
        siren=people["the_company"].siren,
        aid_regime="gber",
        pathway="anticipation",
        training_actions=[action_data()],
        trainees=[TraineeData("A", "permanent"), TraineeData(" A", "permanent")] * 2,
    )
    with pytest.raises(InvalidInput) as refused:
        services.request_create(actor=people["company"], data=data)
    assert [e.field for e in refused.value.errors] == [
        "trainees[1].employee_ref",
        "trainees[2].employee_ref",
        "trainees[3].employee_ref",
    ]


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.serial  # timed: alone on its core
def test_a_request_of_20_000_trainees_is_submitted_within_5_seconds(postgres_only, people):
    request_id = draft_with(people, MAX_TRAINEES)
    started = time.perf_counter()
    services.request_submit(actor=people["company"], request_id=request_id)
    elapsed = time.perf_counter() - started
    assert elapsed <= 5, f"« Déposer » took {elapsed:.1f} s for {MAX_TRAINEES} trainees"
    assert Trainee.objects.filter(request_id=request_id, eligible=True).count() == 8_000
