"""The managers' simulations page: hostile uploads refused in French, a built reform replayed."""

from django.core.files.uploadedfile import SimpleUploadedFile

from relance.simulations.models import Simulation
from tests.simulations.test_export_and_simulate import three_requests  # noqa: F401 - fixture
from tests.simulations.test_simulate import REFORMS


def upload(client, content: bytes, name: str = "r.toml"):
    data = {"upload": "1", "upload-year": "2021", "upload-file": SimpleUploadedFile(name, content)}
    return client.post("/simulations/nouvelle/", data)


def test_hostile_uploads_are_refused_with_a_french_reason(client, three_requests):  # noqa: F811
    client.force_login(three_requests["manager"])
    for content, reason in (
        (b"x" * 70_000, "Fichier trop volumineux"),
        (b"\xff\xfe\x00name", "pas un texte UTF-8"),
        (b'name = "a"\ndescription = "b"\n[[changes]\n', "TOML invalide"),
        (
            b'name = "a"\ndescription = ""\n[[changes]]\npath = "regimes.gber.bands.9.cap"\nvalue = 1\n',
            "« cap »",
        ),
    ):
        response = upload(client, content)
        assert response.status_code == 200 and reason in response.content.decode()
    assert not Simulation.objects.exists()


def test_an_uploaded_reform_runs_in_the_background_and_its_result_is_shown(
    client,
    three_requests,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(three_requests["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, REFORMS[1].read_bytes())
    simulation = Simulation.objects.get()
    assert response.url == f"/simulations/{simulation.pk}/"
    assert (
        simulation.state == Simulation.State.DONE
        and simulation.summary["difference"] == "-13800.00"
    )
    page = client.get(response.url).content.decode()
    assert "-13\u202f800,00 €" in page and "data:image/svg+xml;base64," in page
    xlsx = client.get(f"/simulations/{simulation.pk}/resultat.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "metallurgie-60-euros-heure" in client.get("/simulations/").content.decode()


def test_a_reform_built_with_the_form_holds_only_the_changed_values(
    client,
    three_requests,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client.force_login(three_requests["manager"])
    form = client.get("/simulations/nouvelle/?annee=2021").context["builder"]
    data = {
        f"form-{name}": field.initial
        for name, field in form.fields.items()
        if field.initial is not None
    }
    key = next(
        k
        for k, f in form.editable.items()
        if f.path == "regimes.temporary_framework.bands.0.rates.partial_activity"
    )
    data |= {"form-name": "ap-50", "form-description": "AP à 50 %", f"form-{key}": "50"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/simulations/nouvelle/?annee=2021", data)
    simulation = Simulation.objects.get()
    assert response.status_code == 302
    assert (
        'path = "regimes.temporary_framework.bands.0.rates.partial_activity"' in simulation.reform
    )
    assert simulation.reform.count("[[changes]]") == 1
    assert 'applies_to = ["fne-2021-01", "fne-2021-07"]' in simulation.reform
    assert simulation.summary["simulated"]["funded"] == "9000.00"


def test_the_2022_form_still_offers_the_temporary_framework_that_ended_in_july(client, db):
    # fne-2022-07 has GBER only; the first half of 2022 was judged under fne-2022, whose
    # temporary-framework rates a manager must be able to change.
    from relance.simulations.builder import editable, reform_toml

    fields = {f.path: f for f in editable(2022)}
    rate = fields["regimes.temporary_framework.bands.1.rates.partial_activity"]
    assert str(rate.current) == "0.70"
    assert "regimes.gber.bands.0.rates.partial_activity" in fields
    reform = reform_toml(name="ap-60", description="", year=2022, values={rate.path: "0.60"})
    assert 'applies_to = ["fne-2022"]' in reform
