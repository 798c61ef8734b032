"""Background tasks (django-tasks): e-mails and decision letters, after commit."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from relance.accounts.models import User
from relance.accounts.selectors import advisers_of
from relance.funding.models import FundingRequest, TransitionLog

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
}


def recipients(request: FundingRequest, who: str) -> list[str]:
    if who == "company":
        users = User.objects.filter(company_id=request.company_id, is_active=True)
    else:
        users = advisers_of(request.company.delegation_id)
    return sorted(users.exclude(email="").values_list("email", flat=True))


@task()
def send_request_event(event: str, request_id: int, context: dict) -> int:
    """Send the event's e-mails; return how many were sent."""
    request = FundingRequest.objects.select_related("company", "company__delegation").get(
        pk=request_id
    )
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
        sent += message.send()
    return sent


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
    with transaction.atomic():
        document = decision_letter_store(request=request, transition=transition)
    with document.file.open("rb") as handle:
        return handle.read()
