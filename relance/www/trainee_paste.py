"""Trainees pasted from a spreadsheet: one line each, a header row recognised and skipped, every
problem named by its line and column."""

import datetime as dt
import re

from relance.common.errors import ErrorCollector
from relance.funding.data import TraineeData, validate_parts

CONTRACT_WORDS = {
    "cdi": "permanent",
    "permanent": "permanent",
    "cdd": "fixed_term",
    "fixed_term": "fixed_term",
    "apprentissage": "apprenticeship",
    "apprenti": "apprenticeship",
    "apprenticeship": "apprenticeship",
    "professionnalisation": "professionalisation",
    "pro": "professionalisation",
    "professionalisation": "professionalisation",
}
COLUMNS = {
    "employee_ref": (1, "référence"),
    "contract": (2, "contrat"),
    "contract_end": (3, "fin de contrat"),
    "leaving_under_pse_or_rcc": (4, "sortant PSE/RCC"),
    "disadvantaged": (5, "travailleur handicapé ou défavorisé"),
}
YES = frozenset({"oui", "o", "yes", "1", "x"})
# Words of a spreadsheet's header row (« Matricule ; Type de contrat ; Fin du contrat… »).
HEADER_WORDS = re.compile(r"contrat|r[ée]f[ée]rence|matricule|salari[ée]|stagiaire", re.IGNORECASE)


class LineError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _cells(line: str) -> list[str]:
    return ([c.strip() for c in re.split(r"[;\t]", line)] + [""] * 5)[:5]


def is_header(line: str) -> bool:
    """A header row names its columns: its contract cell is no contract, its words are headers'."""
    contract_word = _cells(line)[1].lower()
    return contract_word not in CONTRACT_WORDS and bool(HEADER_WORDS.search(line))


def parse_trainee_line(line: str) -> dict:
    ref, contract_word, end_text, leaving_text, disadvantaged_text = _cells(line)
    contract = CONTRACT_WORDS.get(contract_word.lower())
    if contract is None:
        raise LineError(
            "contract",
            f"contrat « {contract_word} » inconnu (CDI, CDD, apprentissage ou professionnalisation).",
        )
    end = None
    if end_text:
        try:
            end = dt.datetime.strptime(end_text, "%d/%m/%Y").date()
        except ValueError:
            raise LineError(
                "contract_end", f"date de fin « {end_text} » illisible (jj/mm/aaaa)."
            ) from None
    return {
        "employee_ref": ref,
        "contract": contract,
        "contract_end": end.isoformat() if end else None,
        "leaving_under_pse_or_rcc": leaving_text.lower() in YES,
        # « Travailleur handicapé ou défavorisé » (GBER art. 31(4)): a boolean only.
        "disadvantaged": disadvantaged_text.lower() in YES,
    }


def where(number: int, field: str) -> str:
    column, name = COLUMNS.get(field, (None, None))
    return f"Ligne {number}, colonne {column} ({name})" if column else f"Ligne {number}"


def parse_trainees(text: str) -> tuple[list[dict], list[str]]:
    """The trainees read from the pasted text, and every problem (« Ligne 3, colonne 2 … »),
    the request's own checks (social-security-shaped references, duplicates…) included."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if numbered and is_header(numbered[0][1]):
        numbered = numbered[1:]
    trainees, numbers, problems = [], [], []
    for number, line in numbered:
        try:
            trainees.append(parse_trainee_line(line))
            numbers.append(number)
        except LineError as error:
            problems.append(f"{where(number, error.field)} : {error}")
    errors = ErrorCollector()
    validate_parts([], [trainee_data(t) for t in trainees], errors)
    for problem in errors.errors:
        match = re.match(r"trainees\[(\d+)\]\.(\w+)", problem.field or "")
        if match:
            problems.append(f"{where(numbers[int(match[1])], match[2])} : {problem.message}")
    return trainees, problems


def trainee_data(trainee: dict) -> TraineeData:
    end = trainee["contract_end"]
    return TraineeData(**{**trainee, "contract_end": dt.date.fromisoformat(end) if end else None})
