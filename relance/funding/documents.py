"""Documents attached to a request: checked by content, size-limited, stored outside the web root
and served only to those allowed to see the request."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from relance.accounts.models import User
from relance.common.errors import FieldError, Forbidden, InvalidInput, NotFound
from relance.funding import perms
from relance.funding.assignment import activity_noted
from relance.funding.models import Document, DocumentKind, Message
from relance.funding.selectors import request_get_visible

SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
}
UPLOADABLE = [k for k in DocumentKind.values if k != DocumentKind.DECISION_LETTER]


def sniff(head: bytes) -> tuple[str, str] | None:
    """The real type of a file from its first bytes, whatever its name says."""
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def document_upload_check(*, actor: User, request_id: int | str):
    """404 if the request is not visible, 403 if the role may not upload (the API asks it before
    reading the file)."""
    request = request_get_visible(user=actor, request_id=request_id)
    if not perms.can_upload_documents(actor, request):
        raise Forbidden("Votre rôle ne permet pas de déposer des documents.")
    return request


def document_upload(
    *,
    actor: User,
    request_id: int | str,
    kind: str,
    upload: UploadedFile,
    message_id: int | None = None,
) -> Document:
    """Store a document of the request; with `message_id`, attached to one of the actor's own
    messages on it."""
    request = document_upload_check(actor=actor, request_id=request_id)
    errors = upload_errors(kind=kind, upload=upload)
    message = _own_message(actor, request, message_id, errors)
    if errors:
        raise InvalidInput(errors)
    return document_store(actor=actor, request=request, kind=kind, upload=upload, message=message)


def upload_errors(*, kind: str, upload: UploadedFile) -> list[FieldError]:
    """What is wrong with a file before it is stored: its kind, its size, its real type."""
    errors = []
    if kind not in UPLOADABLE:
        errors.append(
            FieldError(
                "kind",
                "invalid_choice",
                f"Type de document inconnu ; valeurs possibles : {', '.join(UPLOADABLE)}.",
            )
        )
    if upload.size > settings.RELANCE_MAX_UPLOAD_BYTES:
        errors.append(
            FieldError(
                "file",
                "too_large",
                f"Le fichier dépasse {settings.RELANCE_MAX_UPLOAD_BYTES // 1_000_000} Mo.",
            )
        )
    if _detected(upload) is None:
        errors.append(
            FieldError(
                "file",
                "unsupported_type",
                "Seuls les fichiers PDF, PNG et JPEG sont acceptés (type vérifié sur le contenu).",
            )
        )
    return errors


def _detected(upload: UploadedFile) -> tuple[str, str] | None:
    head = upload.read(16)
    upload.seek(0)
    return sniff(head)


def _own_message(actor: User, request, message_id: int | None, errors: list) -> Message | None:
    if message_id is None:
        return None
    message = request.messages.filter(pk=message_id, author=actor).first()
    if message is None:
        errors.append(
            FieldError(
                "message", "not_found", "Message introuvable parmi les vôtres sur cette demande."
            )
        )
    return message


def document_store(
    *, actor: User, request, kind: str, upload: UploadedFile, message: Message | None = None
) -> Document:
    """Store a file `upload_errors` accepted, privately, and flag the company's activity."""
    content_type, extension = _detected(upload)
    document = Document(
        request=request,
        kind=kind,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
        message=message,
    )
    document.file.save(f"{request.pk}-{kind}.{extension}", upload, save=True)
    activity_noted(actor=actor, request_id=request.pk)
    return document


def document_get_visible(*, user: User, request_id: int, document_id: int) -> Document:
    request = request_get_visible(user=user, request_id=request_id)
    document = (
        request.documents.filter(pk=document_id).first() if str(document_id).isdigit() else None
    )
    if document is None:
        raise NotFound("Document introuvable.")
    return document
