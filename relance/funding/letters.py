"""The French decision letter (approval or refusal), as a PDF stored with the request."""

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from weasyprint import HTML

from relance.funding.models import Document, DocumentKind, FundingRequest, TransitionLog
from relance.funding.workflow import Status
from relance.tasks.effects import effect_once


def decision_letter_pdf(*, request: FundingRequest, transition: TransitionLog) -> bytes:
    context = {
        "request": request,
        "company": request.company,
        "decision": request.decision or {},
        "transition": transition,
        "approved": transition.to_status == Status.APPROVED,
        "actions": list(request.actions.all()),
        "trainee_count": request.trainees.count(),
    }
    return HTML(string=render_to_string("funding/decision_letter.html", context)).write_pdf()


def decision_letter_store(*, request: FundingRequest, transition: TransitionLog) -> Document:
    """Store the letter of this decision once: the document and the effect's key commit
    together, so a retried or recovered task finds it instead of writing a duplicate."""
    name = f"decision-{request.reference}-{transition.pk}.pdf"
    letters = request.documents.filter(kind=DocumentKind.DECISION_LETTER, original_name=name)
    existing = letters.first()
    if existing is not None:
        return existing
    pdf = decision_letter_pdf(request=request, transition=transition)

    def store() -> Document:
        document = Document(
            request=request,
            kind=DocumentKind.DECISION_LETTER,
            original_name=name,
            content_type="application/pdf",
            size=len(pdf),
        )
        document.file.save(name, ContentFile(pdf), save=True)
        return document

    return effect_once(f"letter:{transition.pk}", store) or letters.get()
