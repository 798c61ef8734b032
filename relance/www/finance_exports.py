"""Finance's export: one row per request, typed (dates, euros as numbers)."""

from decimal import Decimal

from relance.common.formats import paris
from relance.funding.models import FundingRequest
from relance.www.downloads import DAY, EUROS

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
XLSX_FORMATS = {4: DAY, 5: EUROS, 6: EUROS, 7: EUROS}


def export_row(r: FundingRequest) -> list:
    return [
        r.reference,
        r.company.name,
        r.company.siren,
        r.get_status_display(),
        paris(r.approved_at).date() if r.approved_at else None,
        *(Decimal(v).quantize(CENT) for v in (r.committed, r.paid, r.unpaid)),
    ]
