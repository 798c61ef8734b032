"""The envelope page (`/enveloppes/<année>/`): its money, burn-up and the four-eyes threshold
that managers set there (every change logged in the audit trail and listed on the page)."""

import base64
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from relance.budget import perms
from relance.budget.models import Envelope
from relance.budget.selectors import envelope_changes
from relance.budget.services import envelope_set_threshold
from relance.clock import today
from relance.common.errors import ServiceError
from relance.common.formats import amount
from relance.reports.forecast import envelope_forecast
from relance.reports.kept_reads import banner_totals
from relance.reports.queries import report_figures
from relance.rules.parameters import parameters_for_year, parameters_in_force
from relance.www.dashboard import burn_up_chart

SCHEME = "fne"
STAFF_ONLY = "La page de l'enveloppe est réservée au personnel de l'opérateur."


class ThresholdForm(forms.Form):
    second_approval_above = forms.CharField(
        label="Double validation au-delà de (€, vide : aucune)", required=False, max_length=30
    )

    def clean_second_approval_above(self) -> Decimal | None:
        text = self.cleaned_data["second_approval_above"]
        compact = "".join(text.split()).replace("\u202f", "").replace("€", "").replace(",", ".")
        if not compact:
            return None
        try:
            return Decimal(compact)
        except InvalidOperation:
            raise forms.ValidationError(
                "Saisissez un montant en euros, par exemple 50 000,00."
            ) from None


def _viewer(request: HttpRequest, year: int) -> Envelope:
    if not perms.can_view_envelope(request.user):
        raise PermissionDenied(STAFF_ONLY)
    envelope = Envelope.objects.filter(scheme=SCHEME, year=year).first()
    if envelope is None or parameters_for_year(year, SCHEME) is None:
        raise Http404(f"Aucune enveloppe pour {year}.")
    return envelope


@login_required
def envelope_current(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_envelope(request.user):
        raise PermissionDenied(STAFF_ONLY)
    params = parameters_in_force(today())
    return redirect("envelope", year=params.year if params else today().year)


@login_required
@require_safe
def envelope_page(request: HttpRequest, year: int) -> HttpResponse:
    return _render(request, _viewer(request, year), None)


def _render(request: HttpRequest, envelope: Envelope, form: ThresholdForm | None):
    """The page; with a form that failed, its errors and what was typed (400)."""
    figures = report_figures(year=envelope.year, as_of=today())
    forecast = envelope_forecast(year=envelope.year)
    chart = burn_up_chart(figures, forecast)
    threshold = envelope.second_approval_above
    initial = {
        "second_approval_above": "" if threshold is None else amount(threshold).removesuffix(" €")
    }
    context = {
        "envelope": envelope,
        "totals": banner_totals(envelope),
        "forecast": forecast,
        "chart": "data:image/svg+xml;base64," + base64.b64encode(chart).decode() if chart else None,
        "can_adjust": perms.can_adjust_envelope(request.user),
        "form": form or ThresholdForm(initial=initial),
        "changes": envelope_changes(envelope),
    }
    return render(request, "www/envelopes/page.html", context, status=400 if form else 200)


@login_required
@require_POST
def envelope_threshold(request: HttpRequest, year: int) -> HttpResponse:
    envelope = _viewer(request, year)
    if not perms.can_adjust_envelope(request.user):
        raise PermissionDenied("Seul un responsable fixe le seuil de double validation.")
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        return _render(request, envelope, form)
    try:
        envelope_set_threshold(
            actor=request.user,
            envelope=envelope,
            amount=form.cleaned_data["second_approval_above"],
        )
    except ServiceError as error:
        for problem in error.errors:
            form.add_error("second_approval_above", problem.message)
        return _render(request, envelope, form)
    messages.success(request, "Seuil de double validation enregistré.")
    return redirect("envelope", year=year)
