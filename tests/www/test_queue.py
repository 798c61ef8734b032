"""The work queue: landing after login, search, tabs and their counts, filters kept in the URL,
assignment, the badge for unseen activity, saved views, exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from relance.companies.models import Company, Establishment
from relance.funding.models import Assignment, FundingRequest, SavedView
from relance.funding.queue import QueueFilters, queue_count, queue_requests, tab_counts
from tests.factories import CompanyFactory, UserFactory, valid_siret
from tests.workflow import request_via_services


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("company", "/espace/"),
        ("adviser", "/gestion/"),
        ("manager", "/gestion/"),
        ("finance", "/finances/"),
        ("auditor", "/audit/"),
        ("admin", "/admin/"),
    ],
)
def test_each_role_lands_on_its_own_work_page_after_login(client, people, role, landing):
    user = people[role]
    user.set_password("Motdepasse-solide-42")
    user.save()
    response = client.post(
        "/connexion/", {"username": user.username, "password": "Motdepasse-solide-42"}
    )
    assert response.status_code == 302 and response["Location"] == landing


def test_login_still_honours_next(client, people):
    user = people["adviser"]
    user.set_password("Motdepasse-solide-42")
    user.save()
    response = client.post(
        "/connexion/?next=/pilotage/",
        {"username": user.username, "password": "Motdepasse-solide-42"},
    )
    assert response["Location"] == "/pilotage/"


def a_company(name: str, **extra) -> Company:
    return CompanyFactory(name=name, **extra)


def filed(people, company, until: str = "submitted") -> FundingRequest:
    pk = request_via_services(company, people["manager"], until=until)
    return FundingRequest.objects.get(pk=pk)


def found(user, q: str, **params) -> list[str]:
    filters = QueueFilters.from_params({"q": q, "onglet": "toutes", **params})
    return [r.reference for r in queue_requests(user, filters)]


def test_search_finds_a_company_by_its_name_typed_without_accents_or_capitals(people):
    wanted = filed(people, a_company("Société Générale d'Électricité de l'Œuvre"))
    filed(people, a_company("Mécanique Dupont"))
    manager = people["manager"]
    assert found(manager, "generale d'electricite") == [wanted.reference]
    assert found(manager, "OEUVRE") == [wanted.reference]
    assert found(manager, "  société   GÉNÉRALE ") == [wanted.reference]


def test_search_finds_by_siren_siret_or_reference_and_ranks_the_exact_match_first(people):
    company = a_company("Forges de Lorraine")
    Establishment.objects.create(company=company, siret=valid_siret(company.siren, 7))
    by_name = filed(people, a_company(f"Atelier {company.siren}"))  # SIREN in another's name
    exact = filed(people, company)
    manager = people["manager"]
    assert found(manager, company.siren)[0] == exact.reference
    assert found(manager, valid_siret(company.siren, 7)) == [exact.reference]
    assert found(manager, f"{company.siren[:3]} {company.siren[3:6]} {company.siren[6:]}")[0] == (
        exact.reference
    )
    assert found(manager, exact.reference.lower()) == [exact.reference]
    assert by_name.reference in found(manager, company.siren)


def test_search_never_looks_at_training_providers(people):
    request = filed(people, a_company("Chaudronnerie Alpine"))
    provider = request.actions.get().provider_siret
    assert found(people["manager"], provider) == []


def test_a_company_only_ever_finds_its_own_requests(people, api):
    mine = filed(people, people["the_company"])
    other = filed(people, a_company("Concurrent Industries"))
    page = api.get(people["company"], f"/requests?q={other.company.siren}").json()
    assert page["count"] == 0 and page["items"] == []
    page = api.get(people["company"], "/requests?q=").json()
    assert [item["id"] for item in page["items"]] == [mine.pk]
    assert api.get(people["other_company"], f"/requests?q={mine.reference}").json()["count"] == 0


def test_the_api_lists_search_results_with_the_contract_shape(people, api):
    wanted = filed(people, a_company("Fonderie Éclair"))
    filed(people, a_company("Tôlerie Nord"))
    page = api.get(people["manager"], "/requests?q=eclair&status=submitted&page=1").json()
    assert set(page) == {"items", "count", "page", "pages"}
    assert page["count"] == 1 and page["page"] == 1 and page["pages"] == 1
    assert page["items"][0]["reference"] == wanted.reference


def test_assignee_me_lists_what_the_caller_follows(people, api):
    followed = filed(people, people["the_company"])
    filed(people, people["the_company"])
    client_page = api.post(
        people["adviser"],
        "/requests/bulk",
        {"action": "assign", "ids": [followed.pk], "assignee": people["adviser"].pk},
    )
    assert client_page.status_code == 200
    page = api.get(people["adviser"], "/requests?assignee=me").json()
    assert [item["id"] for item in page["items"]] == [followed.pk]


def test_each_tab_counts_what_it_lists(people, new_request, walk):
    for status in ("submitted", "in_review", "information_requested", "approved", "refused"):
        walk(new_request(), status)
    adviser = people["adviser"]
    followed = filed(people, people["the_company"], until="in_review")
    FundingRequest.objects.filter(pk=followed.pk).update(assignee=adviser, unseen_activity=True)
    filters = QueueFilters.from_params({})
    assert filters.tab == "a_traiter"
    counts = tab_counts(adviser, filters)
    for tab, n in counts.items():
        listed = queue_requests(adviser, QueueFilters.from_params({"onglet": tab})).count()
        assert n == listed, tab
    assert counts == {
        "a_traiter": 2,
        "suivies": 1,
        "seconde_validation": 0,
        "instruction": 3,
        "traitees": 2,
        "toutes": 6,
    }
    assert queue_count(adviser, QueueFilters.from_params({"annee": "2021"})) == 6


def test_the_dashboard_drill_down_keeps_its_year_when_filtering_again(
    client, people, new_request, walk
):
    walk(new_request(), "approved")
    client.force_login(people["manager"])
    page = client.get("/gestion/?annee=2021&statut=approved")
    html = page.content.decode()
    assert page.context["filters"].tab == "toutes"
    assert '<option value="2021" selected>' in html
    assert 'name="onglet" value="toutes"' in html
    assert "Dépôt le plus récent d&#x27;abord" in html or "Dépôt le plus récent d'abord" in html


def test_filters_are_kept_in_the_tab_and_page_links(client, people, new_request, walk):
    walk(new_request(), "in_review")
    client.force_login(people["manager"])
    html = client.get("/gestion/?q=acme+sa&annee=2021&onglet=instruction").content.decode()
    assert "?q=acme+sa&amp;annee=2021&amp;onglet=toutes" in html


def test_numbered_pagination_links_the_pages_around_the_current_one(
    client, people, new_request, walk
):
    for _ in range(3):
        walk(new_request(), "submitted")
    client.force_login(people["manager"])
    from relance.www import queue_pages

    queue_pages.PAGE_SIZE = 1
    try:
        html = client.get("/gestion/?onglet=toutes&page=2").content.decode()
    finally:
        queue_pages.PAGE_SIZE = 25
    assert 'aria-label="Page 1"' in html and 'aria-label="Page 3"' in html
    assert '<span aria-current="page">2</span>' in html


def test_an_adviser_follows_a_request_and_it_is_logged(client, people, new_request, walk):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people["adviser"])
    response = client.post(f"/demandes/{pk}/attribuer/", {"assignee": "moi", "next": "/gestion/"})
    assert response.status_code == 302 and response["Location"] == "/gestion/"
    assert FundingRequest.objects.get(pk=pk).assignee == people["adviser"]
    log = Assignment.objects.get(request_id=pk)
    assert (log.actor, log.assignee) == (people["adviser"], people["adviser"])


def test_a_request_is_only_given_to_an_adviser_of_its_delegation(client, people, new_request, walk):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people["manager"])
    client.post(f"/demandes/{pk}/attribuer/", {"assignee": people["other_adviser"].pk})
    assert FundingRequest.objects.get(pk=pk).assignee is None
    assert not Assignment.objects.exists()
    client.post(f"/demandes/{pk}/attribuer/", {"assignee": people["adviser"].pk})
    assert FundingRequest.objects.get(pk=pk).assignee == people["adviser"]


@pytest.mark.parametrize("role", ["company", "finance", "auditor"])
def test_only_advisers_and_managers_assign(client, people, new_request, walk, role):
    pk = new_request()
    walk(pk, "submitted")
    client.force_login(people[role])
    response = client.post(f"/demandes/{pk}/attribuer/", {"assignee": people["adviser"].pk})
    assert response.status_code == 302  # back to the request, with the refusal shown
    assert FundingRequest.objects.get(pk=pk).assignee is None


def test_another_companys_request_cannot_be_assigned(client, people, new_request, walk):
    pk = new_request()
    client.force_login(people["other_adviser"])
    assert client.post(f"/demandes/{pk}/attribuer/", {"assignee": "moi"}).status_code == 404


def test_the_company_answer_shows_a_badge_until_the_follower_opens_the_request(
    client, api, people, new_request, walk
):
    pk = new_request()
    walk(pk, "information_requested")
    FundingRequest.objects.filter(pk=pk).update(assignee=people["adviser"])
    api.post(people["company"], f"/requests/{pk}/answer", {"message": "Voici le programme."})
    assert FundingRequest.objects.get(pk=pk).unseen_activity
    client.force_login(people["adviser"])
    html = client.get("/gestion/").content.decode()
    assert 'class="badge"' in html and "Nouveau" in html
    client.force_login(people["manager"])  # not the follower: the badge stays
    client.get(f"/demandes/{pk}/")
    assert FundingRequest.objects.get(pk=pk).unseen_activity
    client.force_login(people["adviser"])
    client.get(f"/demandes/{pk}/")
    assert not FundingRequest.objects.get(pk=pk).unseen_activity
    assert 'class="badge"' not in client.get("/gestion/?onglet=toutes").content.decode()


def test_a_user_saves_names_and_deletes_views_of_their_own(client, people):
    client.force_login(people["adviser"])
    response = client.post(
        "/gestion/vues/",
        {"name": "Métallurgie 2021", "query": "annee=2021&branche=metallurgie&page=4"},
    )
    view = SavedView.objects.get(user=people["adviser"])
    assert view.query == "annee=2021&branche=metallurgie"
    assert response["Location"] == "/gestion/?annee=2021&branche=metallurgie"
    assert "Métallurgie 2021" in client.get("/gestion/").content.decode()
    client.force_login(people["manager"])
    assert "Métallurgie 2021" not in client.get("/gestion/").content.decode()
    assert client.post(f"/gestion/vues/{view.pk}/supprimer/").status_code == 404
    client.force_login(people["adviser"])
    client.post(f"/gestion/vues/{view.pk}/supprimer/")
    assert not SavedView.objects.exists()


def test_the_csv_export_is_for_french_excel_and_neutralises_formulas(client, people):
    filed(people, a_company('=HYPERLINK("http://x")'), until="submitted")
    filed(people, a_company("Ateliers Réunis"), until="submitted")
    client.force_login(people["manager"])
    response = client.get("/gestion/export.csv?onglet=toutes&tri=entreprise")
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Référence", "Entreprise", "SIREN"]
    assert [r[1] for r in rows[1:]] == ['\'=HYPERLINK("http://x")', "Ateliers Réunis"]
    assert rows[1][8].endswith(",00") and rows[1][6].count("/") == 2


def test_the_xlsx_export_has_real_numbers_for_the_current_search(client, people):
    filed(people, a_company("Ateliers Réunis"), until="submitted")
    filed(people, a_company("Autre Chose"), until="submitted")
    client.force_login(people["manager"])
    response = client.get("/gestion/export.xlsx?q=reunis")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][1] == "Ateliers Réunis"
    assert isinstance(rows[1][8], int | float)  # a number, not text


@pytest.mark.parametrize("path", ["/gestion/export.csv", "/gestion/export.xlsx"])
def test_a_company_cannot_export_the_queue(client, people, path):
    client.force_login(people["company"])
    assert client.get(path).status_code == 403


def test_a_manager_sees_in_the_navigation_how_many_await_a_second_approval(
    client, api, people, new_request, walk
):
    from relance.budget.models import Envelope

    pk = new_request()
    walk(pk, "in_review")
    Envelope.objects.update(second_approval_above="1000.00")
    assert api.post(people["adviser"], f"/requests/{pk}/approve", {}).status_code == 200
    client.force_login(people["adviser"])
    assert "seconde validation <span" not in client.get("/gestion/").content.decode()
    client.force_login(people["manager"])
    html = client.get("/finances/").content.decode()
    assert 'En attente de seconde validation <span class="count">1</span>' in html
    page = client.get("/gestion/?onglet=seconde_validation")
    assert [r.pk for r in page.context["page"]] == [pk]


def test_an_adviser_sees_only_their_delegations_advisers_to_assign(client, people):
    colleague = UserFactory(role="adviser", delegation=people["adviser"].delegation)
    client.force_login(people["adviser"])
    advisers = client.get("/gestion/").context["advisers"]
    assert colleague in advisers and people["other_adviser"] not in advisers
