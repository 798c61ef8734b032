"""Hostile input stops at the door, before it can reach a view or the database.

Under /api/: a path, query parameter, form field or JSON text holding a control character, and
JSON nested deeper than 64 levels, are 422 naming the field; a JSON body over 4 MB is 413 — in
the API's error shape. On the pages, control characters are stripped from query parameters
and form fields (Django's forms refuse NUL anyway; the others would break the spreadsheet
exports), a path holding one is a 404, and cookies holding one are ignored.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict

from relance.common.errors import FieldError
from relance.common.input_limits import (
    CONTROL_OR_NEWLINE,
    MAX_JSON_BODY_BYTES,
    TOO_DEEP,
    TooDeep,
    control_error,
    json_error,
    loads_bounded,
    short_file_name,
    strip_control,
)

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
TOO_LARGE = FieldError(
    None,
    "body_too_large",
    f"Corps de requête trop volumineux : {MAX_JSON_BODY_BYTES // (1024 * 1024)} Mo au plus.",
)


def errors_response(status: int, error: FieldError) -> JsonResponse:
    return JsonResponse({"errors": [error.as_dict()]}, status=status)


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [n for n, v in request.COOKIES.items() if CONTROL_OR_NEWLINE.search(n + v)]:
            del request.COOKIES[name]
        if request.path_info.startswith("/api/"):
            refusal = api_refusal(request)
            if refusal is not None:
                return refusal
        else:
            clean_page_input(request)
        return self.get_response(request)


def api_refusal(request: HttpRequest) -> JsonResponse | None:
    if error := control_error("path", request.path_info, one_line=True):
        return errors_response(422, error)
    if error := _query_error(request.GET):
        return errors_response(422, error)
    if request.method not in ("POST", "PUT", "PATCH"):
        return None
    if request.content_type in FORM_TYPES:
        return _form_refusal(request)
    return _json_refusal(request)


def _query_error(query: QueryDict) -> FieldError | None:
    for key, values in query.lists():
        field = strip_control(key, one_line=True)
        for text in (key, *values):
            if error := control_error(field, text, one_line=text is key):
                return error
    return None


def _form_refusal(request: HttpRequest) -> JsonResponse | None:
    try:
        error = _query_error(request.POST)
    except RequestDataTooBig:
        return errors_response(413, TOO_LARGE)
    return errors_response(422, error) if error else None


def _json_refusal(request: HttpRequest) -> JsonResponse | None:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_JSON_BODY_BYTES:
        return errors_response(413, TOO_LARGE)
    try:
        body = request.body
    except RequestDataTooBig:
        return errors_response(413, TOO_LARGE)
    if len(body) > MAX_JSON_BODY_BYTES:
        return errors_response(413, TOO_LARGE)
    if not body.strip():
        return None
    try:
        data = loads_bounded(body)
    except TooDeep:
        return errors_response(422, TOO_DEEP)
    except ValueError:  # not JSON: the API's own parser answers « invalid_json »
        return None
    error = json_error(data)
    return errors_response(422, error) if error else None


def clean_page_input(request: HttpRequest) -> None:
    """Strip control characters where it is harmless: filters, searches and form fields."""
    if CONTROL_OR_NEWLINE.search(request.path_info):
        raise Http404("Adresse invalide.")
    if _query_error(request.GET):
        request.GET = _stripped(request.GET, one_line=True)
    if request.method == "POST" and request.content_type in FORM_TYPES:
        try:
            dirty = _query_error(request.POST) is not None
        except RequestDataTooBig:
            return  # Django answers it with its own 400 page
        if dirty:
            request.POST = _stripped(request.POST, one_line=False)


def _stripped(query: QueryDict, *, one_line: bool) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        clean.setlist(
            strip_control(key, one_line=True), [strip_control(v, one_line=one_line) for v in values]
        )
    clean._mutable = False
    return clean


class _ShortNames:
    """Upload handlers that shorten the client's file name before anything uses it (a
    temporary file's suffix, the stored document's original name)."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, short_file_name(file_name), *args, **kwargs)


class MemoryUploadHandler(_ShortNames, MemoryFileUploadHandler):
    pass


class TemporaryUploadHandler(_ShortNames, TemporaryFileUploadHandler):
    pass
