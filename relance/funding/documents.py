"""Documents attached to a request: checked by content, size-limited, stored outside the web root
and served only to those allowed to see the request."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from relance.accounts.models import User
from relance.common.errors import FieldError, Forbidden, InvalidInput, NotFound
from relance.funding import perms
from relance.funding.assignment import activity_noted
from relance.funding.models import Document, DocumentKind
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


def document_upload(*, actor: User, request_id: int, kind: str, upload: UploadedFile) -> Document:
    request = document_upload_check(actor=actor, request_id=request_id)
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
    head = upload.read(16)
    upload.seek(0)
    detected = sniff(head)
    if detected is None:
        errors.append(
            FieldError(
                "file",
                "unsupported_type",
                "Seuls les fichiers PDF, PNG et JPEG sont acceptés (type vérifié sur le contenu).",
            )
        )
    if errors:
        raise InvalidInput(errors)
    content_type, extension = detected
    document = Document(
        request=request,
        kind=kind,
        original_name=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
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
