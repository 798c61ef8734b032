"""Finance's export: one row per request, typed (dates, euros as numbers)."""

from decimal import Decimal

from relance.common.formats import paris
from relance.funding.models import FundingRequest
from relance.funding.workflow import Status

EXPORT_LIMIT = 200_000
EXPORT_HEADER = [
    "Référence",
    "Entreprise",
    "SIREN",
    "Statut",
    "Accordée le",
    "Engagé net (€)",
    "Payé (€)",
    "Reste à payer (€)",
]
CENT = Decimal("0.01")
EUROS = '#,##0.00 "€"'
XLSX_FORMATS = {4: "DD/MM/YYYY", 5: EUROS, 6: EUROS, 7: EUROS}


def status_labels() -> dict[str, str]:
    """Each status's label, translated once per export (`get_status_display` hashes every
    lazy choice at each call: most of a long export's time)."""
    return {value: str(label) for value, label in Status.choices}


def export_row(r: FundingRequest, statuses: dict[str, str]) -> list:
    return [
        r.reference,
        r.company.name,
        r.company.siren,
        statuses.get(r.status, r.status),
        paris(r.approved_at).date() if r.approved_at else None,
        *(Decimal(v).quantize(CENT) for v in (r.committed, r.paid, r.unpaid)),
    ]
