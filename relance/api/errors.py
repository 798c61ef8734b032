"""One error shape for the whole API: {"errors": [{"field", "code", "message"}]}."""

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from relance.common.errors import FieldError, ServiceError

PYDANTIC_MESSAGES = {
    "missing": "Ce champ est obligatoire.",
    "extra_forbidden": "Ce champ n'est pas attendu.",
    "string_type": "Une chaîne de caractères est attendue.",
    "int_type": "Un nombre entier est attendu.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_from_float": "Un nombre entier est attendu.",
    "bool_type": "Un booléen (true/false) est attendu.",
    "bool_parsing": "Un booléen (true/false) est attendu.",
    "decimal_parsing": "Un montant décimal est attendu (par ex. « 1200.50 »).",
    "decimal_type": "Un montant décimal est attendu (par ex. « 1200.50 »).",
    "date_from_datetime_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "date_parsing": "Une date au format AAAA-MM-JJ est attendue.",
    "date_type": "Une date au format AAAA-MM-JJ est attendue.",
    "list_type": "Une liste est attendue.",
    "dict_type": "Un objet JSON est attendu.",
    "model_type": "Un objet JSON est attendu.",
    "model_attributes_type": "Un objet JSON est attendu.",
    "literal_error": "Valeur non autorisée.",
    "enum": "Valeur non autorisée.",
    "json_invalid": "Le corps de la requête n'est pas un JSON valide.",
}


class ErrorItem(Schema):
    field: str | None
    code: str
    message: str


class ErrorsOut(Schema):
    errors: list[ErrorItem]


def errors_response(status: int, errors: list[FieldError]) -> JsonResponse:
    return JsonResponse({"errors": [error.as_dict() for error in errors]}, status=status)


def _field_of(location: tuple | list) -> str | None:
    parts = [str(part) for part in location if part not in ("body", "payload", "query", "path")]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or None


def pydantic_errors(raw_errors: list[dict]) -> list[FieldError]:
    errors = []
    for item in raw_errors:
        kind = item.get("type", "invalid")
        message = PYDANTIC_MESSAGES.get(kind, f"Valeur invalide ({item.get('msg', kind)}).")
        if kind == "literal_error" and "expected" in item.get("ctx", {}):
            message = f"Valeur non autorisée ; valeurs possibles : {item['ctx']['expected']}."
        errors.append(FieldError(_field_of(item.get("loc", ())), kind, message))
    return errors


def install_handlers(api) -> None:
    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, error: ServiceError):
        return errors_response(error.status, error.errors)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError):
        return errors_response(422, pydantic_errors(error.errors))

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
