"""The managers' page of background work: failed or stuck runs, each with « Relancer »."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from relance.tasks import perms
from relance.tasks.models import TaskRun
from relance.tasks.recovery import run_retry
from relance.tasks.selectors import runs_by_state, runs_needing_attention


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_tasks(request.user):
        raise PermissionDenied("Les tâches de fond sont suivies par les responsables.")
    context = {
        "runs": runs_needing_attention(),
        "counts": [(label, runs_by_state()[value]) for value, label in TaskRun.State.choices],
    }
    return render(request, "www/tasks/list.html", context)


@login_required
@require_POST
def task_retry(request: HttpRequest, pk: str) -> HttpResponse:
    if not perms.can_retry_tasks(request.user):
        raise PermissionDenied("Seuls les responsables relancent une tâche.")
    if run_retry(run_id=pk):
        messages.success(request, "Tâche relancée.")
    else:
        messages.error(request, "Cette tâche ne peut pas être relancée (terminée ou en cours).")
    return redirect("tasks")
