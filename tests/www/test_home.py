def test_home_page_is_french_and_links_to_login_and_api_docs(client, db):
    page = client.get("/").content.decode()
    assert '<html lang="fr">' in page
    assert "relance" in page and "Convention Relance Industrie" in page
    assert 'href="/connexion/"' in page and 'href="/api/v1/docs"' in page


def test_api_docs_are_served_without_any_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
