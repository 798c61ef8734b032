"""SIREN and SIRET checks (python-stdnum), with French messages naming the field."""

from stdnum import exceptions
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from relance.common.errors import FieldError

_KINDS = {
    "siren": (stdnum_siren, "SIREN", 9),
    "siret": (stdnum_siret, "SIRET", 14),
}


def identifier_error(kind: str, value: str, field: str) -> FieldError | None:
    """Return why `value` is not a valid SIREN/SIRET, or None when it is valid."""
    module, label, length = _KINDS[kind]
    compact = module.compact(value or "")
    try:
        module.validate(compact)
    except exceptions.InvalidChecksum:
        return FieldError(
            field,
            f"invalid_{kind}_checksum",
            f"Le {label} {compact} est invalide : la clé de contrôle ne correspond pas.",
        )
    except (exceptions.InvalidLength, exceptions.InvalidFormat):
        return FieldError(
            field,
            f"invalid_{kind}_format",
            f"Le {label} doit comporter exactement {length} chiffres (reçu : « {value} »).",
        )
    return None


def compact_identifier(value: str) -> str:
    return stdnum_siret.compact(value or "")
