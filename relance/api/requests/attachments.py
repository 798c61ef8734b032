"""A request's documents (upload, download) and advisers' internal notes."""

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Status
from ninja.files import UploadedFile

from relance.accounts.models import User
from relance.api.auth import guard
from relance.api.requests.endpoints import router
from relance.api.requests.schemas import DocumentOut, NoteIn, NoteOut
from relance.api.schemas import ERRORS
from relance.funding import documents, services


def _may_upload(request: HttpRequest, user: User, id: str) -> None:
    documents.document_upload_check(actor=user, request_id=id)


@router.post("/requests/{id}/documents", response={201: DocumentOut, **ERRORS})
@guard(_may_upload)
def document_create(
    request: HttpRequest,
    id: str,
    kind: Form[str],
    file: File[UploadedFile],
    message: Form[int | None] = None,
):
    """Dépose un justificatif (PDF, PNG ou JPEG, vérifié sur son contenu ; 10 Mo au plus) ;
    avec `message`, joint à l'un de vos messages sur la demande."""
    document = documents.document_upload(
        actor=request.auth, request_id=id, kind=kind, upload=file, message_id=message
    )
    return Status(201, document)


def _may_download(request: HttpRequest, user: User, id: str, document_id: str) -> None:
    documents.document_get_visible(user=user, request_id=id, document_id=document_id)


@router.get("/requests/{id}/documents/{document_id}", response={200: None, **ERRORS})
@guard(_may_download)
def document_download(request: HttpRequest, id: str, document_id: str):
    """Télécharge un document de la demande (dont la lettre de décision)."""
    document = documents.document_get_visible(
        user=request.auth, request_id=id, document_id=document_id
    )
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def _may_note(request: HttpRequest, user: User, id: str) -> None:
    services.note_add_check(actor=user, request_id=id)


@router.post("/requests/{id}/notes", response={201: NoteOut, **ERRORS})
@guard(_may_note)
def note_create(request: HttpRequest, id: str, payload: NoteIn):
    """Ajoute une note interne (jamais montrée à l'entreprise)."""
    return Status(201, services.note_add(actor=request.auth, request_id=id, text=payload.text))
