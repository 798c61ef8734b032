from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relance.clock import today
from relance.reports.document import bilan_build
from relance.reports.exports import BINARY_FORMATS, TEXT_FORMATS, render
from relance.reports.publishing import edition_publish


class Command(BaseCommand):
    help = "Produit le bilan annuel (json, md, html, csv, xlsx, pdf) ou en publie une édition figée (--publish)."
    # A read-only report: skip the system checks, which would import every view and API schema.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--year", type=int, help="année de l'enveloppe (toutes pour --verify et --rebuild)"
        )
        parser.add_argument(
            "--format", choices=sorted(TEXT_FORMATS | BINARY_FORMATS), default="json"
        )
        parser.add_argument("--output", help="fichier de sortie (obligatoire pour xlsx et pdf)")
        parser.add_argument(
            "--public", action="store_true", help="version publique (secret statistique)"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publier une édition figée du bilan"
        )
        parser.add_argument(
            "--verify",
            action="store_true",
            help="recalculer depuis le grand livre et comparer aux chiffres tenus (échec sur tout écart)",
        )
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="reconstruire les chiffres tenus depuis le grand livre",
        )
        parser.add_argument(
            "--charts",
            metavar="DOSSIER",
            help="écrire aussi les graphiques (PNG et SVG) dans ce dossier",
        )

    def handle(self, *args, **options) -> None:
        if options["verify"] or options["rebuild"]:
            self._kept(options["year"], rebuild=options["rebuild"])
            return
        if options["year"] is None:
            raise CommandError("Précisez l'année avec --year ANNÉE.", returncode=2)
        if options["publish"]:
            edition = edition_publish(year=options["year"], as_of=today())
            self.stdout.write(
                f"Bilan {edition.year} publié : édition n° {edition.number}, empreinte {edition.content_hash}."
            )
            return
        fmt, output = options["format"], options["output"]
        if fmt in BINARY_FORMATS and not output:
            raise CommandError(
                f"Le format {fmt} est binaire : précisez un fichier avec --output FICHIER.",
                returncode=2,
            )
        bilan = bilan_build(
            year=options["year"],
            as_of=today(),
            public=options["public"],
            with_charts=fmt in {"html", "pdf"},
        )
        if options["charts"]:
            self._write_charts(bilan.figures, Path(options["charts"]))
        content = render(bilan, fmt)
        if output:
            with open(output, "wb") as handle:
                handle.write(content)
            self.stderr.write(f"Bilan écrit dans {output}.")
        else:
            self.stdout.write(content.decode(), ending="")

    def _kept(self, year: int | None, *, rebuild: bool) -> None:
        from django.db import transaction

        from relance.reports.kept import rebuild as kept_rebuild
        from relance.reports.kept_counts import rebuild_counts
        from relance.reports.verify import envelopes_for, kept_differences

        envelopes = envelopes_for(year)
        if rebuild:
            for envelope in envelopes:
                with transaction.atomic():
                    kept_rebuild(envelope)
                self.stdout.write(f"Chiffres tenus reconstruits : {envelope}.")
            with transaction.atomic():
                rebuild_counts()
            return
        differences = [line for envelope in envelopes for line in kept_differences(envelope)]
        if differences:
            self.stderr.write("\n".join(differences))
            raise CommandError(
                f"{len(differences)} écart(s) entre les chiffres tenus et le grand livre."
            )
        names = ", ".join(str(e) for e in envelopes) or "aucune enveloppe"
        self.stdout.write(f"Chiffres tenus conformes au grand livre : {names}.")

    def _write_charts(self, figures: dict, folder: Path) -> None:
        from relance.reports.charts import render_all

        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("png", "svg"):
            for name, content in render_all(figures, fmt).items():
                (folder / f"{name}.{fmt}").write_bytes(content)
        self.stderr.write(f"Graphiques écrits dans {folder}.")
