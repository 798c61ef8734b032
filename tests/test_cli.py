import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from relance.accounts.models import User
from relance.cli import SUBCOMMANDS

RELANCE = str(Path(sys.executable).parent / "relance")


def test_help_lists_every_subcommand_with_a_description():
    result = subprocess.run([RELANCE, "--help"], capture_output=True, text=True, check=True)
    for name, (_, description) in SUBCOMMANDS.items():
        assert f"{name}  " in result.stdout and description in result.stdout


def test_an_unknown_subcommand_exits_2_with_a_french_message():
    result = subprocess.run([RELANCE, "nope"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "sous-commande inconnue" in result.stderr


def test_createuser_with_token_prints_the_token_last_and_it_authenticates(
    client, reference, capsys
):
    call_command(
        "createuser", "--role", "adviser", "--delegation", "ARA", "--username", "c1", "--token"
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].startswith("Mot de passe : ")
    assert User.objects.get(username="c1").check_password(lines[1].removeprefix("Mot de passe : "))
    response = client.get("/api/v1/delegations", HTTP_AUTHORIZATION=f"Bearer {lines[-1]}")
    assert response.status_code == 200 and len(response.json()) == 13


def test_createuser_refuses_an_adviser_without_delegation(reference):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="délégation"):
        call_command("createuser", "--role", "adviser")
