"""Background tasks: e-mails and decision letters, after commit, each sent or stored once."""

import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from relance.accounts.models import User
from relance.accounts.selectors import advisers_of
from relance.common.log_context import log_bind
from relance.funding.models import FundingRequest, TransitionLog
from relance.tasks.effects import effect_once
from relance.tasks.runs import current_run_id, durable

# event → (recipients, template, whether the decision letter is attached)
EVENTS = {
    "submitted": [
        ("company", "submitted_company", False),
        ("advisers", "submitted_adviser", False),
    ],
    "information_requested": [("company", "information_requested", False)],
    "answered": [("advisers", "answered", False)],
    "approved": [("company", "approved", True)],
    "refused": [("company", "refused", True)],
    "amended": [("company", "amended", False)],
    "paid": [("company", "paid", False)],
    "reminder": [("company", "reminder", False)],
    "message_to_staff": [("follower", "message_to_staff", False)],
    "message_to_company": [("company", "message_to_company", False)],
}


def recipients(request: FundingRequest, who: str) -> list[str]:
    """`company`: the company's users; `advisers`: its delegation's advisers; `follower`: the
    request's assignee, or the delegation's advisers while nobody follows it."""
    if who == "company":
        users = User.objects.filter(company_id=request.company_id, is_active=True)
    elif who == "follower" and request.assignee_id is not None:
        users = User.objects.filter(pk=request.assignee_id, is_active=True)
    else:
        users = advisers_of(request.company.delegation_id)
    return sorted(users.exclude(email="").values_list("email", flat=True))


@durable()
def send_request_event(event: str, request_id: int, context: dict) -> int:
    """Send the event's e-mails, each once per run; return how many were sent now."""
    request = FundingRequest.objects.select_related("company", "company__delegation").get(
        pk=request_id
    )
    log_bind(request_reference=request.reference)
    letter = (
        _letter_bytes(request, context.get("transition_id"))
        if event in {"approved", "refused"}
        else None
    )
    sent = 0
    for who, template, attach in EVENTS[event]:
        to = recipients(request, who)
        if not to:
            continue
        subject, body = _render(
            template, {"request": request, "company": request.company, **context}
        )
        message = EmailMessage(subject=subject, body=body, to=to)
        if attach and letter is not None:
            message.attach(f"decision-{request.reference}.pdf", letter, "application/pdf")
        sent += _send_once(message, template) or 0
    return sent


def _send_once(message: EmailMessage, template: str) -> int | None:
    run_id = current_run_id()
    if run_id is None:  # called directly, outside a task run: nothing to deduplicate against
        return message.send()
    key = f"run:{run_id}:email:{template}"
    message.extra_headers["Message-ID"] = _message_id(key)
    return effect_once(key, message.send, run_id=run_id)


def _message_id(key: str) -> str:
    """The same message always gets the same id, so a copy sent twice is recognisably one."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "relance.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


def _render(template: str, context: dict) -> tuple[str, str]:
    text = render_to_string(f"notifications/{template}.txt", context).strip()
    subject, _, body = text.partition("\n")
    return (
        subject.strip(),
        body.strip() + "\n\n— relance, Convention Relance Industrie (FNE-Formation)\n",
    )


def _letter_bytes(request: FundingRequest, transition_id: int | None) -> bytes:
    from relance.funding.letters import decision_letter_store

    transition = (
        TransitionLog.objects.get(pk=transition_id) if transition_id else request.history.last()
    )
    document = decision_letter_store(request=request, transition=transition)
    with document.file.open("rb") as handle:
        return handle.read()
