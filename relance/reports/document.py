"""One bilan document (figures, narrative, charts) assembled once for every format."""

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache

from relance.reports import narrative
from relance.reports.queries import report_figures
from relance.reports.variants import public_figures

CHART_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Bilan:
    figures: dict
    paragraphs: list[str]
    charts_svg: dict[str, str]
    public: bool
    edition: int | None = None

    @property
    def definitions(self) -> list[str]:
        return narrative.DEFINITIONS

    @property
    def chart_images(self) -> list[tuple[str, str]]:
        """(alternative text, data URI): charts as images keep their SVG ids apart in a page."""
        from relance.reports.charts import CHARTS

        return [
            (
                f"Graphique : {CHARTS[name]} (valeurs dans le tableau ci-dessous)",
                "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            )
            for name, svg in self.charts_svg.items()
        ]


def bilan_build(*, year: int, as_of: dt.date, public: bool, with_charts: bool = True) -> Bilan:
    figures = report_figures(year=year, as_of=as_of)
    if public:
        figures = public_figures(figures)
    svgs = svg_charts(figures) if with_charts else {}
    return Bilan(figures, narrative.paragraphs(figures), svgs, public)


def svg_charts(figures: dict, names: tuple[str, ...] | None = None) -> dict[str, str]:
    """The charts as SVG. They depend on the figures alone, and drawing them takes longer than
    computing the figures: the same figures are drawn once, then served from the cache."""
    digest = hashlib.sha256(json.dumps([figures, names], sort_keys=True).encode()).hexdigest()
    key = f"bilan-charts-{digest}"
    svgs = cache.get(key)
    if svgs is None:
        from relance.reports.charts import render, render_all  # matplotlib: a second to import

        drawn = (
            render_all(figures, "svg")
            if names is None
            else {n: render(n, figures, "svg") for n in names}
        )
        svgs = {name: svg.decode() for name, svg in drawn.items()}
        cache.set(key, svgs, CHART_CACHE_SECONDS)
    return svgs
