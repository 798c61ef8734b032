"""The « Messages » section of a request's page: the thread, and the form to write to it.

The form posts here and comes back to the page (post/redirect/get); on an error the typed text
waits in the session, so the page shows it again under the error, in red."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from relance.common.errors import Forbidden, NotFound, ServiceError
from relance.funding import messages, perms
from relance.funding.models import FundingRequest

DRAFT_KEY = "message_draft:{pk}"


def thread_context(request: HttpRequest, funding_request: FundingRequest) -> dict:
    """What the section shows: the thread as it was (« Nouveau » on what was unread), then
    read; the form, with what was typed before an error."""
    user = request.user
    thread, unread = messages.thread_open(user=user, request=funding_request)
    draft = request.session.pop(DRAFT_KEY.format(pk=funding_request.pk), None) or {}
    return {
        "thread": thread,
        "thread_unread": unread,
        "can_write_messages": perms.can_write_messages(user, funding_request),
        "can_attach": perms.can_upload_documents(user, funding_request),
        "message_draft": draft.get("body", ""),
        "message_errors": draft.get("errors", []),
    }


@login_required
@require_POST
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = request.POST.get("body", "")
    try:
        messages.message_post(
            actor=request.user, request_id=pk, body=body, upload=request.FILES.get("file")
        )
    except NotFound as error:
        raise Http404(str(error)) from error
    except Forbidden as error:
        raise PermissionDenied(str(error)) from error
    except ServiceError as error:
        problems = [problem.message for problem in error.errors]
        request.session[DRAFT_KEY.format(pk=pk)] = {"body": body, "errors": problems}
        flash.error(request, "Le message n'est pas parti : corrigez ce qui est signalé.")
    else:
        flash.success(request, "Message envoyé.")
    return redirect(reverse("request-detail", args=[pk]) + "#messages")
