"""The company portal: its requests, the multi-step request form with the live estimate."""

import dataclasses
import datetime as dt
import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from relance.accounts.models import User
from relance.accounts.selectors import advisers_of
from relance.clock import today
from relance.common.errors import Conflict, Forbidden, NotFound, ServiceError
from relance.common.pagination import VolumePaginator
from relance.companies.services import SituationData, situation_declare
from relance.funding import editing, perms, services
from relance.funding.data import ActionData, EditData, RequestData, TraineeData
from relance.funding.documents import sniff
from relance.funding.messages import unread_by_request
from relance.funding.models import AidRegime, Document, DocumentKind
from relance.funding.selectors import requests_visible_to
from relance.funding.transitions import check_state, request_for_action
from relance.funding.workflow import Action, Status
from relance.reference.choices import PathwayKind
from relance.www.wizard_estimate import SESSION_KEY, estimate_context, request_data
from relance.www.wizard_forms import (
    ActionFormSet,
    MoreActionsFormSet,
    PathwayStep,
    SituationStep,
    TraineesStep,
    action_to_json,
)

STEPS = ["Situation", "Parcours", "Actions de formation", "Stagiaires", "Estimation et dépôt"]
ACTION_FIELDS = [f.name for f in dataclasses.fields(ActionData)]
TRAINEE_FIELDS = [f.name for f in dataclasses.fields(TraineeData)]


def _company_user(request: HttpRequest) -> User:
    if not perms.can_use_portal(request.user):
        raise PermissionDenied("Cet espace est réservé aux entreprises.")
    return request.user


@login_required
def portal_home(request: HttpRequest) -> HttpResponse:
    user = _company_user(request)
    requests = (
        requests_visible_to(user)
        .select_related("company")
        .defer("decision", "decision_inputs")
        .order_by("-created_at", "-pk")
    )
    page = VolumePaginator(requests, 20).get_page(request.GET.get("page"))
    unread = unread_by_request(user, [r.pk for r in page])
    for funding_request in page:
        funding_request.unread = unread.get(funding_request.pk, 0)
    advisers = advisers_of(user.company.delegation_id).order_by("pk")[:1]
    return render(
        request,
        "www/portal/home.html",
        {"page": page, "company": user.company, "adviser": advisers[0] if advisers else None},
    )


def _wizard(request: HttpRequest) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _save(request: HttpRequest, **parts) -> None:
    request.session[SESSION_KEY] = {**_wizard(request), **parts}


@login_required
def wizard_step(request: HttpRequest, step: int = 1) -> HttpResponse:
    user = _company_user(request)
    if not 1 <= step <= len(STEPS):
        return redirect("portal-new", step=1)
    handler = [_situation_step, _pathway_step, _actions_step, _trainees_step, _summary_step][
        step - 1
    ]
    response = handler(request, user)
    if isinstance(response, HttpResponse):
        return response
    wizard = _wizard(request)
    context = {
        "steps": STEPS,
        "step": step,
        "company": user.company,
        "editing_reference": wizard.get("reference") if wizard.get("editing") else None,
        **response,
    }
    if step >= 2:
        context.update(estimate_context(wizard, user.company))
    return render(request, "www/portal/wizard.html", context)


def _posted(request: HttpRequest) -> tuple:
    """A step's form is bound on POST, even an empty one (nothing typed is still an answer)."""
    if request.method != "POST":
        return None, None
    return request.POST, request.FILES


def _has_active_situation(company) -> bool:
    day = today()
    return any(s.start <= day and (s.end is None or day <= s.end) for s in company.situations.all())


def _situation_step(request: HttpRequest, user: User):
    active = _has_active_situation(user.company)
    form = SituationStep(*_posted(request), has_active_situation=active)
    if request.method != "POST":
        return _situation(request, user, form)
    # The file is kept as soon as it passes its own check, so an error elsewhere on the step
    # never asks for it again.
    upload = request.FILES.get("evidence_file")
    if upload is not None:
        _keep_evidence(request, upload, form)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            try:
                situation_declare(
                    actor=user,
                    company=user.company,
                    data=SituationData(data["kind"], data["start"], data["end"], data["evidence"]),
                )
            except ServiceError as error:
                form.add_error(None, " ".join(e.message for e in error.errors))
                return _situation(request, user, form)
        return redirect("portal-new", step=2)
    return _situation(request, user, form)


def _situation(request: HttpRequest, user: User, form) -> dict:
    """The step's page: the situations on record and the evidence already uploaded, if any."""
    return {
        "form": form,
        "situations": user.company.situations.all(),
        "evidence": _wizard(request).get("evidence"),
    }


def _keep_evidence(request: HttpRequest, upload, form) -> None:
    """Keep the evidence until the request exists; checked by content, never by its name."""
    from django.conf import settings

    if upload.size > settings.RELANCE_MAX_UPLOAD_BYTES or sniff(upload.read(16)) is None:
        form.add_error(
            "evidence_file",
            "Justificatif refusé : PDF, PNG ou JPEG de 10 Mo au plus (type vérifié sur le contenu).",
        )
        return
    upload.seek(0)
    path = default_storage.save(f"pending/{uuid.uuid4().hex}", upload)
    _save(request, evidence={"path": path, "name": upload.name[:200], "size": upload.size})


def _pathway_step(request: HttpRequest, user: User):
    wizard = _wizard(request)
    form = PathwayStep(
        _posted(request)[0],
        initial={k: wizard.get(k) for k in ("pathway", "aid_regime", "reference")},
    )
    if request.method == "POST" and form.is_valid():
        _save(request, **form.cleaned_data)
        return redirect("portal-new", step=3)
    return {"form": form}


def _actions_step(request: HttpRequest, user: User):
    """One action block to start with; « Ajouter une action » keeps those typed and adds one."""
    initial = [{**a} for a in _wizard(request).get("actions", [])]
    more = request.GET.get("ajout") == "1"
    formset = (MoreActionsFormSet if more else ActionFormSet)(
        _posted(request)[0], initial=initial or None, prefix="actions"
    )
    if request.method == "POST" and formset.is_valid():
        _save(request, actions=[action_to_json(f.cleaned_data) for f in formset if f.cleaned_data])
        if request.POST.get("add") == "1":
            return redirect(reverse("portal-new", args=[3]) + "?ajout=1#actions")
        return redirect("portal-new", step=4)
    return {"formset": formset, "can_add": formset.total_form_count() < formset.max_num}


def _trainees_step(request: HttpRequest, user: User):
    wizard = _wizard(request)
    lines = "\n".join(_line(t) for t in wizard.get("trainees", []))
    form = TraineesStep(_posted(request)[0], initial={"rows": lines})
    if request.method == "POST" and form.is_valid():
        _save(request, trainees=form.cleaned_data["rows"])
        return redirect("portal-new", step=5)
    return {"form": form}


def _line(trainee: dict) -> str:
    end = (
        dt.date.fromisoformat(trainee["contract_end"]).strftime("%d/%m/%Y")
        if trainee["contract_end"]
        else ""
    )
    words = {
        "permanent": "CDI",
        "fixed_term": "CDD",
        "apprenticeship": "apprentissage",
        "professionalisation": "professionnalisation",
    }
    leaving = "oui" if trainee["leaving_under_pse_or_rcc"] else "non"
    disadvantaged = "oui" if trainee.get("disadvantaged") else "non"
    return f"{trainee['employee_ref']};{words[trainee['contract']]};{end};{leaving};{disadvantaged}"


def _summary_step(request: HttpRequest, user: User):
    wizard = _wizard(request)
    data = request_data(wizard, user.company)
    if request.method == "POST" and wizard.get("editing"):
        return edited_save(request, user, wizard, data)
    if request.method == "POST":
        try:
            created, _ = services.request_create(
                actor=user, data=data, idempotency_key=wizard.setdefault("key", uuid.uuid4().hex)
            )
            _attach_evidence(wizard, created, user)
            if request.POST.get("submit") == "1":
                services.request_submit(actor=user, request_id=created.pk)
                messages.success(request, f"Votre demande {created.reference} est déposée.")
            else:
                messages.success(request, f"Votre brouillon {created.reference} est enregistré.")
        except ServiceError as error:
            return {**_summary(data), "problems": [where_to_fix(p) for p in error.errors]}
        request.session.pop(SESSION_KEY, None)
        return redirect("request-detail", pk=created.pk)
    return _summary(data, wizard.get("edited_status", ""))


# Where a problem found at « Déposer » is fixed: the step, then the action or the line.
STEP_OF_FIELD = {
    "aid_regime": 2,
    "pathway": 2,
    "reference": 2,
    "training_actions": 3,
    "trainees": 4,
}
FIELD_LABELS = {
    "title": "intitulé",
    "provider_siret": "SIRET de l'organisme",
    "provider_declaration_number": "n° de déclaration d'activité",
    "hours": "heures",
    "cost": "coût",
    "start": "début",
    "end": "fin",
    "employee_ref": "référence",
    "contract": "contrat",
    "contract_end": "fin de contrat",
}


def where_to_fix(problem) -> dict:
    """« Étape 3, action 2 (SIRET de l'organisme) » or « Étape 4, ligne 5 (référence) », with a
    link to that step; a problem of no field (the deadline, the envelope) is said as it is."""
    match = re.match(r"(\w+)(?:\[(\d+)\])?(?:\.(\w+))?", problem.field or "")
    step = STEP_OF_FIELD.get(match[1]) if match else None
    if step is None:
        return {"message": problem.message, "step": None, "href": None}
    place = f"Étape {step}"
    if match[2] is not None:
        place += f", {'action' if step == 3 else 'ligne'} {int(match[2]) + 1}"
    if match[3] in FIELD_LABELS:
        place += f" ({FIELD_LABELS[match[3]]})"
    href = reverse("portal-new", args=[step])
    return {"message": f"{place} : {problem.message}", "step": step, "href": href}


def _summary(data: RequestData, edited_status: str = "") -> dict:
    return {
        "data": data,
        "edited_status": edited_status,
        "pathway_label": PathwayKind(data.pathway).label,
        "regime_label": AidRegime(data.aid_regime).label,
    }


def _attach_evidence(wizard: dict, funding_request, user: User) -> None:
    evidence = wizard.get("evidence")
    if not evidence or not default_storage.exists(evidence["path"]):
        return
    with default_storage.open(evidence["path"], "rb") as handle:
        head = handle.read(16)
    content_type, extension = sniff(head)
    document = Document(
        request=funding_request,
        kind=DocumentKind.ACTIVITY_EVIDENCE,
        original_name=evidence["name"],
        content_type=content_type,
        size=evidence["size"],
        uploaded_by=user,
    )
    with default_storage.open(evidence["path"], "rb") as handle:
        document.file.save(f"{funding_request.pk}-evidence.{extension}", handle, save=True)
    default_storage.delete(evidence["path"])


@login_required
def wizard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """« Modifier »: the form re-opens on the company's draft or request under correction."""
    user = _company_user(request)
    try:
        funding_request = request_for_action(actor=user, request_id=pk, action=Action.EDIT)
        check_state(user, funding_request, Action.EDIT)
    except NotFound as error:
        raise Http404(str(error)) from error
    except Forbidden as error:
        raise PermissionDenied(str(error)) from error
    except Conflict as error:
        messages.error(request, error.errors[0].message)
        return redirect("request-detail", pk=pk)
    request.session[SESSION_KEY] = {
        "editing": funding_request.pk,
        "edited_status": funding_request.status,
        "pathway": funding_request.pathway,
        "aid_regime": funding_request.aid_regime,
        "reference": funding_request.reference,
        "actions": [
            action_to_json(model_to_dict(a, ACTION_FIELDS)) for a in funding_request.actions.all()
        ],
        "trainees": [
            action_to_json(model_to_dict(t, TRAINEE_FIELDS)) for t in funding_request.trainees.all()
        ],
    }
    return redirect("portal-new", step=2)


def edited_save(request: HttpRequest, user: User, wizard: dict, data: RequestData):
    """The summary of an edit: save it (the rules run again), then file a draft if asked."""
    pk = wizard["editing"]
    parts = EditData(data.training_actions, data.trainees, data.aid_regime, data.pathway)
    try:
        edited = editing.request_edit(actor=user, request_id=pk, data=parts)
        if request.POST.get("submit") == "1" and edited.status == Status.DRAFT:
            services.request_submit(actor=user, request_id=pk)
    except ServiceError as error:
        for problem in error.errors:
            messages.error(request, problem.message)
        return _summary(data, wizard["edited_status"])
    messages.success(
        request, f"Vos modifications de la demande {edited.reference} sont enregistrées."
    )
    request.session.pop(SESSION_KEY, None)
    return redirect("request-detail", pk=pk)
