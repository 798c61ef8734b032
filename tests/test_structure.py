"""The code's structure, checked like its behaviour (STYLE.md: small pieces, permissions only in
perms modules, pure rules). Each failure says what to change and where it belongs."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "relance"
PURE_ENV = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 50
ROLE_HOME = (
    "Ask a named permission function instead (`can_view_queue(user)`, "
    "`can_take(user, action, request)`, …): add it to the perms module of the app it belongs "
    "to (relance/<app>/perms.py); which role takes which workflow action belongs to the table "
    "in relance/funding/workflow.py; templates ask `can.<name>` (relance/www/context.py)."
)


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def relative(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def may_read_roles(path: Path) -> bool:
    """Perms modules, the workflow table and the accounts app, where roles are defined."""
    name = relative(path)
    return (
        path.name == "perms.py"
        or name == "relance/funding/workflow.py"
        or name.startswith("relance/accounts/")
    )


QUERY_METHODS = {"filter", "exclude", "get", "get_or_create", "update_or_create"}


def _mentions_role_member(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "Role"
        for n in ast.walk(node)
    )


# The role values of relance/accounts/models.py, written out so the finder stays plain Python
# (the last test below keeps the two lists equal).
ROLE_VALUES = frozenset({"company", "adviser", "manager", "finance", "auditor", "admin"})


def _mentions_role_name(node: ast.AST) -> bool:
    """A name or attribute spelled with `role` (`author_role`, `roles`, `user_role`)."""
    return any(
        "role" in (n.id if isinstance(n, ast.Name) else n.attr).lower()
        for n in ast.walk(node)
        if isinstance(n, ast.Name | ast.Attribute)
    )


def _compares_role_string(node: ast.Compare) -> bool:
    """`author_role == "company"`, `side_role in ("adviser", "manager")`: a role string compared
    with something named after a role (`payee == "company"` is not a role check)."""
    strings = {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    reads_role = any(isinstance(n, ast.Attribute) and n.attr == "role" for n in ast.walk(node))
    return bool(strings & ROLE_VALUES) and _mentions_role_name(node) and not reads_role


def role_checks(tree: ast.AST) -> list[tuple[int, str]]:
    """Reads of `x.role`, comparisons with `Role.…` or a role string, and queries filtering on
    `role`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "role":
            found.append((node.lineno, "reads `.role`"))
        elif isinstance(node, ast.Compare) and _mentions_role_member(node):
            found.append((node.lineno, "compares with `Role.…`"))
        elif isinstance(node, ast.Compare) and _compares_role_string(node):
            found.append((node.lineno, "compares a role with a role string"))
        elif isinstance(node, ast.Call) and _is_query(node.func):
            found += [
                (k.value.lineno, f"queries by `{k.arg}=`")
                for k in node.keywords
                if (k.arg or "").split("__")[0] == "role"
            ]
    return found


def _is_query(func: ast.AST) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "Q"
    return isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS


def test_no_role_is_compared_outside_perms_modules_the_workflow_table_and_accounts():
    problems = [
        f"{relative(path)}:{line} {what}"
        for path in sources()
        if not may_read_roles(path)
        for line, what in role_checks(ast.parse(path.read_text()))
    ]
    assert not problems, "Role checks outside the perms modules:\n  " + "\n  ".join(
        [*problems, ROLE_HOME]
    )


TEMPLATE_ROLE = re.compile(r"\.role\b")


def test_templates_ask_permissions_not_roles():
    templates = [p for p in PACKAGE.rglob("templates/**/*") if p.is_file()]
    problems = [
        f"{relative(path)}:{number} {line.strip()[:80]}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_ROLE.search(line)
    ]
    assert not problems, "Templates reading a role:\n  " + "\n  ".join([*problems, ROLE_HOME])


def test_the_rules_engine_imports_no_django():
    """Every module of relance/rules/, imported in a fresh interpreter, loads no Django."""
    modules = sorted(
        ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)
        for p in (PACKAGE / "rules").rglob("*.py")
    )
    script = (
        f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'django', 'ninja', 'pydantic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=PURE_ENV
    )
    assert result.stdout.strip() == "[]", (
        f"relance/rules/ loads {result.stdout.strip()}: the rules are pure Python (plain values "
        "in, decisions out). Move what needs Django to relance/funding/ (rules_input.py builds the "
        "engine's input from the models)."
    )


def test_no_source_file_is_over_400_lines():
    long_files = [
        f"{relative(path)}: {count} lines"
        for path in sources()
        if (count := len(path.read_text().splitlines())) > MAX_FILE_LINES
    ]
    assert not long_files, (
        f"Split these modules (at most {MAX_FILE_LINES} lines; migrations aside), by concept, "
        "as api/requests/ is split into schemas, endpoints and attachments:\n  "
        + "\n  ".join(long_files)
    )


def function_lengths(path: Path) -> list[tuple[str, int, int]]:
    tree = ast.parse(path.read_text())
    return [
        (node.name, node.lineno, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_function_is_over_50_lines():
    long_functions = [
        f"{relative(path)}:{line} {name}() has {length} lines"
        for path in sources()
        for name, line, length in function_lengths(path)
        if length > MAX_FUNCTION_LINES
    ]
    assert not long_functions, (
        f"Split these functions (at most {MAX_FUNCTION_LINES} lines) into named steps:\n  "
        + "\n  ".join(long_functions)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("if user.role == 'adviser': pass", [(1, "reads `.role`")]),
        ("ok = kind in {Role.ADMIN}", [(1, "compares with `Role.…`")]),
        ("User.objects.filter(role__in=['a'])", [(1, "queries by `role__in=`")]),
        ("Q(role='adviser')", [(1, "queries by `role=`")]),
        ("if author_role == 'company': pass", [(1, "compares a role with a role string")]),
        (
            "ok = side_role in ('adviser', 'manager')",
            [(1, "compares a role with a role string")],
        ),
        ("if payee == 'company': pass", []),
        ("user_create(role=Role.ADVISER)", []),
        ("if perms.can_view_queue(user): pass", []),
    ],
)
def test_the_role_check_finder_sees_what_it_should(source, expected):
    assert role_checks(ast.parse(source)) == expected


def test_the_role_values_the_finder_knows_are_the_roles_of_the_accounts_app():
    from relance.accounts.models import Role

    assert frozenset(Role.values) == ROLE_VALUES
