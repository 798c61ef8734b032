"""Actual vs simulated funding by delegation and by size band (matplotlib, SVG for the page)."""

import io
from decimal import Decimal

from relance.reports.charts import BLUE, RED, plt

PANELS = {"by_delegation": "Par délégation", "by_size_band": "Par taille d'entreprise"}


def comparison_svg(summary: dict) -> str:
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.8))
    for ax, (axis, title) in zip(axes, PANELS.items(), strict=True):
        rows = summary[axis]
        labels = [row["code"] for row in rows]
        positions = range(len(rows))
        actual = [_millions(row["actual"]["funded"]) for row in rows]
        simulated = [_millions(row["simulated"]["funded"]) for row in rows]
        ax.barh(
            [p + 0.2 for p in positions], actual, height=0.4, color=BLUE, label="Règles en vigueur"
        )
        ax.barh([p - 0.2 for p in positions], simulated, height=0.4, color=RED, label="Réforme")
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.set_title(f"{title} (M€ financés)", fontsize=10, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].legend(loc="lower right", fontsize=8, frameon=False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _millions(amount: str) -> float:
    return float(Decimal(amount) / 1_000_000)
