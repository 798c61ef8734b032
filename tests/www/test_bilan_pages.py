import io

from django.core.management import call_command

from tests.workflow import action


def test_the_live_bilan_is_for_managers_and_auditors(client, people, new_request, walk):
    walk(new_request(), "approved")
    assert client.get("/bilan/2021").status_code == 302
    for role, status in (
        ("company", 403),
        ("adviser", 403),
        ("finance", 403),
        ("manager", 200),
        ("auditor", 200),
    ):
        client.force_login(people[role])
        assert client.get("/bilan/2021").status_code == status, role
    page = client.get("/bilan/2021").content.decode()
    assert (
        '<html lang="fr">' in page
        and "Bilan 2021" in page
        and "12\u202f000,00\u00a0€" in page.replace(" €", "\u00a0€")
    )
    assert client.get("/bilan/2021/export.xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_the_public_bilan_needs_no_login_and_hides_small_cells(client, people, new_request, walk):
    walk(new_request(), "approved")
    page = client.get("/bilan/2021/public").content.decode()
    assert "version publique" in page and "secret statistique" in page
    assert people["the_company"].name not in page
    response = client.get("/bilan/2021/public/export.csv")
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    assert client.get("/bilan/2021/public/export.exe").status_code == 404


def test_published_editions_are_listed_and_served(client, people, new_request, walk):
    walk(new_request(training_actions=[action(cost="3000.00")]), "approved")
    call_command("report", "--year", "2021", "--publish", stdout=io.StringIO())
    assert "Édition n° 1" in client.get("/bilan/2021/public").content.decode()
    assert client.get("/bilan/2021/editions/1").status_code == 200
    assert client.get("/bilan/2021/editions/2").status_code == 404
