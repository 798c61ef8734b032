"""The whole journey in a real browser, in 2022 on the demo data."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from relance.funding.models import FundingRequest
from relance.reports.queries import report_figures
from relance.rules.labels import french_euros

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def file_a_request(browser) -> int:
    page = browser.page
    browser.go("/espace/")
    browser.check("portail-mes-demandes")
    page.get_by_role("link", name="Déposer une nouvelle demande").click()
    browser.check("demande-etape-1-situation")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Anticipation des mutations").check()
    page.get_by_label(re.compile("Encadrement temporaire")).check()
    page.get_by_role("button", name="Continuer").click()
    first = page.get_by_role("group", name="Action de formation 1")
    first.get_by_label("Intitulé").fill("Pilotage de lignes robotisées")
    first.get_by_label("SIRET de l'organisme").fill("55210055400013")
    first.get_by_label("N° de déclaration d'activité").fill("11755555575")
    first.get_by_label("Heures").fill("70")
    first.get_by_label("Début").fill("2022-04-04")
    first.get_by_label("Fin").fill("2022-06-30")
    first.get_by_label("Coût pédagogique (€)").fill("4200")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label(re.compile("^Stagiaires")).fill(
        "MAT-901;CDI\nMAT-902;CDD;31/12/2022\nAPP-1;apprentissage"
    )
    page.get_by_role("button", name="Continuer").click()
    estimate = page.locator(".estimate")
    expect(estimate).to_contain_text("Éligible")
    expect(estimate).to_contain_text("1 stagiaire(s) exclu(s)")
    browser.check("demande-etape-5-estimation")
    page.get_by_role("button", name="Enregistrer et déposer la demande").click()
    expect(page.get_by_role("status").first).to_contain_text("est déposée")
    return int(re.search(r"/demandes/(\d+)/", page.url).group(1))


def test_a_request_goes_from_the_company_to_payment_and_into_the_figures(browser, demo_2022):
    page = browser.page
    before = Decimal(
        report_figures(year=2022, as_of=__import__("datetime").date(2022, 3, 15))["net_commitments"]
    )
    browser.go("/")
    browser.check("accueil")
    browser.login("demo-entreprise")
    request_id = file_a_request(browser)
    browser.check("demande-deposee")
    browser.logout()

    browser.login("demo-conseiller")
    browser.go("/gestion/?statut=submitted")
    browser.check("gestion-file")
    browser.go(f"/demandes/{request_id}/")
    browser.send_back_for_correction("Merci de joindre le programme détaillé.")
    browser.logout()

    browser.login("demo-entreprise")
    browser.go(f"/demandes/{request_id}/")
    expect(page.get_by_role("alert")).to_contain_text("programme détaillé")
    page.get_by_label("Votre réponse").fill("Programme déposé dans les documents.")
    page.get_by_role("button", name="Répondre").click()
    browser.logout()

    browser.login("demo-conseiller")
    browser.go(f"/demandes/{request_id}/")
    browser.check("gestion-demande")
    page.get_by_role("button", name=re.compile("^Accorder")).click()
    expect(page.locator("h1")).to_contain_text("Accordée")
    browser.logout()

    funded = FundingRequest.objects.get(pk=request_id).funded_amount
    browser.login("demo-finances")
    browser.go("/finances/")
    browser.check("finances")
    browser.go(f"/demandes/{request_id}/")
    page.get_by_label("Montant (€)").fill(f"{funded}")
    page.get_by_label("Référence du paiement").fill(f"VIR-E2E-{request_id}")
    page.get_by_text("Paiement final…").click()
    page.get_by_label("Paiement final (le reste engagé non payé est dégagé").check()
    page.get_by_label("Je confirme le paiement final").check()
    page.get_by_role("button", name="Enregistrer le paiement").click()
    expect(page.locator("h1")).to_contain_text("Soldée")
    browser.logout()

    after = before + funded
    browser.login("demo-responsable")
    browser.go("/pilotage/?annee=2022")
    expect(page.locator(".kpis")).to_contain_text(french_euros(after))
    browser.check("pilotage")
    browser.go("/bilan/2022")
    expect(page.locator("article.bilan")).to_contain_text(
        f"{french_euros(after)}".split(",")[0][:3]
    )
    browser.check("bilan-2022")
    assert (
        Decimal(
            report_figures(year=2022, as_of=__import__("datetime").date(2022, 3, 15))[
                "net_commitments"
            ]
        )
        == after
    )


def test_a_company_user_typing_another_companys_request_url_gets_a_404(browser, demo_2022):
    own = FundingRequest.objects.filter(company__users__username="demo-entreprise").values_list(
        "company_id", flat=True
    )
    other = FundingRequest.objects.exclude(company_id__in=list(own)).first()
    browser.login("demo-entreprise")
    response = browser.go(f"/demandes/{other.pk}/")
    assert response.status == 404
    expect(browser.page.locator("h1")).to_have_text("Page introuvable")


def test_the_public_pages_are_accessible(browser, demo_2022):
    for path, name in [
        ("/dispositif/", "dispositif"),
        ("/bilan/2022/public", "bilan-public"),
        ("/connexion/", "connexion"),
    ]:
        browser.go(path)
        browser.check(name)
    browser.go("/dispositif/simulateur/")
    browser.page.get_by_label("Effectif de l'entreprise").fill("40")
    browser.page.get_by_label("IDCC de la convention collective").fill("0044")
    browser.page.get_by_label("Depuis le").fill("2021-01-01")
    browser.page.get_by_label("Début de la formation").fill("2022-04-01")
    browser.page.get_by_label("Fin de la formation").fill("2022-06-30")
    browser.page.get_by_label("Coût pédagogique total (€)").fill("9000")
    browser.page.get_by_role("button", name="Estimer").click()
    expect(browser.page.locator(".recommended .estimate")).to_contain_text("Éligible")
    browser.check("simulateur")
