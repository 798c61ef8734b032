"""The `relance` command line: each sub-command is a Django management command."""

import os
import sys

SUBCOMMANDS = {
    "serve": (
        "serve",
        "Lance l'application web : gunicorn en production, sinon le serveur de développement et un worker.",
    ),
    "load-reference": (
        "load_reference",
        "Charge ou restaure les données de référence (idempotent).",
    ),
    "createuser": (
        "createuser",
        "Crée un utilisateur avec son rôle ; --token émet un jeton d'API.",
    ),
    "evaluate": (
        "evaluate",
        "Évalue une demande (JSON) selon les règles en vigueur ; --batch pour JSON Lines ; --compare pour les deux régimes d'aide.",
    ),
    "export-inputs": (
        "export_inputs",
        "Écrit l'entrée des règles de chaque demande décidée d'une année (JSON Lines).",
    ),
    "simulate": (
        "simulate",
        "Rejuge une année sous une réforme (json, md, xlsx) ; n'écrit rien dans l'enveloppe.",
    ),
    "demo": (
        "demo",
        "Remplit une année de démonstration (2021 calibrée sur le bilan publié, ou 2022).",
    ),
    "report": (
        "report",
        "Produit le bilan annuel (json, md, html, csv, xlsx, pdf) ou en publie une édition.",
    ),
    "import": (
        "import",
        "Importe des entreprises (CSV/XLSX) ou des demandes (XLSX/JSON Lines) ; à blanc sans --apply.",
    ),
    "purge": (
        "purge",
        "Pseudonymise les stagiaires des demandes soldées avant une année ; à blanc sans --apply.",
    ),
    "backup": ("backup", "Sauvegarde la base (pg_dump ou copie SQLite)."),
    "restore": ("restore", "Restaure une sauvegarde ; à blanc sans --apply."),
    "worker": (
        "worker",
        "Exécute les tâches de fond (e-mails, lettres, imports) ; --queue pour une seule file.",
    ),
    "remind": (
        "remind",
        "Relance les demandes d'informations restées sans réponse 15 jours (quotidien).",
    ),
}


def usage() -> str:
    width = max(len(name) for name in SUBCOMMANDS)
    lines = ["Usage : relance <sous-commande> [options]", "", "Sous-commandes :"]
    lines += [f"  {name.ljust(width)}  {help_text}" for name, (_, help_text) in SUBCOMMANDS.items()]
    lines += ["", "« relance <sous-commande> --help » détaille les options de chacune."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        sys.exit(0)
    if args[0] not in SUBCOMMANDS:
        print(f"relance : sous-commande inconnue « {args[0]} ».\n\n{usage()}", file=sys.stderr)
        sys.exit(2)
    if args[0] == "evaluate":
        # Pure rules, no database: skip the framework's start-up (a third of a second).
        from relance.rules import batch

        sys.exit(batch.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relance.config.settings")
    from django.core.management import execute_from_command_line

    command, _ = SUBCOMMANDS[args[0]]
    try:
        execute_from_command_line([f"relance {args[0]}", command, *args[1:]])
    except Exception as error:  # an operator gets a sentence, not a traceback
        if "--traceback" in args:
            raise
        print(unexpected(args[0], error), file=sys.stderr)
        sys.exit(2)


def unexpected(name: str, error: Exception) -> str:
    detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return (
        f"relance {name} : échec ({type(error).__name__}{' : ' + detail if detail else ''}). "
        f"« relance {name} … --traceback » affiche le détail."
    )


if __name__ == "__main__":
    main()
