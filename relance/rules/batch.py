"""`relance evaluate`: one JSON request → one JSON decision; --batch: JSON Lines in and out;
--compare: both aid regimes' decisions and the recommended one instead.

Pure Python, no Django and no database: only the parameter files and the reference data files
are read. The command line calls `run` directly, sparing the framework's start-up; the
`evaluate` management command calls the same function.
"""

import argparse
import gc
import json
import sys
from collections.abc import Callable
from typing import IO, Any

from relance.common.input_limits import TOO_DEEP, TooDeep
from relance.rules.comparison import compare
from relance.rules.contract import evaluate_json, loads
from relance.rules.reforms import ReformError, RuleSet
from relance.rules.reforms import load as load_reform

INVALID_JSON = {
    "errors": [
        {"field": None, "code": "invalid_json", "message": "Ligne illisible : JSON invalide."}
    ]
}
DESCRIPTION = "Évalue une demande (JSON) selon les règles en vigueur ; --batch : JSON Lines en entrée et en sortie."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default="-", help="fichier JSON, ou - pour l'entrée standard (défaut)"
    )
    parser.add_argument("--batch", action="store_true", help="une demande par ligne (JSON Lines)")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="demande sans aid_regime : décision sous chacun des deux régimes et régime recommandé",
    )
    parser.add_argument(
        "--reform",
        metavar="FICHIER",
        help="réforme (TOML) appliquée aux fichiers de paramètres en vigueur",
    )


def run(
    path: str,
    *,
    batch: bool,
    reform: str | None = None,
    compared: bool = False,
    stdout: IO[str] = sys.stdout,
    stderr: IO[str] = sys.stderr,
) -> int:
    """Evaluate and write the answers; return the exit status (2 if any input was invalid)."""
    try:
        rules = RuleSet.of(load_reform(reform)) if reform else None
    except ReformError as error:
        print(error, file=stderr)
        return 2
    try:
        source = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        print(f"Impossible de lire {path} : {error.strerror}.", file=stderr)
        return 2
    decide = _decider(compare if compared else evaluate_json, rules)
    with source:
        try:
            invalid = (
                _batch(source, stdout, stderr, decide) if batch else _single(source, stdout, decide)
            )
        except UnicodeDecodeError as error:
            print(f"{path} n'est pas un texte UTF-8 (octet {error.start + 1}).", file=stderr)
            return 2
    stdout.flush()
    return 2 if invalid else 0


Decide = Callable[[str], dict]


def _decider(decide: Callable[[Any, RuleSet | None], dict], rules: RuleSet | None) -> Decide:
    """One line of text → one answer, by `decide` (a decision or a comparison) under `rules`."""

    def answer(text: str) -> dict:
        try:
            data = loads(text)
        except TooDeep:
            return {"errors": [TOO_DEEP.as_dict()]}
        except ValueError:
            return INVALID_JSON
        return decide(data, rules)

    return answer


def _single(source: IO[str], stdout: IO[str], decide: Decide) -> bool:
    answer = decide(source.read())
    stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    return "errors" in answer


def _batch(source: IO[str], stdout: IO[str], stderr: IO[str], decide: Decide) -> int:
    # Each line's objects die by reference counting; the cyclic collector would only rescan the
    # long-lived modules and parameters, so move those out of its way.
    gc.freeze()
    invalid, write, encode = 0, stdout.write, json.JSONEncoder(ensure_ascii=False).encode
    for count, line in enumerate(source, start=1):
        answer = decide(line)
        invalid += "errors" in answer
        write(encode(answer) + "\n")
        if count % 10_000 == 0:
            print(f"{count} demandes évaluées…", file=stderr)
    if invalid:
        print(f"{invalid} ligne(s) invalide(s).", file=stderr)
    return invalid


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="relance evaluate", description=DESCRIPTION)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args.path, batch=args.batch, reform=args.reform, compared=args.compare)
