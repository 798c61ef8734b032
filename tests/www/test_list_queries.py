"""Each list page renders in the same number of SQL queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "path", "status", "bound"),
    [
        ("company", "/espace/", "draft", 12),
        ("company", "/espace/?page=99", "draft", 12),
        # The queue: + its tabs' counts (3), the advisers to assign to, the user's saved views,
        # the years; a manager's navigation counts what awaits a second approval.
        ("adviser", "/gestion/", "submitted", 16),
        ("manager", "/gestion/?tri=montant", "in_review", 17),
        ("manager", "/gestion/?statut=approved&branche=metallurgie&tri=entreprise", "approved", 17),
        ("manager", "/gestion/?page=99999", "approved", 17),
        ("adviser", "/gestion/?q=entreprise&onglet=toutes", "submitted", 16),
        ("adviser", "/gestion/?onglet=suivies&conseiller=moi&montant_min=10", "in_review", 16),
        ("manager", "/gestion/?onglet=seconde_validation&annee=2021", "approved", 17),
        ("finance", "/finances/", "approved", 12),
        ("finance", "/finances/?page=99999", "approved", 12),
        ("finance", "/finances/?q=entreprise&beneficiaire=company&du=2021-01-01", "paid", 12),
        # The dashboard's kept figures and forecast, the envelope's totals and latest changes.
        ("manager", "/enveloppes/2021/", "approved", 24),
        ("auditor", "/audit/", "approved", 12),
        ("auditor", "/audit/?reference=FNE&page=99999", "approved", 12),
        ("manager", "/pilotage/?annee=2021", "approved", 20),
        ("manager", "/bilan/2021", "approved", 20),
    ],
)
def test_a_page_takes_the_same_number_of_queries_whatever_the_number_of_rows(
    client, people, new_request, walk, role, path, status, bound
):
    client.force_login(people[role])
    walk(new_request(), status)
    few = queries(client, path)
    for _ in range(6):
        walk(new_request(), status)
    assert queries(client, path) == few <= bound


def test_the_request_page_takes_the_same_number_of_queries_whatever_the_history(
    client, people, new_request, walk
):
    client.force_login(people["manager"])
    walk(first := new_request(), "approved")
    few = queries(client, f"/demandes/{first}/")
    for _ in range(6):
        walk(new_request(), "approved")
    walk(last := new_request(), "approved")
    assert queries(client, f"/demandes/{last}/") == few
