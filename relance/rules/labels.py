"""French labels used in the reasons' messages (formats: relance/common/formats.py)."""

from relance.common import formats
from relance.reference import files

# The French formats are declared once, in relance/common/formats.py (pure Python too).
THIN_SPACE = formats.THIN_SPACE
french_date = formats.date
french_euros = formats.amount
french_rate = formats.rate
french_points = formats.points

SITUATION_LABELS = {item["code"]: item["label"] for item in files.read("catalogue")["situations"]}
PATHWAY_LABELS = {item["code"]: item["label"] for item in files.read("catalogue")["pathways"]}
SITUATION_ORDER = tuple(SITUATION_LABELS)


REGIME_LABELS = {
    "temporary_framework": "encadrement temporaire des aides d'État",
    "gber": "RGEC, art. 31",
}
