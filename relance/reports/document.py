"""One bilan document (figures, narrative, charts) assembled once for every format."""

import base64
import datetime as dt
from dataclasses import dataclass

from relance.reports import narrative
from relance.reports.queries import report_figures
from relance.reports.variants import public_figures


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
    svgs = {}
    if with_charts:  # matplotlib takes a second to import: only when charts are wanted
        from relance.reports.charts import render_all

        svgs = {k: v.decode() for k, v in render_all(figures, "svg").items()}
    return Bilan(figures, narrative.paragraphs(figures), svgs, public)
