"""The auditor's view and export of the audit log (read-only), and the personal-data page."""

import csv
import datetime as dt
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from relance.audit import perms
from relance.audit.selectors import AUDIT_HEADER, audit_log, audit_row
from relance.common.pagination import VolumePaginator
from relance.common.spreadsheets import safe_text

EXPORT_LIMIT = 200_000


def _filters(request: HttpRequest) -> dict:
    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return {
        "reference": request.GET.get("reference", "")[:60],
        "actor": request.GET.get("par", "")[:150],
        "since": day("du"),
        "until": day("au"),
    }


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_audit_log(request.user):
        raise PermissionDenied("Le journal d'audit est réservé aux auditeurs et aux responsables.")
    entries = audit_log(**_filters(request))
    page = VolumePaginator(entries, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    return render(
        request,
        "www/audit/log.html",
        {
            "page": page,
            "rows": [audit_row(e) for e in page],
            "header": AUDIT_HEADER,
            "params": request.GET,
            "query": query,
        },
    )


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    if not perms.can_export_audit_log(request.user):
        raise PermissionDenied("Le journal d'audit est réservé aux auditeurs et aux responsables.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(AUDIT_HEADER)
    for entry in audit_log(**_filters(request))[:EXPORT_LIMIT].iterator(chunk_size=5000):
        writer.writerow([safe_text(cell) for cell in audit_row(entry)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="journal-audit.csv"'
    return response


def personal_data(request: HttpRequest) -> HttpResponse:
    return render(request, "www/public/personal_data.html")
