"""The queue's export: one row per request, typed (dates, euros as numbers).

At ten times the 2021 year « Toutes » is 114 000 rows: the rows are read as plain tuples (no
model instances) and the status and pathway labels are translated once per export, not once
per row (`get_FOO_display` hashes the whole list of lazy choices at each call: 80 % of the
time before)."""

from collections.abc import Iterator

from django.db.models import QuerySet

from relance.funding.workflow import Status
from relance.reference.choices import PathwayKind
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
COLUMNS = (
    "reference",
    "company__name",
    "company__siren",
    "company__delegation__code",
    "company__branch__name",
    "pathway",
    "filed_on",
    "status",
    "funded_amount",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


def export_rows(requests: QuerySet) -> Iterator[list]:
    """The export's rows of these requests, in their order."""
    pathways = {value: str(label) for value, label in PathwayKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    rows = requests.values_list(*COLUMNS).iterator(chunk_size=2000)
    for reference, name, siren, delegation, branch, pathway, filed_on, status, amount, *who in rows:
        first, last, username = who
        follower = f"{first} {last}".strip() or username or ""
        yield [
            reference,
            name,
            siren,
            delegation,
            branch,
            pathways.get(pathway, pathway),
            filed_on,
            statuses.get(status, status),
            amount,
            follower,
        ]
