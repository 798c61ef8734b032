"""One error shape for the whole API: {"errors": [{"field", "code", "message"}]}."""

from django.http import Http404, HttpRequest, JsonResponse
from django.views import defaults
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from relance.common.errors import FieldError, ServiceError
from relance.common.shapes import field_errors


class ErrorItem(Schema):
    field: str | None
    code: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorItem]


def errors_response(status: int, errors: list[FieldError]) -> JsonResponse:
    return JsonResponse({"errors": [error.as_dict() for error in errors]}, status=status)


def install_handlers(api) -> None:
    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, error: ServiceError):
        return errors_response(error.status, error.errors)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError):
        return errors_response(422, field_errors(error.errors))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, error: AuthenticationError):
        return errors_response(401, [UNAUTHORIZED])

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError):
        if error.status_code == 400:  # django-ninja's "Cannot parse request body"
            return errors_response(
                422,
                [
                    FieldError(
                        None, "invalid_json", "Le corps de la requête n'est pas un JSON valide."
                    )
                ],
            )
        return errors_response(error.status_code, [FieldError(None, "http_error", str(error))])

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404):
        return errors_response(404, [FieldError(None, "not_found", "Ressource introuvable.")])


UNAUTHORIZED = FieldError(
    None,
    "unauthorized",
    "Authentification requise : en-tête « Authorization: Bearer <jeton> » absent ou invalide.",
)


# Django's own error pages, answered in the API's shape under /api/ (an unknown route, a body
# Django cannot parse, an unexpected error): a client of the API never receives HTML.


def _under_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception):
    if _under_api(request):
        message = "Requête invalide : corps ou en-têtes illisibles."
        return errors_response(400, [FieldError(None, "bad_request", message)])
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception):
    if _under_api(request):
        return errors_response(403, [FieldError(None, "forbidden", "Accès refusé.")])
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception):
    if _under_api(request):
        return errors_response(404, [FieldError(None, "not_found", "Ressource introuvable.")])
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest):
    if _under_api(request):
        message = "Erreur interne : elle est journalisée, réessayez plus tard."
        return errors_response(500, [FieldError(None, "server_error", message)])
    return defaults.server_error(request)
