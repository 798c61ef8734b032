from django.core.management.base import BaseCommand, CommandError

from relance.accounts.models import Role
from relance.accounts.services import token_create, user_create
from relance.common.errors import InvalidInput


class Command(BaseCommand):
    help = "Crée un utilisateur avec son rôle ; avec --token, le jeton d'API est la dernière ligne affichée."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--delegation", help="code de la délégation (conseiller)")
        parser.add_argument("--siren", help="SIREN de l'entreprise (utilisateur entreprise)")
        parser.add_argument("--username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="mot de passe ; généré et affiché s'il est absent")
        parser.add_argument("--token", action="store_true", help="émettre un jeton d'API")

    def handle(self, *args, **options) -> None:
        try:
            user, generated = user_create(
                role=options["role"],
                username=options["username"],
                email=options["email"],
                password=options["password"],
                delegation_code=options["delegation"],
                siren=options["siren"],
            )
        except InvalidInput as error:
            raise CommandError("\n".join(e.message for e in error.errors)) from error
        self.stdout.write(
            f"Utilisateur « {user.username} » créé (rôle : {user.get_role_display()})."
        )
        if generated:
            self.stdout.write(f"Mot de passe : {generated}")
        if options["token"]:
            self.stdout.write(token_create(user=user))
