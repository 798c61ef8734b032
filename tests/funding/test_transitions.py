"""Every allowed and every forbidden transition, per role (the issue's table)."""

import pytest

from tests.workflow import action, trainee

ROLES = [
    "company",
    "adviser",
    "manager",
    "finance",
    "auditor",
    "admin",
    "other_company",
    "other_adviser",
]
STATUSES = [
    "draft",
    "submitted",
    "in_review",
    "information_requested",
    "approved",
    "completed",
    "refused",
    "cancelled",
    "paid",
]
BODIES = {
    "submit": {},
    "review": {},
    "approve": {},
    "complete": {},
    "cancel": {},
    "request-information": {"message": "Précisez le programme."},
    "answer": {"message": "Programme joint."},
    "refuse": {"reason": "Formation obligatoire."},
    "amend": {"training_actions": [action(cost="10000.00")], "trainees": [trainee()]},
    "payments": {"amount": "100.00", "payee": "company", "reference": "P-1", "final": False},
}
# action → (roles allowed, statuses it starts from, status it leads to)
TABLE = {
    "submit": ({"company", "adviser", "manager"}, {"draft"}, "submitted"),
    "review": ({"adviser", "manager"}, {"submitted"}, "in_review"),
    "request-information": ({"adviser", "manager"}, {"in_review"}, "information_requested"),
    "answer": ({"company"}, {"information_requested"}, "in_review"),
    "approve": ({"adviser", "manager"}, {"in_review"}, "approved"),
    "refuse": (
        {"adviser", "manager"},
        {"submitted", "in_review", "information_requested"},
        "refused",
    ),
    "amend": ({"adviser", "manager"}, {"approved"}, "approved"),
    "complete": ({"adviser", "finance"}, {"approved"}, "completed"),
    "cancel": (
        {"company", "adviser", "manager"},
        {"draft", "submitted", "in_review", "information_requested", "approved"},
        "cancelled",
    ),
    "payments": ({"finance"}, {"approved", "completed"}, "approved"),
}
INVISIBLE = {"other_company", "other_adviser"}


def expected_status(action_name: str, role: str) -> int:
    allowed, _, _ = TABLE[action_name]
    if role in INVISIBLE:
        return 404
    if role not in allowed:
        return 403
    return 201 if action_name == "payments" else 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action_name", TABLE)
def test_each_role_may_or_may_not_take_each_action(
    api, people, new_request, walk, action_name, role
):
    _, sources, leads_to = TABLE[action_name]
    source = sorted(sources)[-1] if action_name != "cancel" else "submitted"
    request_id = new_request()
    walk(request_id, source)
    response = api.post(people[role], f"/requests/{request_id}/{action_name}", BODIES[action_name])
    assert response.status_code == expected_status(action_name, role), response.content
    status_after = api.get(people["manager"], f"/requests/{request_id}").json()["status"]
    assert status_after == (
        leads_to if response.status_code in (200, 201) and action_name != "payments" else source
    )


def allowed_role(action_name: str) -> str:
    return sorted(TABLE[action_name][0] - {"company"} or TABLE[action_name][0])[0]


@pytest.mark.parametrize(
    ("action_name", "status"), [(a, s) for a in TABLE for s in STATUSES if s not in TABLE[a][1]]
)
def test_an_action_from_a_status_it_does_not_start_from_is_a_409_that_changes_nothing(
    api, people, new_request, walk, action_name, status
):
    request_id = new_request()
    walk(request_id, status)
    before = api.get(people["manager"], f"/requests/{request_id}").json()
    response = api.post(
        people[allowed_role(action_name)],
        f"/requests/{request_id}/{action_name}",
        BODIES[action_name],
    )
    assert response.status_code == 409, response.content
    assert response.json()["errors"][0]["code"] in {"invalid_state", "already_paid"}
    after = api.get(people["manager"], f"/requests/{request_id}").json()
    assert (after["status"], after["committed"], after["paid"], len(after["history"])) == (
        before["status"],
        before["committed"],
        before["paid"],
        len(before["history"]),
    )


def test_a_company_cannot_cancel_its_request_once_approved(api, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "approved")
    response = api.post(people["company"], f"/requests/{request_id}/cancel")
    assert response.status_code == 409 and "conseiller" in response.json()["errors"][0]["message"]


def test_a_repeated_approval_is_a_409_and_commits_nothing_more(api, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "approved")
    assert api.post(people["adviser"], f"/requests/{request_id}/approve").status_code == 409
    assert api.get(people["finance"], "/envelopes/fne/2021").json()["net_committed"] == "12000.00"


def test_missing_messages_and_reasons_are_422_in_french(api, people, new_request, walk):
    request_id = new_request()
    walk(request_id, "in_review")
    response = api.post(people["adviser"], f"/requests/{request_id}/refuse", {"reason": "  "})
    assert (
        response.status_code == 422
        and response.json()["errors"][0]["message"] == "Le motif du refus est obligatoire."
    )
    assert (
        api.post(people["adviser"], f"/requests/{request_id}/request-information", {}).status_code
        == 422
    )
