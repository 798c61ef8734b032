"""The bilan's charts (matplotlib, no display): SVG for pages and PDF, PNG for files."""

import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from relance.reports.formatting import fr_int, fr_number
from relance.reports.narrative import PATHWAY_LABELS

BLUE, RED = "#000091", "#c9191e"
CHARTS = {
    "delegations": "Engagements nets par délégation régionale (M€)",
    "branches": "Engagements nets par branche (M€)",
    "size_bands": "Entreprises bénéficiaires par taille",
    "pathways": "Salariés formés par parcours",
    "monthly": "Engagements nets cumulés et enveloppe (M€)",
}


def _millions(value) -> float:
    return float(Decimal(value) / 1_000_000)


def _barh(title: str, labels: list[str], values: list[float], formatter) -> plt.Figure:
    figure, axes = plt.subplots(figsize=(8, 0.38 * len(labels) + 1.2))
    bars = axes.barh(labels[::-1], values[::-1], color=BLUE)
    axes.bar_label(bars, labels=[formatter(v) for v in values[::-1]], padding=3, fontsize=8)
    axes.set_title(title, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: formatter(v)))
    axes.margins(x=0.15)
    figure.tight_layout()
    return figure


def _figure(name: str, figures: dict) -> plt.Figure:
    if name in ("delegations", "branches"):
        rows = [r for r in figures[name] if r.get("net_commitments") is not None]
        return _barh(
            CHARTS[name],
            [r["name"] for r in rows],
            [_millions(r["net_commitments"]) for r in rows],
            fr_number,
        )
    if name == "size_bands":
        rows = [r for r in figures["size_bands"] if r.get("beneficiary_companies") is not None]
        return _barh(
            CHARTS[name],
            [r["label"] for r in rows],
            [r["beneficiary_companies"] for r in rows],
            lambda v: fr_int(int(v)),
        )
    if name == "pathways":
        rows = [
            (PATHWAY_LABELS.get(c, c), p["employees"])
            for c, p in figures["pathways"].items()
            if p.get("employees") is not None
        ]
        return _barh(
            CHARTS[name], [r[0] for r in rows], [r[1] for r in rows], lambda v: fr_int(int(v))
        )
    return _monthly(figures)


def _monthly(figures: dict) -> plt.Figure:
    months = [m["month"] for m in figures["monthly"]]
    cumulative = [_millions(m["cumulative_net"]) for m in figures["monthly"]]
    figure, axes = plt.subplots(figsize=(8, 3.6))
    axes.plot(
        months, cumulative, color=BLUE, marker="o", markersize=3, label="Engagements nets cumulés"
    )
    if projection := figures.get("projection"):  # the forecast's, on the dashboard only
        axes.plot(
            [p["month"] for p in projection],
            [_millions(p["cumulative_net"]) for p in projection],
            color=BLUE,
            linestyle=":",
            label="Projection au rythme des 8 dernières semaines",
        )
    axes.axhline(_millions(figures["envelope"]), color=RED, linestyle="--", label="Enveloppe")
    axes.set_title(CHARTS["monthly"], fontsize=11, loc="left")
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylim(bottom=0)
    figure.tight_layout()
    return figure


def render(name: str, figures: dict, fmt: str) -> bytes:
    figure = _figure(name, figures)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=110, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def render_all(figures: dict, fmt: str = "svg") -> dict[str, bytes]:
    if not figures["beneficiary_companies"]:
        return {}
    return {name: render(name, figures, fmt) for name in CHARTS}
