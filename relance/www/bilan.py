"""The bilan as web pages: live (managers, auditors), public (anyone) and published editions."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from relance.clock import today
from relance.reports import perms
from relance.reports.document import Bilan, bilan_build
from relance.reports.exports import CONTENT_TYPES
from relance.reports.exports import render as render_format
from relance.reports.exports.text import html as bilan_html
from relance.reports.models import ReportEdition
from relance.reports.publishing import edition_bilan

DOWNLOADS = ("csv", "xlsx", "pdf", "json")
PUBLIC_CACHE_SECONDS = 60


def _page(
    request: HttpRequest, bilan: Bilan, *, title: str, download_base: str | None
) -> HttpResponse:
    editions = ReportEdition.objects.filter(year=bilan.figures["year"]).order_by("-number")
    context = {
        "bilan_html": bilan_html(bilan),
        "title": title,
        "year": bilan.figures["year"],
        "download_base": download_base,
        "downloads": DOWNLOADS,
        "editions": editions,
        "bilan": bilan,
    }
    return render(request, "www/bilan/page.html", context)


def _public_bilan(year: int) -> Bilan:
    key = f"bilan-public-{year}-{today().isoformat()}"
    bilan = cache.get(key)
    if bilan is None:
        bilan = bilan_build(year=year, as_of=today(), public=True)
        cache.set(key, bilan, PUBLIC_CACHE_SECONDS)
    return bilan


@login_required
def bilan_live(request: HttpRequest, year: int) -> HttpResponse:
    if not perms.can_view_live_report(request.user):
        raise PermissionDenied("Le bilan en cours est réservé aux responsables et aux auditeurs.")
    bilan = bilan_build(year=year, as_of=today(), public=False)
    return _page(
        request, bilan, title=f"Bilan {year} (en direct)", download_base=f"/bilan/{year}/export"
    )


def bilan_public(request: HttpRequest, year: int) -> HttpResponse:
    return _page(
        request,
        _public_bilan(year),
        title=f"Bilan {year} — version publique",
        download_base=f"/bilan/{year}/public/export",
    )


def bilan_edition(request: HttpRequest, year: int, number: int) -> HttpResponse:
    edition = get_object_or_404(ReportEdition, year=year, number=number)
    page = _page(
        request,
        edition_bilan(edition),
        title=f"Bilan {year} — édition n° {number}",
        download_base=None,
    )
    return page


def _download(bilan: Bilan, fmt: str, name: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("Format inconnu.")
    response = HttpResponse(render_format(bilan, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def bilan_live_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if not perms.can_view_live_report(request.user):
        raise PermissionDenied("Le bilan en cours est réservé aux responsables et aux auditeurs.")
    bilan = bilan_build(year=year, as_of=today(), public=False, with_charts=fmt == "pdf")
    return _download(bilan, fmt, f"bilan-{year}-{today():%Y%m%d}")


def bilan_public_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    return _download(_public_bilan(year), fmt, f"bilan-{year}-public-{today():%Y%m%d}")
