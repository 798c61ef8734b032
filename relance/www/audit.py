"""The auditor's view and export of the audit log (read-only), and the personal-data page."""

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from relance.audit import perms
from relance.audit.selectors import (
    AUDIT_HEADER,
    admin_changes,
    admin_line,
    audit_keys,
    audit_lines,
    audit_log,
    transition_line,
)
from relance.common.pagination import VolumePaginator
from relance.common.spreadsheets import safe_text
from relance.www.downloads import EXPORT_LIMIT, csv_download

ADMIN_CHANGES_SHOWN = 20
ROWS_PER_CHUNK = 2000


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
    filters = _filters(request)
    keys = audit_keys(**filters)
    paginator = VolumePaginator(audit_log(**filters), 50, count=keys.order_by().count(), keys=keys)
    page = paginator.get_page(request.GET.get("page"))
    changes = admin_changes(**filters)[:ADMIN_CHANGES_SHOWN]
    query = "&".join(f"{k}={v}" for k, v in request.GET.items() if k != "page" and v)
    return render(
        request,
        "www/audit/log.html",
        {
            "page": page,
            "lines": [transition_line(row) for row in page],
            "admin_lines": [admin_line(change) for change in changes],
            "header": AUDIT_HEADER,
            "params": request.GET,
            "query": query,
        },
    )


def _csv_chunks(filters: dict) -> Iterator[str]:
    """The export, a chunk of rows at a time: the response streams while the database reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(AUDIT_HEADER)
    for count, line in enumerate(audit_lines(EXPORT_LIMIT, **filters), start=1):
        writer.writerow([safe_text(cell) for cell in line.cells()])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    if not perms.can_export_audit_log(request.user):
        raise PermissionDenied("Le journal d'audit est réservé aux auditeurs et aux responsables.")
    return csv_download(_csv_chunks(_filters(request)), "journal-audit.csv")


def personal_data(request: HttpRequest) -> HttpResponse:
    return render(request, "www/public/personal_data.html")
