"""Bounds on what any input may hold, checked before it reaches a service or the database.

Pure Python (the rules' command line uses it too): control characters (PostgreSQL refuses NUL
in text; spreadsheets refuse the others), the nesting depth of JSON and the length of file
names. Tab, line feed and carriage return stay allowed in free text.
"""

import json
import os
import re
from typing import Any

from relance.common.errors import FieldError

MAX_JSON_DEPTH = 64
MAX_JSON_BODY_BYTES = 4 * 1024 * 1024  # a 20 000-trainee request is about 2.3 MB
MAX_FILE_NAME = 100
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")  # one-line values: paths, parameters


def control_error(field: str | None, text: str, *, one_line: bool = False) -> FieldError | None:
    found = (CONTROL_OR_NEWLINE if one_line else CONTROL).search(text)
    if found is None:
        return None
    return FieldError(
        field,
        "control_character",
        f"Caractère de contrôle interdit (U+{ord(found.group()):04X}) : retirez-le.",
    )


def strip_control(text: str, *, one_line: bool = False) -> str:
    return (CONTROL_OR_NEWLINE if one_line else CONTROL).sub("", text)


TOO_DEEP = FieldError(None, "too_deep", f"JSON trop imbriqué : {MAX_JSON_DEPTH} niveaux au plus.")


def json_error(value: Any) -> FieldError | None:
    """The first problem of a parsed JSON document: nested deeper than MAX_JSON_DEPTH, or a
    control character in a key or a text, named by its path (`trainees[3].employee_ref`)."""
    stack = [(value, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if isinstance(node, str):
            if error := control_error(path or None, node):
                return error
            continue
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            return TOO_DEEP
        if isinstance(node, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node))
            continue
        for key, item in node.items():
            child = f"{path}.{key}" if path else key
            if error := control_error(child, key, one_line=True):
                return error
            stack.append((item, child, depth + 1))
    return None


def loads_bounded(text: str | bytes, **kwargs) -> Any:
    """`json.loads`, with nesting beyond the interpreter's recursion limit reported as
    `TooDeep` rather than RecursionError."""
    try:
        return json.loads(text, **kwargs)
    except RecursionError:
        raise TooDeep from None


class TooDeep(ValueError):
    pass


def short_file_name(name: str) -> str:
    """A file name as stored and shown: control characters removed, the extension (up to 10
    characters) kept, at most MAX_FILE_NAME characters."""
    name = strip_control(os.path.basename(name.replace("\\", "/")), one_line=True).strip()
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:
        stem, extension = name, ""
    return (stem[: MAX_FILE_NAME - len(extension)] + extension) or "fichier"
