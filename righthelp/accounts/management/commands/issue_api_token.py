"""Issue or revoke an organisation's API token from the command line.

    python manage.py issue_api_token "Westfield Primary" --name "School MIS"
    python manage.py issue_api_token --revoke rh_AbCdEfG

The token is printed once and never stored (only its hash is); both actions are recorded as
events with no actor (the command line), like the administrators' token pages record theirs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from righthelp.accounts.models import ApiToken, Organisation
from righthelp.accounts.services import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = (
        "Issue an API token for an organisation's system (printed once), or revoke one by its "
        "prefix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "organisation", nargs="?", help="The organisation's name, exactly as in RightHelp"
        )
        parser.add_argument("--name", default="", help="Which system will use the token")
        parser.add_argument(
            "--revoke", metavar="PREFIX", default="", help="Revoke the token with this prefix"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            self._revoke(options["revoke"].strip().rstrip("…."), options["organisation"])
            return
        if not options["organisation"]:
            raise CommandError('Name the organisation: issue_api_token "Organisation" --name …')
        organisation = self._organisation(options["organisation"])
        try:
            token, raw = api_token_issue(
                actor=None, organisation=organisation, name=options["name"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Issued a token for {organisation.name} ({token.name}).")
        self.stdout.write("Copy it now: it is shown only once and cannot be recovered.")
        self.stdout.write("")
        self.stdout.write(raw)
        self.stdout.write("")
        self.stdout.write(f"To revoke it: python manage.py issue_api_token --revoke {token.prefix}")

    def _organisation(self, name: str) -> Organisation:
        organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
        if organisation is None:
            similar = list(
                Organisation.objects.filter(name__icontains=name.strip()[:20]).values_list(
                    "name", flat=True
                )[:5]
            )
            hint = f" Did you mean: {', '.join(similar)}?" if similar else ""
            raise CommandError(f"No organisation is called {name!r}.{hint}")
        return organisation

    def _revoke(self, prefix: str, organisation_name: str | None) -> None:
        tokens = ApiToken.objects.select_related("organisation").filter(prefix=prefix)
        if organisation_name:
            tokens = tokens.filter(organisation=self._organisation(organisation_name))
        found = list(tokens[:2])
        if not found:
            raise CommandError(f"No token has the prefix {prefix!r}")
        if len(found) > 1:
            raise CommandError(
                f"More than one token has the prefix {prefix!r}: name the organisation too"
            )
        token = found[0]
        if token.revoked_at is not None:
            self.stdout.write(
                f"Token {token.prefix}… of {token.organisation.name} was already revoked."
            )
            return
        api_token_revoke(actor=None, token=token)
        self.stdout.write(
            f"Revoked token {token.prefix}… of {token.organisation.name} ({token.name})."
        )
