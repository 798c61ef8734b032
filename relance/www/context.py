"""What every page needs: the menu and the permissions of the user (`can.…` in templates),
both asked of the perms modules, and, for staff, the envelope's remaining funds."""

from django.http import HttpRequest

from relance.accounts import perms as accounts_perms
from relance.audit import perms as audit_perms
from relance.budget import perms as budget_perms
from relance.budget.models import Envelope
from relance.clock import today
from relance.companies import perms as companies_perms
from relance.funding import perms as funding_perms
from relance.funding.messages import unread_count
from relance.funding.queue import awaiting_second_approval
from relance.imports import perms as imports_perms
from relance.reports import perms as reports_perms
from relance.reports.kept_reads import banner_totals
from relance.rules.parameters import parameters_in_force
from relance.simulations import perms as simulations_perms
from relance.tasks import perms as tasks_perms

# What templates may ask as `can.<name>`: one named permission each.
CAN = {
    "use_portal": funding_perms.can_use_portal,
    "view_queue": funding_perms.can_view_queue,
    "view_payments": budget_perms.can_view_payments,
    "view_envelope": budget_perms.can_view_envelope,
    "view_live_report": reports_perms.can_view_live_report,
    "invite": accounts_perms.can_invite,
    "view_audit_log": audit_perms.can_view_audit_log,
    "import": imports_perms.can_import,
    "use_admin": accounts_perms.can_use_admin,
    "see_all_delegations": companies_perms.sees_all_delegations,
    "view_tasks": tasks_perms.can_view_tasks,
    "simulate": simulations_perms.can_simulate,
}
MENU = [
    ("Mes demandes", "/espace/", "use_portal"),
    ("Nouvelle demande", "/espace/demandes/nouvelle/", "use_portal"),
    ("File des demandes", "/gestion/", "view_queue"),
    ("Paiements", "/finances/", "view_payments"),
    ("Pilotage", "/pilotage/", "view_live_report"),
    ("Enveloppe", "/enveloppes/", "view_envelope"),
    ("Bilan", "/bilan/2021", "view_live_report"),
    ("Inviter", "/invitation/", "invite"),
    ("Imports", "/imports/", "import"),
    ("Simulations", "/simulations/", "simulate"),
    ("Tâches", "/taches/", "view_tasks"),
    ("Audit", "/audit/", "view_audit_log"),
    ("Administration", "/admin/", "use_admin"),
]
PUBLIC_MENU = [("Le dispositif", "/dispositif/"), ("Suis-je éligible ?", "/dispositif/simulateur/")]


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not accounts_perms.is_active(user):
        return {"menu": PUBLIC_MENU, "can": {}}
    can = {name: check(user) for name, check in CAN.items()}
    context = {"can": can, "menu": [(label, url) for label, url, name in MENU if can[name]]}
    if budget_perms.can_view_envelope(user):
        context["envelope_summary"] = current_envelope_summary()
    if funding_perms.gives_second_approvals(user):
        context["awaiting_second_approval"] = awaiting_second_approval(user)
    if funding_perms.counts_unread_in_navigation(user):
        context["unread_messages"] = unread_count(user)
    return context


def current_envelope_summary() -> dict | None:
    params = parameters_in_force(today())
    envelope = Envelope.objects.filter(scheme="fne", year=params.year).first() if params else None
    if envelope is None:
        return None
    return {"envelope": envelope, "totals": banner_totals(envelope)}
