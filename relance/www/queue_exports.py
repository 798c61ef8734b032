"""The queue's export: one row per request, typed (dates, euros as numbers)."""

from relance.funding.models import FundingRequest
from relance.www.downloads import DAY, EUROS

EXPORT_HEADER = [
    "Référence",
    "Entreprise",
    "SIREN",
    "Délégation",
    "Branche",
    "Parcours",
    "Déposée le",
    "Statut",
    "Montant (règles) (€)",
    "Suivie par",
]
XLSX_FORMATS = {6: DAY, 8: EUROS}


def export_row(r: FundingRequest) -> list:
    follower = r.assignee.get_full_name() or r.assignee.username if r.assignee else ""
    return [
        r.reference,
        r.company.name,
        r.company.siren,
        r.company.delegation.code,
        r.company.branch.name,
        r.get_pathway_display(),
        r.filed_on,
        r.get_status_display(),
        r.funded_amount,
        follower,
    ]
