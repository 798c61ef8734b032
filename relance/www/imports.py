"""The managers' import page: upload, then follow the background import and get its report."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from relance.imports import perms
from relance.imports.models import ImportJob
from relance.imports.readers import MAX_BYTES, UnreadableFile, check_workbook, kind_of
from relance.imports.tasks import enqueue, job_settle


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="Contenu du fichier", choices=ImportJob.Kind.choices)
    file = forms.FileField(label="Fichier (CSV, XLSX ou JSON Lines ; 100 Mo au plus)")
    apply = forms.BooleanField(
        label="Importer réellement (sinon, vérification seule)", required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Fichier trop volumineux (100 Mo au plus).")
        try:
            if kind_of(upload.read(512), upload.name) == "xlsx":
                upload.seek(0)
                check_workbook(upload)  # a zip bomb is refused here, before any task starts
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from error
        upload.seek(0)
        return upload


def _manager(request: HttpRequest) -> None:
    if not perms.can_import(request.user):
        raise PermissionDenied("Les imports sont réservés aux responsables.")


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = ImportJob.objects.create(
                kind=form.cleaned_data["kind"],
                apply=form.cleaned_data["apply"],
                created_by=request.user,
                original_name=form.cleaned_data["file"].name[:200],
                file=form.cleaned_data["file"],
            )
            enqueue(job)
        return redirect("import-detail", pk=job.pk)
    jobs = [job_settle(job) for job in ImportJob.objects.filter(created_by=request.user)[:20]]
    return render(
        request,
        "www/imports/page.html",
        {"form": form, "jobs": jobs, "max_mb": settings.RELANCE_MAX_UPLOAD_BYTES},
    )


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    job = job_settle(get_object_or_404(ImportJob, pk=pk, created_by=request.user))
    return render(
        request,
        "www/imports/detail.html",
        {"job": job, "running": job.state in (ImportJob.State.PENDING, ImportJob.State.RUNNING)},
    )


@login_required
def import_rejections(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
    response = HttpResponse(bytes(job.rejected_csv), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejets-import-{job.pk}.csv"'
    return response
