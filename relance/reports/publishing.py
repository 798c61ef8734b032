"""Publish a frozen edition of the bilan (public variant, narrative, charts, content hash)."""

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Max

from relance.reports.document import Bilan, bilan_build
from relance.reports.models import ReportEdition


def edition_publish(*, year: int, as_of: dt.date) -> ReportEdition:
    bilan = bilan_build(year=year, as_of=as_of, public=True)
    content = {"figures": bilan.figures, "narrative": bilan.paragraphs, "charts": bilan.charts_svg}
    digest = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    with transaction.atomic():
        number = (
            ReportEdition.objects.select_for_update(no_key=True)
            .filter(year=year)
            .aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        return ReportEdition.objects.create(
            year=year,
            number=number,
            as_of=as_of,
            figures=bilan.figures,
            narrative=bilan.paragraphs,
            charts=bilan.charts_svg,
            content_hash=digest,
        )


def edition_bilan(edition: ReportEdition) -> Bilan:
    return Bilan(
        edition.figures, edition.narrative, edition.charts, public=True, edition=edition.number
    )
