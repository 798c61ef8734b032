"""What every page needs: the navigation of the user's role and, for staff, the envelope's funds."""

from django.http import HttpRequest

from relance.accounts import perms
from relance.accounts.models import Role
from relance.budget.models import Envelope
from relance.clock import today
from relance.reports.kept_reads import banner_totals
from relance.rules.parameters import parameters_in_force

MENUS = {
    Role.COMPANY: [
        ("Mes demandes", "/espace/"),
        ("Nouvelle demande", "/espace/demandes/nouvelle/"),
    ],
    Role.ADVISER: [("File des demandes", "/gestion/"), ("Inviter", "/invitation/")],
    Role.MANAGER: [
        ("File des demandes", "/gestion/"),
        ("Pilotage", "/pilotage/"),
        ("Bilan", "/bilan/2021"),
    ],
    Role.FINANCE: [("Paiements", "/finances/"), ("File des demandes", "/gestion/")],
    Role.AUDITOR: [
        ("Pilotage", "/pilotage/"),
        ("Bilan", "/bilan/2021"),
        ("File des demandes", "/gestion/"),
    ],
    Role.ADMIN: [("Administration", "/admin/"), ("Audit", "/audit/")],
}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not perms.is_active(user):
        return {
            "menu": [
                ("Le dispositif", "/dispositif/"),
                ("Suis-je éligible ?", "/dispositif/simulateur/"),
            ]
        }
    context = {"menu": MENUS.get(user.role, [])}
    if perms.can_view_envelope(user):
        context["envelope_summary"] = current_envelope_summary()
    return context


def current_envelope_summary() -> dict | None:
    params = parameters_in_force(today())
    envelope = Envelope.objects.filter(scheme="fne", year=params.year).first() if params else None
    if envelope is None:
        return None
    return {"envelope": envelope, "totals": banner_totals(envelope)}
