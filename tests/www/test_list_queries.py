"""Each list page renders in the same number of SQL queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("company", "/espace/", "draft"),
        ("adviser", "/gestion/", "submitted"),
        ("manager", "/gestion/?tri=montant", "in_review"),
        ("finance", "/finances/", "approved"),
    ],
)
def test_a_list_page_takes_a_bounded_number_of_queries(
    client, people, new_request, walk, role, path, status
):
    client.force_login(people[role])
    walk(new_request(), status)
    few = queries(client, path)
    for _ in range(6):
        walk(new_request(), status)
    assert queries(client, path) == few <= 12
