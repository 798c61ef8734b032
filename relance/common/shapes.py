"""Shapes declared once: the services' dataclasses are also the API's bodies and what imports
and forms build. pydantic validates raw data into them; its errors become French field errors.
"""

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from relance.common.errors import FieldError, InvalidInput

T = TypeVar("T")

# Read by pydantic when it validates data into a dataclass: an unknown field is an error.
STRICT = {"extra": "forbid"}

MESSAGES = {
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
# pydantic names some errors differently for dataclasses than for models: one public code each.
SAME_AS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
}
LOCATION_ROOTS = ("body", "payload", "query", "path")


def field_of(location: tuple | list) -> str | None:
    """("body", "payload", "trainees", 0, "contract") → "trainees[0].contract"."""
    parts = [str(part) for part in location if part not in LOCATION_ROOTS]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or None


def field_errors(raw_errors: list[dict]) -> list[FieldError]:
    errors = []
    for item in raw_errors:
        kind = SAME_AS.get(item.get("type", "invalid"), item.get("type", "invalid"))
        message = MESSAGES.get(kind, f"Valeur invalide ({item.get('msg', kind)}).")
        if kind == "literal_error" and "expected" in item.get("ctx", {}):
            message = f"Valeur non autorisée ; valeurs possibles : {item['ctx']['expected']}."
        errors.append(FieldError(field_of(item.get("loc", ())), kind, message))
    return errors


def parse(shape: type[T], raw: Any) -> T:
    """Validate raw data (a JSON object, a form's or a sheet's values) into a shape, or raise
    InvalidInput listing every problem in French."""
    try:
        return TypeAdapter(shape).validate_python(raw)
    except ValidationError as error:
        raise InvalidInput(field_errors(error.errors())) from None
